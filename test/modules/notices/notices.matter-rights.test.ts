import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp } from '../../helpers/app.js'
import { auditLogTable, matterDocumentsTable, matterStagesTable } from '../../../db/schema/index.js'
import { documentBody, inspectPdf, squash } from '../documents/pdf-inspect.js'
import { createMatter, expectProblem, matterStep, seedWorld } from '../matters/matters.fixtures.js'
import { drawnHearing } from '../dossier/dossier.fixture.js'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
const handling = { handling: { acceptingBody: '东城区人力资源和社会保障局', acceptedOn: '2026-11-20' } }

async function setup () {
  const t = await createTestApp()
  const w = seedWorld(t)
  const issue = (matterId: number, stage = 'handling', headers = t.admin.headers) =>
    t.app.inject({ method: 'POST', url: `/api/v1/matters/${matterId}/stages/${stage}/rights-notice`, headers })
  const get = async (matterId: number) => (await t.app.inject({ method: 'GET', url: `/api/v1/matters/${matterId}`, headers: t.admin.headers })).json()
  return { t, w, issue, get }
}

describe('听证权利告知书 issued on a matter\'s stage, before any hearing exists', () => {
  test('a coordinator issues it on an accepted matter: numbered, rendered, stored with its SHA-256, and the stage notes the day', async () => {
    const { t, w, issue, get } = await setup()
    const m = await createMatter(t, w, handling)
    const res = await issue(m.id, 'handling', w.coordinatorA.headers)
    expect(res.statusCode, res.body).toBe(201)
    const doc = res.json()
    expect(doc).toMatchObject({ matterId: m.id, stage: 'handling', stageName: '办理', kind: 'rights_notice', number: '滨信听〔2026〕1号', recipientName: '张三', issuedAt: '2026-11-28T09:00:00.000+08:00' })
    expect(doc.title).toContain('听证权利告知书')

    const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/matters/${m.id}/documents/${doc.id}.pdf`, headers: w.hostA.headers })
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.headers['x-content-sha256']).toBe(doc.sha256)
    expect(sha256(pdf.rawPayload)).toBe(doc.sha256)
    expect(pdf.rawPayload.length).toBe(doc.byteSize)
    const text = squash(documentBody(await inspectPdf(pdf.rawPayload)))
    expect(text).toContain('滨信听〔2026〕1号')
    expect(text).toContain(squash(m.number))
    expect(text).toContain('张三')

    const view = await get(m.id)
    expect(view.stages[0]).toMatchObject({ rightsNoticeIssuedOn: '2026-11-28', answeredWithoutNotice: false })
    expect(view.version).toBe(m.version + 1)
    const list = (await t.app.inject({ method: 'GET', url: `/api/v1/matters/${m.id}/documents`, headers: t.admin.headers })).json()
    expect(list.items).toEqual([expect.objectContaining({ id: doc.id, number: '滨信听〔2026〕1号', sha256: doc.sha256 })])
    const verification = (await t.app.inject({ method: 'GET', url: `/api/v1/matters/${m.id}/documents/${doc.id}/verification`, headers: t.admin.headers })).json()
    expect(verification).toMatchObject({ documentId: doc.id, matterId: m.id, stage: 'handling', intact: true, issues: [], pdf: { recordedSha256: doc.sha256, actualSha256: doc.sha256 } })
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'document.issue')).all()).toEqual([expect.objectContaining({ entityType: 'matter', entityId: String(m.id) })])
  })

  test('the issued notice counts as notification: answered afterwards is not "answered without notice"; a matter without one is', async () => {
    const { t, w, issue } = await setup()
    const notified = await createMatter(t, w, handling)
    expect((await issue(notified.id)).statusCode).toBe(201)
    const fresh = (await t.app.inject({ method: 'GET', url: `/api/v1/matters/${notified.id}`, headers: t.admin.headers })).json()
    const decided = await matterStep(t.app, t.admin.headers, fresh, 'POST', '/stages/handling/decision', { decidedOn: '2026-11-28' })
    expect(decided.stages[0]).toMatchObject({ answeredWithoutNotice: false, rightsNoticeIssuedOn: '2026-11-28' })

    const silent = await createMatter(t, w, handling)
    await matterStep(t.app, t.admin.headers, silent, 'POST', '/stages/handling/decision', { decidedOn: '2026-11-27' })
    const flagged = (await t.app.inject({ method: 'GET', url: '/api/v1/matters/answered-without-notice', headers: t.admin.headers })).json()
    expect(flagged.items.map((i: any) => [i.matterId, i.rightsNoticeIssuedOn])).toEqual([[silent.id, null]])

    // the decided stage gets no notice any more: it could no longer cure the answer
    expectProblem(await issue(silent.id), 409, 'matters.stage_decided')
    expect(t.db.select().from(matterDocumentsTable).all()).toHaveLength(1)
  })

  test('refused for an unaccepted stage, a matter in litigation, another county\'s matter and an officer; nothing is written', async () => {
    const { t, w, issue } = await setup()
    const unaccepted = await createMatter(t, w)
    expectProblem(await issue(unaccepted.id), 404, 'matters.stage_not_found')
    expectProblem(await issue(unaccepted.id, 'closing'), 400, 'request.invalid')
    const litigated = await createMatter(t, w, { ...handling, flags: { inLitigation: true } })
    const body = expectProblem(await issue(litigated.id), 409, 'matters.rights_notice_not_applicable')
    expect(body.reasons).toEqual([expect.objectContaining({ code: 'in_litigation' })])
    const m = await createMatter(t, w, handling)
    expectProblem(await issue(m.id, 'handling', w.coordinatorB.headers), 404, 'matters.not_found')
    expectProblem(await issue(m.id, 'handling', w.officerA.headers), 403, 'auth.forbidden')
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/matters/${m.id}/documents/999.pdf`, headers: t.admin.headers }), 404, 'notices.document_not_found')
    expect(t.db.select().from(matterDocumentsTable).all()).toHaveLength(0)
    expect(t.db.select().from(matterStagesTable).all().every((s) => s.rightsNoticeIssuedOn === null)).toBe(true)
  })

  test('changed bytes are refused on download and reported by the verification', async () => {
    const { t, w, issue } = await setup()
    const m = await createMatter(t, w, handling)
    const doc = (await issue(m.id)).json()
    t.sqlite.prepare('UPDATE matter_documents SET pdf = ? WHERE id = ?').run(Buffer.from('%PDF-1.7 forged'), doc.id)
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/matters/${m.id}/documents/${doc.id}.pdf`, headers: t.admin.headers })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toMatchObject({ code: 'documents.integrity_failed' })
    expect(res.headers['x-content-sha256']).toBeUndefined()
    const v = (await t.app.inject({ method: 'GET', url: `/api/v1/matters/${m.id}/documents/${doc.id}/verification`, headers: t.admin.headers })).json()
    expect(v).toMatchObject({ intact: false, pdf: { recordedSha256: doc.sha256, intact: false } })
  })
})

describe('one 文号 sequence with hearing documents; the hearing-level route keeps working and notes the stage too', () => {
  test('a matter-level notice and a hearing-level notice get consecutive numbers; each notes the stage', async () => {
    const f = await drawnHearing()
    const h = f.t.admin.headers
    const matterLevel = await f.t.app.inject({ method: 'POST', url: `/api/v1/matters/${f.matter.id}/stages/handling/rights-notice`, headers: h })
    expect(matterLevel.statusCode, matterLevel.body).toBe(201)
    const hearingLevel = await f.t.app.inject({ method: 'POST', url: `${f.url}/documents`, headers: h, payload: { kind: 'rights_notice', recipient: { petitioner: true } } })
    expect(hearingLevel.statusCode, hearingLevel.body).toBe(201)
    const [a, b] = [matterLevel.json().number, hearingLevel.json().number]
    expect(a).toMatch(/〔2026〕1号$/)
    expect(b).toMatch(/〔2026〕2号$/)
    expect(a.replace(/〔.*$/, '')).toBe(b.replace(/〔.*$/, ''))
    const stage = f.t.db.select().from(matterStagesTable).where(eq(matterStagesTable.matterId, f.matter.id)).get()!
    expect(stage.rightsNoticeIssuedOn).toBe('2026-11-28')
    expect(f.t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'matter.rights_notice_issued')).all()).toHaveLength(2)
  })

  test('the hearing-level notice alone marks the stage, so its answer is not flagged', async () => {
    const f = await drawnHearing()
    const res = await f.t.app.inject({ method: 'POST', url: `${f.url}/documents`, headers: f.t.admin.headers, payload: { kind: 'rights_notice', recipient: { petitioner: true } } })
    expect(res.statusCode, res.body).toBe(201)
    const m = (await f.t.app.inject({ method: 'GET', url: `/api/v1/matters/${f.matter.id}`, headers: f.t.admin.headers })).json()
    expect(m.stages[0].rightsNoticeIssuedOn).toBe('2026-11-28')
    const decided = await matterStep(f.t.app, f.t.admin.headers, m, 'POST', '/stages/handling/decision', { decidedOn: '2026-11-28' })
    expect(decided.stages[0].answeredWithoutNotice).toBe(false)
  })
})
