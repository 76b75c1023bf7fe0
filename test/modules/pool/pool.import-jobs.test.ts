import { describe, expect, test } from 'vitest'
import ExcelJS from 'exceljs'
import { eq } from 'drizzle-orm'
import { createTestApp, seedRegionTree, type TestApp } from '../../helpers/app.js'
import { auditLogTable, membersTable } from '../../../db/schema/index.js'
import { createPoolImportService, IMPORT_STALE_MS, type Defer } from '../../../server/modules/pool/pool.import.service.js'
import { aMemberBody, anIdNumber, createMember, expectProblem } from './pool.fixtures.js'

const HEADERS = ['姓名', '身份证号', '手机号', '常住区划', '可担任角色', '人员来源']
const NAMES = ['赵一', '钱二', '孙三', '李四', '周五']

/** Five valid rows (sheet rows 2–6) living in 渤海社区 (under 东城区). */
function rows () {
  return NAMES.map((name, i) => [name, anIdNumber({ seq: 301 + 2 * i }), `1380000010${i}`, '渤海社区', '听证员', '人大代表'])
}

async function xlsx (data: (string | number)[][]) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('听证员名单')
  ws.addRow(HEADERS)
  for (const row of data) ws.addRow(row)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

function multipart (fileName: string, content: Buffer) {
  const boundary = '----tingzheng-job-boundary'
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

function postAsync (t: TestApp, headers: Record<string, string>, content: Buffer) {
  const body = multipart('pool.xlsx', content)
  return t.app.inject({ method: 'POST', url: '/api/v1/pool/imports?mode=commit', headers: { ...headers, ...body.headers, prefer: 'respond-async' }, payload: body.payload })
}

/** A runner stepped by hand: each `step()` runs one chunk. */
function manualDefer () {
  const queue: (() => void)[] = []
  const defer: Defer = (fn) => { queue.push(fn) }
  return {
    defer,
    step () {
      const next = queue.shift()
      if (!next) throw new Error('no chunk is waiting')
      next()
    },
    get waiting () { return queue.length }
  }
}

const memberCount = (t: TestApp) => t.db.select().from(membersTable).all().length

async function untilEnded (t: TestApp, headers: Record<string, string>, id: number) {
  for (let i = 0; i < 200; i++) {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/pool/imports/${id}`, headers })
    expect(res.statusCode, res.body).toBe(200)
    if (res.json().status !== 'running') return res.json()
    await new Promise((resolve) => setImmediate(resolve))
  }
  throw new Error('the job did not end')
}

describe('pool import jobs', () => {
  test('a committed import runs in chunks: processed rows and counts advance chunk by chunk and the rows are in the database at each step', async () => {
    const t = await createTestApp()
    seedRegionTree(t)
    const runner = manualDefer()
    const imports = createPoolImportService({ db: t.db, clock: t.clock, defer: runner.defer, chunkRows: 2, runner: 'test-a' })
    const buffer = await xlsx(rows())
    const { job, finished } = await imports.start(t.admin.actor, { buffer, fileName: 'pool.xlsx', mimetype: '' })
    expect(job).toMatchObject({ status: 'running', totalRows: 5, processedRows: 0, runner: 'test-a', createdBy: t.admin.user.id, scopePath: null })
    expect(memberCount(t)).toBe(0)

    runner.step()
    expect(imports.get(t.admin.actor, job.id)).toMatchObject({ status: 'running', processedRows: 2, counts: { created: 2, updated: 0 } })
    expect(memberCount(t)).toBe(2)
    runner.step()
    expect(imports.get(t.admin.actor, job.id)).toMatchObject({ status: 'running', processedRows: 4, counts: { created: 4 } })
    expect(memberCount(t)).toBe(4)
    runner.step()
    const ended = await finished
    expect(ended).toMatchObject({ status: 'succeeded', processedRows: 5, counts: { created: 5, updated: 0, unchanged: 0 } })
    expect(ended.finishedAt?.toISOString()).toBe('2026-11-28T01:00:00.000Z')
    expect(ended.result.members.map((m) => [m.row, m.name, m.action])).toEqual(NAMES.map((n, i) => [i + 2, n, 'create']))
    const stored = t.db.select().from(membersTable).all()
    expect(new Set(ended.result.members.map((m) => m.id))).toEqual(new Set(stored.map((m) => m.id)))
    expect(runner.waiting).toBe(0)
    // one audit row per chunk, naming the job and its rows
    const audits = t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'pool.import')).all()
    expect(audits.map((a) => a.diff.after)).toMatchObject([
      { importJobId: job.id, firstRow: 2, lastRow: 3 }, { importJobId: job.id, firstRow: 4, lastRow: 5 }, { importJobId: job.id, firstRow: 6, lastRow: 6 }
    ])
  })

  test('over HTTP: Prefer: respond-async answers 202 with the job and its Location; GET reports the result with the members; without Prefer the report comes back as before', async () => {
    const t = await createTestApp()
    seedRegionTree(t)
    const res = await postAsync(t, t.admin.headers, await xlsx(rows()))
    expect(res.statusCode, res.body).toBe(202)
    const job = res.json()
    expect(res.headers.location).toBe(`/api/v1/pool/imports/${job.id}`)
    expect(job).toMatchObject({ status: 'running', totalRows: 5, processedRows: 0, members: [], startedBy: { id: t.admin.user.id } })
    const ended = await untilEnded(t, t.admin.headers, job.id)
    expect(ended).toMatchObject({ status: 'succeeded', totalRows: 5, processedRows: 5, created: 5, message: null, errors: [], finishedAt: '2026-11-28T09:00:00.000+08:00' })
    expect(ended.members.map((m: { name: string }) => m.name)).toEqual(NAMES)

    // the same file again, the old way: the request waits and answers with the report; every row is unchanged
    const body = multipart('pool.xlsx', await xlsx(rows()))
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/pool/imports?mode=commit', headers: { ...t.admin.headers, ...body.headers }, payload: body.payload })
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json()).toMatchObject({ mode: 'commit', committed: true, rows: 5, created: 0, unchanged: 5, errors: [] })
    expect(again.headers['content-location']).toBe(`/api/v1/pool/imports/${job.id + 1}`)

    // a file with a bad row starts no job: 422 with the report, as before
    const bad = rows()
    bad[2]![1] = '370102198001010000'
    const refused = await postAsync(t, t.admin.headers, await xlsx(bad))
    const problem = expectProblem(refused, 422, 'pool.import_has_errors')
    expect(problem.report.errors).toEqual([expect.objectContaining({ row: 4, column: '身份证号' })])
    expect(memberCount(t)).toBe(5)
  })

  test('a job is shown to whoever started it and to those over their region, to nobody else (404)', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const starter = t.userWithToken({ role: 'coordinator', regionId: r.townA.id })
    const colleague = t.userWithToken({ role: 'coordinator', regionId: r.townA.id })
    const county = t.userWithToken({ role: 'coordinator', regionId: r.countyA.id })
    const neighbour = t.userWithToken({ role: 'coordinator', regionId: r.townA2.id })
    const otherCounty = t.userWithToken({ role: 'coordinator', regionId: r.countyB.id })
    const host = t.userWithToken({ role: 'host', regionId: r.townA.id })
    const res = await postAsync(t, starter.headers, await xlsx(rows()))
    expect(res.statusCode, res.body).toBe(202)
    const id = res.json().id
    await untilEnded(t, starter.headers, id)
    for (const who of [colleague, county, t.admin]) {
      const seen = await t.app.inject({ method: 'GET', url: `/api/v1/pool/imports/${id}`, headers: who.headers })
      expect(seen.statusCode, seen.body).toBe(200)
    }
    for (const who of [neighbour, otherCounty]) expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/pool/imports/${id}`, headers: who.headers }), 404, 'pool.import_job_not_found')
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/pool/imports/${id}`, headers: host.headers }), 403, 'auth.forbidden')
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/pool/imports/${id + 1}`, headers: t.admin.headers }), 404, 'pool.import_job_not_found')

    // an admin's (city-wide) job is not shown to a coordinator, even one of a county
    const cityJob = await postAsync(t, t.admin.headers, await xlsx(rows()))
    await untilEnded(t, t.admin.headers, cityJob.json().id)
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/pool/imports/${cityJob.json().id}`, headers: county.headers }), 404, 'pool.import_job_not_found')
  })

  test('a row refused in a later chunk (the database changed after the check) fails the job there: earlier chunks stay, the row error is reported, later rows are not imported', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const coordinator = t.userWithToken({ role: 'coordinator', regionId: r.countyA.id })
    const runner = manualDefer()
    const imports = createPoolImportService({ db: t.db, clock: t.clock, defer: runner.defer, chunkRows: 2, runner: 'test-b' })
    const data = rows()
    const { job, finished } = await imports.start(coordinator.actor, { buffer: await xlsx(data), fileName: 'pool.xlsx', mimetype: '' })
    runner.step()
    expect(imports.get(coordinator.actor, job.id).processedRows).toBe(2)
    // meanwhile someone registers row 4's person in the other county, outside the coordinator's region
    await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageB.id, name: '李四', idNumber: String(data[3]![1]) }))
    t.clock.advance(1000)
    runner.step()
    const ended = await finished
    expect(ended.status).toBe('failed')
    expect(ended.processedRows).toBe(2)
    expect(ended.counts.created).toBe(2)
    expect(ended.result.errors).toEqual([{ row: 5, column: '身份证号', message: '该身份证号已在其他辖区的听证员库中登记，请联系该辖区或市局管理员' }])
    expect(ended.result.message).toContain('从第 4 行起')
    expect(ended.result.message).toContain('此前的 2 行已导入并保留')
    expect(ended.result.members.map((m) => m.name)).toEqual(['赵一', '钱二'])
    expect(ended.finishedAt?.toISOString()).toBe('2026-11-28T01:00:01.000Z')
    // rows 2-3 and the member registered meanwhile; none of rows 4-6
    expect(t.db.select().from(membersTable).all().map((m) => m.name).sort()).toEqual(['李四', '赵一', '钱二'].sort())
    expect(runner.waiting).toBe(0)

    // the synchronous commit (no Prefer) reports such a failure as 409 with the job's counts
    const runner2 = manualDefer()
    const imports2 = createPoolImportService({ db: t.db, clock: t.clock, defer: runner2.defer, chunkRows: 2, runner: 'test-c' })
    const data2 = rows().map((row, i) => [row[0]!, anIdNumber({ seq: 401 + 2 * i }), row[2]!, row[3]!, row[4]!, row[5]!])
    const pending = imports2.importMembers(coordinator.actor, { buffer: await xlsx(data2), fileName: 'b.xlsx', mimetype: '', mode: 'commit' })
    while (runner2.waiting === 0) await new Promise((resolve) => setImmediate(resolve))
    runner2.step()
    await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageB.id, idNumber: String(data2[2]![1]) }))
    runner2.step()
    await expect(pending).rejects.toMatchObject({ code: 'pool.import_job_failed', status: 409, extra: { processedRows: 2, totalRows: 5 } })
  })

  test('a job whose process stopped is marked interrupted at the next start (after 30 s without a chunk) or when read; the rows it committed stay, and the same file imports the rest', async () => {
    const t = await createTestApp()
    seedRegionTree(t)
    const runner = manualDefer()
    const first = createPoolImportService({ db: t.db, clock: t.clock, defer: runner.defer, chunkRows: 2, runner: 'process-1' })
    const buffer = await xlsx(rows())
    const { job } = await first.start(t.admin.actor, { buffer, fileName: 'pool.xlsx', mimetype: '' })
    runner.step()
    // process-1 dies here: its chunks are never run again

    // a process starting 10 s later cannot know yet: the job may still be running in another process
    t.clock.advance(10_000)
    const second = createPoolImportService({ db: t.db, clock: t.clock, runner: 'process-2' })
    expect(second.get(t.admin.actor, job.id)).toMatchObject({ status: 'running', processedRows: 2 })

    // read once 30 s have passed since its last chunk: interrupted, with what was kept
    t.clock.advance(IMPORT_STALE_MS - 10_000 + 1)
    const read = second.get(t.admin.actor, job.id)
    expect(read).toMatchObject({ status: 'interrupted', processedRows: 2, counts: { created: 2 } })
    expect(read.result.message).toBe('导入在处理完 2 行后中断（服务已停止或重启）：已导入的 2 行保留，其余 3 行未导入。可重新上传同一文件导入：已导入的行内容相同，不会重复导入。')
    expect(read.result.members).toHaveLength(2)
    expect(memberCount(t)).toBe(2)
    // the dead runner's chunk, if it ever ran, would not continue an ended job
    runner.step()
    expect(memberCount(t)).toBe(2)

    // the same file again: the two committed rows are unchanged, the other three created
    const report = await second.importMembers(t.admin.actor, { buffer, fileName: 'pool.xlsx', mimetype: '', mode: 'commit' })
    expect(report).toMatchObject({ created: 3, unchanged: 2, committed: true })
    expect(memberCount(t)).toBe(5)

    // at start-up: a stale running job is marked before anyone reads it
    const runner3 = manualDefer()
    const third = createPoolImportService({ db: t.db, clock: t.clock, defer: runner3.defer, chunkRows: 2, runner: 'process-3' })
    const other = await third.start(t.admin.actor, { buffer: await xlsx(rows().slice(0, 3)), fileName: 'c.xlsx', mimetype: '' })
    t.clock.advance(IMPORT_STALE_MS + 1)
    createPoolImportService({ db: t.db, clock: t.clock, runner: 'process-4' })
    expect(third.get(t.admin.actor, other.job.id)).toMatchObject({ status: 'interrupted', processedRows: 0 })
  })

  test('on shutdown the process marks its own running jobs interrupted and runs no further chunk', async () => {
    const t = await createTestApp()
    seedRegionTree(t)
    const runner = manualDefer()
    const imports = createPoolImportService({ db: t.db, clock: t.clock, defer: runner.defer, chunkRows: 2, runner: 'process-1' })
    const { job, finished } = await imports.start(t.admin.actor, { buffer: await xlsx(rows()), fileName: 'pool.xlsx', mimetype: '' })
    runner.step()
    imports.stop()
    runner.step()
    const ended = await finished
    expect(ended).toMatchObject({ id: job.id, status: 'interrupted', processedRows: 2 })
    expect(memberCount(t)).toBe(2)
  })
})
