import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { auditLogTable, documentSerialsTable, issuedDocumentsTable } from '../../../db/schema/index.js'
import { inspectPdf, documentBody, findInOrder } from '../documents/pdf-inspect.js'
import { drawnHearing, type DrawnHearing } from '../dossier/dossier.fixture.js'

async function issue (f: DrawnHearing, body: Record<string, unknown>, headers = f.t.admin.headers) {
  return f.t.app.inject({ method: 'POST', url: `${f.url}/documents`, headers, payload: body })
}

async function download (f: DrawnHearing, id: number) {
  return f.t.app.inject({ method: 'GET', url: `${f.url}/documents/${id}.pdf`, headers: f.t.admin.headers })
}

describe('issuer settings per region', () => {
  test('a region without settings inherits the nearest ancestor\'s; without any, a default named after the city', async () => {
    const f = await drawnHearing()
    const get = (id: number) => f.t.app.inject({ method: 'GET', url: `/api/v1/regions/${id}/document-settings`, headers: f.t.admin.headers })
    expect((await get(f.regions.townA.id)).json().effective).toMatchObject({ issuerName: '滨海市信访局', numberPrefix: '滨信听', isDefault: true, sourceRegionId: null })
    const put = await f.t.app.inject({ method: 'PUT', url: `/api/v1/regions/${f.regions.countyA.id}/document-settings`, headers: f.t.admin.headers, payload: { issuerName: '东城区信访局', contactPerson: '孙联络', contactPhone: '0543-3161234', address: '滨海市东城区黄河路1号', numberPrefix: '东信听' } })
    expect(put.statusCode).toBe(200)
    const inherited = (await get(f.regions.townA.id)).json()
    expect(inherited).toMatchObject({ own: null, effective: { issuerName: '东城区信访局', numberPrefix: '东信听', sourceRegionId: f.regions.countyA.id, isDefault: false } })
    const bad = await f.t.app.inject({ method: 'PUT', url: `/api/v1/regions/${f.regions.countyA.id}/document-settings`, headers: f.t.admin.headers, payload: { issuerName: '东城区信访局\u202E', contactPerson: '孙', contactPhone: '0543-3161234', numberPrefix: '东信听', version: 1 } })
    expect(bad.statusCode).toBe(422)
    expect(bad.headers['content-type']).toContain('application/problem+json')
    const officer = f.t.userWithToken({ role: 'officer', regionId: f.regions.countyA.id })
    expect((await f.t.app.inject({ method: 'GET', url: `/api/v1/regions/${f.regions.countyA.id}/document-settings`, headers: officer.headers })).statusCode).toBe(403)
  })
})

