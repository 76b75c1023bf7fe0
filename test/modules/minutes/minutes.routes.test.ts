import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { auditLogTable, hearingRecordsTable } from '../../../db/schema/index.js'
import { inspectPdf, documentBody, findInOrder } from '../documents/pdf-inspect.js'
import { drawnHearing, openOnTheDay, transition, type DrawnHearing } from '../dossier/dossier.fixture.js'

const post = (f: DrawnHearing, path: string, payload: unknown) => f.t.app.inject({ method: 'POST', url: `${f.url}/${path}`, headers: f.t.admin.headers, payload: payload as Record<string, unknown> })
const put = (f: DrawnHearing, path: string, payload: unknown) => f.t.app.inject({ method: 'PUT', url: `${f.url}/${path}`, headers: f.t.admin.headers, payload: payload as Record<string, unknown> })

async function inSession () {
  const f = await drawnHearing()
  await openOnTheDay(f)
  const detail = (await f.t.app.inject({ method: 'GET', url: f.url, headers: f.t.admin.headers })).json()
  const officers = detail.participants.filter((p: { kind: string, active: boolean }) => p.kind === 'officer' && p.active)
    .map((p: { memberId: number }) => f.members.find((m) => m.id === p.memberId)!.name)
  return { ...f, officers: officers as string[] }
}

async function signAll (f: Awaited<ReturnType<typeof inSession>>) {
  const people = [['host', '李主持'], ...f.officers.map((n) => ['officer', n]), ['recorder', '赵记录'], ['petitioner', '王信访']]
  for (const [role, name] of people) expect((await post(f, 'minutes/signatures', { role, name, signed: true })).statusCode).toBe(200)
  expect((await post(f, 'minutes/signatures', { role: 'agent', name: '周代理', signed: false, hostNote: '代理人对笔录第三页有异议，拒绝签名，已当场宣读。' })).statusCode).toBe(200)
}

