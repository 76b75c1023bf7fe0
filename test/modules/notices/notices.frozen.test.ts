import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { documentBody, inspectPdf } from '../documents/pdf-inspect.js'
import { drawnHearing, expectNoInternals, flipped, renameEverything, type DrawnHearing } from '../dossier/dossier.fixture.js'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

async function issue (f: DrawnHearing, body: Record<string, unknown>) {
  const res = await f.t.app.inject({ method: 'POST', url: `${f.url}/documents`, headers: f.t.admin.headers, payload: body })
  expect(res.statusCode).toBe(201)
  return res.json()
}
const download = (f: DrawnHearing, id: number) => f.t.app.inject({ method: 'GET', url: `${f.url}/documents/${id}.pdf`, headers: f.t.admin.headers })
const verify = (f: DrawnHearing, id: number) => f.t.app.inject({ method: 'GET', url: `${f.url}/documents/${id}/verification`, headers: f.t.admin.headers })

describe('issued documents are frozen', () => {
  test('draw record and notice: byte-identical after renaming venue, members and issuer; verification intact', async () => {
    const f = await drawnHearing()
    const record = await issue(f, { kind: 'draw_record' })
    const notice = await issue(f, { kind: 'petitioner_notice', recipient: { petitioner: true } })
    const originals = new Map<number, Buffer>()
    for (const doc of [record, notice]) {
      const res = await download(f, doc.id)
      expect(res.headers['x-content-sha256']).toBe(doc.sha256)
      expect(sha256(res.rawPayload)).toBe(doc.sha256)
      originals.set(doc.id, res.rawPayload)
    }
    expect(documentBody(await inspectPdf(originals.get(notice.id)!))).toContain('李主持')

    await renameEverything(f)
    for (const doc of [record, notice]) {
      const res = await download(f, doc.id)
      expect(res.statusCode).toBe(200)
      expect(Buffer.compare(res.rawPayload, originals.get(doc.id)!)).toBe(0)
      const v = await verify(f, doc.id)
      expect(v.statusCode).toBe(200)
      expect(v.json()).toMatchObject({
        documentId: doc.id,
        kind: doc.kind,
        intact: true,
        pdf: { recordedSha256: doc.sha256, actualSha256: doc.sha256, recordedByteSize: doc.byteSize, actualByteSize: doc.byteSize, intact: true },
        issues: []
      })
    }
    const text = documentBody(await inspectPdf((await download(f, notice.id)).rawPayload))
    expect(text).toContain('李主持')
    expect(text).not.toContain('李新名')
    expect(text).not.toContain('改名后的信访局')
  })

  test('draw record: tampered bytes are reported by the verification and refused on download', async () => {
    const f = await drawnHearing()
    const record = await issue(f, { kind: 'draw_record' })
    const original = (await download(f, record.id)).rawPayload
    f.t.sqlite.prepare('UPDATE issued_documents SET pdf = ? WHERE id = ?').run(flipped(original), record.id)

    const v = await verify(f, record.id)
    expect(v.statusCode).toBe(200)
    expect(v.json()).toMatchObject({ intact: false, pdf: { intact: false, recordedSha256: record.sha256, actualSha256: sha256(flipped(original)) } })
    expect(v.json().issues.length).toBeGreaterThan(0)

    const served = await download(f, record.id)
    expect(served.statusCode).toBe(500)
    expect(served.headers['content-type']).toContain('application/problem+json')
    expect(served.headers['x-content-sha256']).toBeUndefined()
    expect(served.json()).toMatchObject({ code: 'documents.integrity_failed' })
    expectNoInternals(served.body)

    // the register still shows what was recorded at issue
    const list = (await f.t.app.inject({ method: 'GET', url: `${f.url}/documents`, headers: f.t.admin.headers })).json()
    expect(list.items[0].sha256).toBe(record.sha256)
  })

  test('a rewritten hash or size column is caught as well; unknown document 404', async () => {
    const f = await drawnHearing()
    const notice = await issue(f, { kind: 'rights_notice', recipient: { petitioner: true } })
    f.t.sqlite.prepare('UPDATE issued_documents SET sha256 = ? WHERE id = ?').run('f'.repeat(64), notice.id)
    expect((await verify(f, notice.id)).json()).toMatchObject({ intact: false, pdf: { intact: false, recordedSha256: 'f'.repeat(64), actualSha256: notice.sha256 } })
    expect((await download(f, notice.id)).statusCode).toBe(500)
    f.t.sqlite.prepare('UPDATE issued_documents SET sha256 = ?, byte_size = 1 WHERE id = ?').run(notice.sha256, notice.id)
    expect((await verify(f, notice.id)).json()).toMatchObject({ intact: false, pdf: { intact: false, recordedByteSize: 1 } })
    expect((await verify(f, 9999)).statusCode).toBe(404)
  })
})