describe('issuing documents', () => {
  test('a petitioner notice: numbered from the region prefix, logged with the SHA-256 of the stored bytes, audited, downloadable', async () => {
    const f = await drawnHearing()
    await f.t.app.inject({ method: 'PUT', url: `/api/v1/regions/${f.regions.countyA.id}/document-settings`, headers: f.t.admin.headers, payload: { issuerName: '东城区信访局', contactPerson: '孙联络', contactPhone: '0543-3161234', numberPrefix: '东信听' } })
    const res = await issue(f, { kind: 'petitioner_notice', recipient: { petitioner: true } })
    expect(res.statusCode).toBe(201)
    const doc = res.json()
    expect(doc).toMatchObject({ kind: 'petitioner_notice', number: '东信听〔2026〕1号', recipientName: '王信访', issuedByName: 'admin-1' })
    const file = await download(f, doc.id)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('听证通知书')}`)
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(doc.sha256)
    const pdf = await inspectPdf(file.rawPayload)
    expect(pdf.pages).toHaveLength(doc.pageCount)
    expect(pdf.pages.every((p) => p.fonts.every((font) => font.embedded))).toBe(true)
    pdf.pages.forEach((p, i) => expect(p.text).toContain(`第${i + 1}页共${pdf.pages.length}页`))
    const body = documentBody(pdf)
    findInOrder(body, ['听证通知书', '东信听〔2026〕1号', '王信访', '李主持', '赵记录', '东城区信访局'])
    for (const m of f.members) {
      expect(body).not.toContain(m.mobile)
      expect(body).not.toContain(m.idNumber)
    }
    expect(f.t.db.select().from(auditLogTable).all().filter((a) => a.action === 'document.issue')).toHaveLength(1)
    const second = (await issue(f, { kind: 'rights_notice', recipient: { petitioner: true } })).json()
    expect(second.number).toBe('东信听〔2026〕2号')
    expect(f.t.db.select().from(documentSerialsTable).all()).toEqual([{ prefix: '东信听', year: 2026, lastSerial: 2 }])
    const list = (await f.t.app.inject({ method: 'GET', url: `${f.url}/documents`, headers: f.t.admin.headers })).json()
    expect(list.items.map((d: { number: string }) => d.number)).toEqual(['东信听〔2026〕1号', '东信听〔2026〕2号'])
  })

  test('concurrent issues get consecutive serials, never the same one', async () => {
    const f = await drawnHearing()
    const results = await Promise.all([1, 2, 3].map(() => issue(f, { kind: 'rights_notice', recipient: { petitioner: true } })))
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201])
    expect(results.map((r) => r.json().number).sort()).toEqual(['滨信听〔2026〕1号', '滨信听〔2026〕2号', '滨信听〔2026〕3号'])
    const rows = f.t.db.select().from(issuedDocumentsTable).all()
    for (const row of rows) expect(createHash('sha256').update(row.pdf).digest('hex')).toBe(row.sha256)
  })

  test('an invitation to a member names the petitioner but never the petitioner\'s phone or ID number', async () => {
    const f = await drawnHearing()
    const detail = (await f.t.app.inject({ method: 'GET', url: f.url, headers: f.t.admin.headers })).json()
    const officer = detail.participants.find((p: { kind: string }) => p.kind === 'officer')
    const res = await issue(f, { kind: 'member_invitation', recipient: { participantId: officer.id } })
    expect(res.statusCode).toBe(201)
    const body = documentBody(await inspectPdf((await download(f, res.json().id)).rawPayload))
    const member = f.members.find((m) => m.id === officer.memberId)!
    findInOrder(body, ['听证员邀请函', member.name, '王信访', '东城区住房和城乡建设局'])
    expect(body).not.toContain(f.petitioner.idNumber)
    expect(body).not.toContain(f.petitioner.mobile!)
    expect(body).not.toContain('13911112222')
    const host = await issue(f, { kind: 'member_invitation', recipient: { host: true } })
    expect(host.json().recipientName).toBe('李主持')
  })

  test('respondent notice, service receipt listing what was served, and the service record afterwards', async () => {
    const f = await drawnHearing()
    const notice = (await issue(f, { kind: 'respondent_notice', recipient: { respondent: true }, mainIssues: ['补偿标准是否符合规定'] })).json()
    expect(notice.recipientName).toBe('东城区住房和城乡建设局')
    const receipt = await issue(f, { kind: 'service_receipt', recipient: { respondent: true } })
    expect(receipt.statusCode).toBe(201)
    expect(receipt.json().number).toBeNull()
    const body = documentBody(await inspectPdf((await download(f, receipt.json().id)).rawPayload))
    findInOrder(body, ['送达回证', '东城区住房和城乡建设局'])
    expect(body).toContain(notice.number)
    const served = await f.t.app.inject({ method: 'POST', url: `${f.url}/documents/${notice.id}/service`, headers: f.t.admin.headers, payload: { method: 'in_person', servedOn: '2026-11-28', signedBy: '吴收发' } })
    expect(served.statusCode).toBe(201)
    const early = await f.t.app.inject({ method: 'POST', url: `${f.url}/documents/${notice.id}/service`, headers: f.t.admin.headers, payload: { method: 'mail', servedOn: '2026-11-01', signedBy: '吴收发' } })
    expect(early.statusCode).toBe(422)
    const list = (await f.t.app.inject({ method: 'GET', url: `${f.url}/documents`, headers: f.t.admin.headers })).json()
    expect(list.items[0].services).toMatchObject([{ method: 'in_person', servedOn: '2026-11-28', signedBy: '吴收发' }])
    const none = await issue(f, { kind: 'service_receipt', recipient: { petitioner: true } })
    expect(none.statusCode).toBe(409)
  })

  test('the draw record prints eligible count, exclusions with reasons, commitment, seed, picks and how to verify', async () => {
    const f = await drawnHearing()
    const res = await issue(f, { kind: 'draw_record' })
    expect(res.statusCode).toBe(201)
    const draws = (await f.t.app.inject({ method: 'GET', url: `${f.url}/draws`, headers: f.t.admin.headers })).json()
    const round = draws.rounds[0]
    const text = documentBody(await inspectPdf((await download(f, res.json().id)).rawPayload))
    findInOrder(text, ['听证员抽取记录表', String(round.eligibleCount)])
    expect(text).toContain(round.detail.draw.commitment)
    expect(text).toContain(round.detail.draw.seed)
    expect(text).toContain('是本场听证的主持人')
    expect(text).toContain('钱见证')
    // an internal record: everyone excluded is named (not 编号17), and the verification says how, without an API path
    const excludedIds: number[] = round.excluded.flatMap((g: { memberIds: number[] }) => g.memberIds)
    expect(excludedIds.length).toBeGreaterThan(0)
    for (const id of excludedIds) {
      const member = (await f.t.app.inject({ method: 'GET', url: `/api/v1/pool/members/${id}`, headers: f.t.admin.headers })).json()
      expect(text).toContain(member.name)
      expect(text).not.toContain(`编号${id}`)
    }
    expect(text).toContain('验证工具：本系统的“抽取验证”功能')
    expect(text).not.toContain('/api/')
  })

  test('bad requests: wrong recipient 422, unknown hearing or document 404, other region 404, nothing written', async () => {
    const f = await drawnHearing()
    expect((await issue(f, { kind: 'petitioner_notice', recipient: { respondent: true } })).statusCode).toBe(422)
    expect((await issue(f, { kind: 'member_invitation', recipient: { participantId: 99999 } })).statusCode).toBe(404)
    expect((await issue(f, { kind: 'rights_notice', recipient: { petitioner: true }, extra: 1 })).statusCode).toBe(400)
    const unknown = await f.t.app.inject({ method: 'POST', url: '/api/v1/hearings/9999/documents', headers: f.t.admin.headers, payload: { kind: 'rights_notice', recipient: { petitioner: true } } })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.headers['content-type']).toContain('application/problem+json')
    expect((await download(f, 12345)).statusCode).toBe(404)
    const outsider = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.countyB.id })
    expect((await issue(f, { kind: 'rights_notice', recipient: { petitioner: true } }, outsider.headers)).statusCode).toBe(404)
    expect(f.t.db.select().from(issuedDocumentsTable).all()).toHaveLength(0)
    expect(f.t.db.select().from(documentSerialsTable).all()).toHaveLength(0)
  })
})