describe('minutes (听证笔录)', () => {
  test('entered during the hearing in order, signed, finalised with a printed hash, locked, corrected as a new version', async () => {
    const f = await inSession()
    expect((await put(f, 'minutes/attendance', { participants: [{ role: 'petitioner', name: '王信访', attendance: 'present' }, { role: 'agent', name: '周代理', unit: '王信访的委托代理人', attendance: 'present' }, { role: 'respondent', name: '郑科长', unit: '东城区住房和城乡建设局', attendance: 'absent', note: '请假' }] })).statusCode).toBe(200)
    const entries = [
      { section: 'opening', speaker: { role: 'host', name: '李主持' }, text: '现在开始听证。宣布听证纪律。' },
      { section: 'recusal', speaker: { role: 'host', name: '李主持' }, text: '信访人是否申请回避？' },
      { section: 'recusal', speaker: { role: 'petitioner', name: '王信访' }, text: '不申请回避。' },
      { section: 'statements', speaker: { role: 'petitioner', name: '王信访' }, text: '征地补偿款至今未足额发放，䶮家老宅也被拆除。' },
      { section: 'questions', speaker: { role: 'officer', name: f.officers[0] }, text: '补偿标准依据哪份文件？' },
      { section: 'debate', speaker: { role: 'agent', name: '周代理' }, text: '补偿标准低于省定最低标准。' },
      { section: 'finalStatements', speaker: { role: 'petitioner', name: '王信访' }, text: '请求按新标准补偿。' }
    ]
    for (const e of entries) expect((await post(f, 'minutes/entries', e)).statusCode).toBe(200)
    expect((await post(f, 'minutes/evidence', { name: '征地补偿协议', submittedBy: '王信访', purpose: '证明补偿金额' })).json().content.evidence[0].number).toBe(1)
    expect((await post(f, 'minutes/evidence', { name: '补偿款发放清单', submittedBy: '东城区住房和城乡建设局' })).json().content.evidence[1].number).toBe(2)
    expect((await post(f, 'minutes/events', { at: '2026-12-10T10:00:00+08:00', kind: 'recess', reason: '休会十分钟' })).statusCode).toBe(200)
    const early = await post(f, 'minutes/finalise', {})
    expect(early.statusCode).toBe(409)
    expect(early.json().code).toBe('minutes.signatures_missing')
    expect((await post(f, 'minutes/signatures', { role: 'agent', name: '周代理', signed: false })).statusCode).toBe(422)
    expect((await post(f, 'minutes/signatures', { role: 'petitioner', name: '陌生人', signed: true })).json().code).toBe('minutes.unknown_signatory')
    await signAll(f)
    await transition(f, 'conclude')
    const final = await post(f, 'minutes/finalise', {})
    expect(final.statusCode).toBe(200)
    const sha = final.json().contentSha256
    expect(sha).toMatch(/^[0-9a-f]{64}$/)

    const locked = await post(f, 'minutes/entries', { section: 'closing', speaker: { role: 'host' }, text: '补记' })
    expect(locked.statusCode).toBe(409)
    expect(locked.json().code).toBe('minutes.already_final')

    const pdfRes = await f.t.app.inject({ method: 'GET', url: `${f.url}/minutes.pdf`, headers: f.t.admin.headers })
    expect(pdfRes.statusCode).toBe(200)
    expect(pdfRes.headers['content-type']).toBe('application/pdf')
    expect(pdfRes.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('听证笔录')}`)
    expect(createHash('sha256').update(pdfRes.rawPayload).digest('hex')).toBe(pdfRes.headers['x-content-sha256'])
    const pdf = await inspectPdf(pdfRes.rawPayload)
    expect(pdf.pages.every((p) => p.fonts.length > 0 && p.fonts.every((font) => font.embedded))).toBe(true)
    pdf.pages.forEach((p, i) => expect(p.text).toContain(`第${i + 1}页共${pdf.pages.length}页`))
    expect(pdf.text).toContain(sha)
    findInOrder(documentBody(pdf), ['听证笔录', '现在开始听证。宣布听证纪律。', '信访人是否申请回避？', '不申请回避。', '征地补偿款至今未足额发放，䶮家老宅也被拆除。',
      '征地补偿协议', '补偿款发放清单', '补偿标准依据哪份文件？', '补偿标准低于省定最低标准。', '请求按新标准补偿。', '代理人对笔录第三页有异议，拒绝签名，已当场宣读。'])

    const correction = await post(f, 'minutes/corrections', { reason: '更正信访人陈述中的错别字' })
    expect(correction.statusCode).toBe(201)
    const v2 = correction.json()
    expect(v2).toMatchObject({ version: 2, status: 'draft', previousId: final.json().id })
    expect((await post(f, 'minutes/entries', { section: 'closing', speaker: { role: 'host', name: '李主持' }, text: '听证结束。' })).statusCode).toBe(200)
    const got = (await f.t.app.inject({ method: 'GET', url: `${f.url}/minutes`, headers: f.t.admin.headers })).json()
    expect(got.versions.map((v: { version: number, status: string }) => [v.version, v.status])).toEqual([[1, 'final'], [2, 'draft']])
    const v1 = await inspectPdf((await f.t.app.inject({ method: 'GET', url: `${f.url}/minutes.pdf?version=1`, headers: f.t.admin.headers })).rawPayload)
    expect(v1.text).not.toContain('听证结束。')
    expect(f.t.db.select().from(auditLogTable).all().filter((a) => a.action.startsWith('minutes.')).length).toBeGreaterThanOrEqual(12)
  })

  test('a retried send is stored once: an entry sent again with its clientId, an edit sent again after it was applied', async () => {
    const f = await inSession()
    const entry = { section: 'statements', speaker: { role: 'petitioner', name: '王信访' }, text: '征地补偿款至今未足额发放。', clientId: 'lx2k9q1a-3f09c2d1e4b7' }
    const first = await post(f, 'minutes/entries', entry)
    expect(first.statusCode).toBe(200)
    const audited = () => f.t.db.select().from(auditLogTable).all().filter((a) => a.action.startsWith('minutes.')).length
    const auditsAfterFirst = audited()
    // the answer was lost and the recorder's browser sends the same entry again
    const again = await post(f, 'minutes/entries', entry)
    expect(again.statusCode).toBe(200)
    expect(again.json().content.entries).toHaveLength(1)
    expect(again.json().revision).toBe(first.json().revision)
    expect(audited()).toBe(auditsAfterFirst)
    // the same words typed again are a new entry (another id, or none)
    expect((await post(f, 'minutes/entries', { ...entry, clientId: 'lx2k9q1b-77aa01bc99de' })).json().content.entries).toHaveLength(2)
    expect((await post(f, 'minutes/entries', { section: entry.section, speaker: entry.speaker, text: entry.text })).json().content.entries).toHaveLength(3)
    expect((await post(f, 'minutes/entries', { ...entry, clientId: 'short' })).statusCode).toBe(400)

    // an edit applied, its answer lost, sent again: the text it was made from is no longer there, yet it is no conflict
    const edit = { section: 'statements', speaker: { role: 'petitioner', name: '王信访' }, text: '征地补偿款至今未足额发放，差额约三万元。', expectedText: entry.text }
    expect((await put(f, 'minutes/entries/1', edit)).statusCode).toBe(200)
    const edited = await put(f, 'minutes/entries/1', edit)
    expect(edited.statusCode).toBe(200)
    expect(edited.json().content.entries[0].text).toBe(edit.text)
    // another recorder's different change in between still is a conflict
    const stale = await put(f, 'minutes/entries/1', { ...edit, text: '征地补偿款已发放。' })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().code).toBe('request.version_conflict')
  })

  test('bad input: not in session 409, unknown hearing 404, control characters 422, a 1 MB statement refused; nothing half-written', async () => {
    const f = await drawnHearing()
    const entry = { section: 'statements', speaker: { role: 'petitioner', name: '王信访' }, text: '陈述' }
    const early = await post(f, 'minutes/entries', entry)
    expect(early.statusCode).toBe(409)
    expect(early.json().code).toBe('minutes.hearing_not_in_session')
    expect(early.headers['content-type']).toContain('application/problem+json')
    const unknown = await f.t.app.inject({ method: 'POST', url: '/api/v1/hearings/9999/minutes/entries', headers: f.t.admin.headers, payload: entry })
    expect(unknown.statusCode).toBe(404)
    await openOnTheDay(f)
    const control = await post(f, 'minutes/entries', { ...entry, text: '陈述\u0007内容' })
    expect(control.statusCode).toBe(422)
    expect(control.json().code).toBe('documents.control_characters')
    const huge = await post(f, 'minutes/entries', { ...entry, text: '长'.repeat(1024 * 1024) })
    expect([413, 422]).toContain(huge.statusCode)
    expect(huge.headers['content-type']).toContain('application/problem+json')
    const long = await post(f, 'minutes/entries', { ...entry, text: '长'.repeat(30_000) })
    expect(long.statusCode).toBe(422)
    expect(long.json().code).toBe('minutes.text_too_long')
    expect(f.t.db.select().from(hearingRecordsTable).all()).toHaveLength(0)
    expect((await f.t.app.inject({ method: 'GET', url: `${f.url}/minutes.pdf`, headers: f.t.admin.headers })).statusCode).toBe(404)
  })
})

describe('deliberation record (评议记录)', () => {
  test('opinions and votes, dissent, finalised and locked, signed by officers and recorder', async () => {
    const f = await inSession()
    await transition(f, 'conclude')
    const incomplete = await post(f, 'deliberation/finalise', {})
    expect(incomplete.statusCode).toBe(404)
    const body = {
      startsAt: '2026-12-10T11:10:00+08:00',
      endsAt: '2026-12-10T11:40:00+08:00',
      place: '渤海街道听证室合议间',
      proposal: '建议责任单位按现行标准补足补偿款。',
      opinions: [
        { name: '李主持', role: 'host', opinion: '事实清楚，应予补足。', vote: 'for' },
        ...f.officers.map((name, i) => ({ name, role: 'officer', opinion: i === 2 ? '证据不足，不同意。' : '同意主持人意见。', vote: i === 2 ? 'against' : 'for' }))
      ],
      conclusion: '以多数意见建议补足补偿款。'
    }
    const partial = await put(f, 'deliberation', { ...body, opinions: body.opinions.slice(0, 2) })
    expect(partial.statusCode).toBe(200)
    const missing = await post(f, 'deliberation/finalise', {})
    expect(missing.json().code).toBe('minutes.deliberation_incomplete')
    expect((await put(f, 'deliberation', body)).statusCode).toBe(200)
    const final = await post(f, 'deliberation/finalise', {})
    expect(final.statusCode).toBe(200)
    expect((await put(f, 'deliberation', body)).json().code).toBe('minutes.already_final')
    const pdf = await inspectPdf((await f.t.app.inject({ method: 'GET', url: `${f.url}/deliberation.pdf`, headers: f.t.admin.headers })).rawPayload)
    expect(pdf.text).toContain(final.json().contentSha256)
    findInOrder(documentBody(pdf), ['评议记录', '建议责任单位按现行标准补足补偿款。', '事实清楚，应予补足。', '证据不足，不同意。', '以多数意见建议补足补偿款。', f.officers[0]!, '赵记录'])
  })
})
