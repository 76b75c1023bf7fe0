import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { auditLogTable } from '../../../db/schema/index.js'
import { documentBody, inspectPdf } from '../documents/pdf-inspect.js'
import { expectNoInternals, flipped, renameEverything } from '../dossier/dossier.fixture.js'
import { finalisedDeliberation, finalisedMinutes, get, post, put } from './minutes.fixture.js'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

describe('a finalised record is frozen', () => {
  test('minutes: renaming venue, host, recorder and issuer leaves the final PDF byte-identical, signed names included', async () => {
    const f = await finalisedMinutes()
    const before = await get(f, 'minutes.pdf')
    expect(before.statusCode).toBe(200)
    const bytes = before.rawPayload
    expect(before.headers['x-content-sha256']).toBe(sha256(bytes))
    expect(f.final).toMatchObject({ status: 'final', pdfSha256: sha256(bytes), byteSize: bytes.length })
    expect(f.final.pageCount).toBeGreaterThan(0)
    const text = documentBody(await inspectPdf(bytes))
    for (const s of ['李主持', '赵记录', '渤海街道听证室', '滨海市信访局']) expect(text).toContain(s)

    await renameEverything(f)

    const after = await get(f, 'minutes.pdf?version=1')
    expect(after.statusCode).toBe(200)
    expect(Buffer.compare(after.rawPayload, bytes)).toBe(0)
    expect(after.headers['x-content-sha256']).toBe(sha256(bytes))
    const frozen = documentBody(await inspectPdf(after.rawPayload))
    expect(frozen).toContain('李主持')
    expect(frozen).not.toContain('李新名')
    expect(frozen).not.toContain('改名后的听证室')
    expect(frozen).not.toContain('改名后的信访局')
    const record = (await get(f, 'minutes')).json()
    expect(record).toMatchObject({ version: 1, pdfSha256: sha256(bytes), byteSize: bytes.length, pageCount: f.final.pageCount })
    expect(record.versions[0]).toMatchObject({ version: 1, pdfSha256: sha256(bytes) })

    // a draft is not frozen: the correction shows the rows as they are now
    expect((await post(f, 'minutes/corrections', { reason: '核对场所名称' })).statusCode).toBe(201)
    const draft = await inspectPdf((await get(f, 'minutes.pdf?version=2')).rawPayload)
    expect(documentBody(draft)).toContain('改名后的听证室')
    expect(draft.text).toContain('草稿')
    expect(Buffer.compare((await get(f, 'minutes.pdf?version=1')).rawPayload, bytes)).toBe(0)

    const verification = await get(f, 'minutes/versions/1/verification')
    expect(verification.statusCode).toBe(200)
    expect(verification.json()).toMatchObject({
      kind: 'minutes',
      version: 1,
      intact: true,
      frozen: true,
      pdf: { recordedSha256: sha256(bytes), actualSha256: sha256(bytes), recordedByteSize: bytes.length, actualByteSize: bytes.length, intact: true },
      content: { recordedSha256: f.final.contentSha256, actualSha256: f.final.contentSha256, intact: true },
      issues: []
    })
  })

  test('minutes: tampered PDF bytes are reported by the verification and never served under the recorded hash', async () => {
    const f = await finalisedMinutes()
    const original = (await get(f, 'minutes.pdf')).rawPayload
    f.t.sqlite.prepare('UPDATE hearing_records SET pdf = ? WHERE id = ?').run(flipped(original), f.final.id)

    const verification = await get(f, 'minutes/versions/1/verification')
    expect(verification.statusCode).toBe(200)
    const v = verification.json()
    expect(v).toMatchObject({ intact: false, pdf: { intact: false, recordedSha256: sha256(original), actualSha256: sha256(flipped(original)) }, content: { intact: true } })
    expect(v.issues.length).toBeGreaterThan(0)

    const served = await get(f, 'minutes.pdf')
    expect(served.statusCode).toBe(500)
    expect(served.headers['content-type']).toContain('application/problem+json')
    expect(served.headers['x-content-sha256']).toBeUndefined()
    expect(served.json()).toMatchObject({ code: 'documents.integrity_failed', status: 500 })
    expect(served.json().title).toMatch(/[\u4e00-\u9fff]/)
    expectNoInternals(served.body)
  })

  test('minutes: a changed size or a rewritten hash column is caught too', async () => {
    const f = await finalisedMinutes()
    const original = (await get(f, 'minutes.pdf')).rawPayload
    f.t.sqlite.prepare('UPDATE hearing_records SET byte_size = byte_size + 1 WHERE id = ?').run(f.final.id)
    expect((await get(f, 'minutes/versions/1/verification')).json()).toMatchObject({ intact: false, pdf: { intact: false, actualByteSize: original.length } })
    expect((await get(f, 'minutes.pdf')).statusCode).toBe(500)
    f.t.sqlite.prepare('UPDATE hearing_records SET byte_size = ?, pdf_sha256 = ? WHERE id = ?').run(original.length, '0'.repeat(64), f.final.id)
    expect((await get(f, 'minutes/versions/1/verification')).json()).toMatchObject({ intact: false, pdf: { intact: false, recordedSha256: '0'.repeat(64) } })
    expect((await get(f, 'minutes.pdf')).json().code).toBe('documents.integrity_failed')
  })

  test('minutes: tampered content no longer matches the hash printed in the PDF; the frozen PDF itself is still the original', async () => {
    const f = await finalisedMinutes()
    const original = (await get(f, 'minutes.pdf')).rawPayload
    f.t.sqlite.prepare("UPDATE hearing_records SET content = json_set(content, '$.entries[1].text', '补偿款已足额发放。') WHERE id = ?").run(f.final.id)
    const v = (await get(f, 'minutes/versions/1/verification')).json()
    expect(v).toMatchObject({ intact: false, pdf: { intact: true }, content: { intact: false, recordedSha256: f.final.contentSha256 } })
    expect(v.content.actualSha256).not.toBe(f.final.contentSha256)
    expect(v.issues.join('')).toContain('内容')
    const served = await get(f, 'minutes.pdf')
    expect(served.statusCode).toBe(200)
    expect(Buffer.compare(served.rawPayload, original)).toBe(0)
  })

  test('verification of a draft is refused, of an unknown version 404, of another region\'s hearing 404', async () => {
    const f = await finalisedMinutes()
    expect((await post(f, 'minutes/corrections', { reason: '补正' })).statusCode).toBe(201)
    const draft = await get(f, 'minutes/versions/2/verification')
    expect(draft.statusCode).toBe(409)
    expect(draft.json().code).toBe('minutes.draft_unverifiable')
    expect((await get(f, 'minutes/versions/7/verification')).statusCode).toBe(404)
    expect((await get(f, 'deliberation/versions/1/verification')).statusCode).toBe(404)
    const outsider = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.countyB.id })
    expect((await f.t.app.inject({ method: 'GET', url: `${f.url}/minutes/versions/1/verification`, headers: outsider.headers })).statusCode).toBe(404)
    const auditor = f.t.userWithToken({ role: 'auditor', regionId: f.regions.countyA.id })
    expect((await f.t.app.inject({ method: 'GET', url: `${f.url}/minutes/versions/1/verification`, headers: auditor.headers })).json().intact).toBe(true)
  })

  test('a version finalised before PDFs were stored is frozen on its first download, audited, and stays so', async () => {
    const f = await finalisedMinutes()
    f.t.sqlite.prepare('UPDATE hearing_records SET pdf = NULL, pdf_sha256 = NULL, page_count = NULL, byte_size = NULL WHERE id = ?').run(f.final.id)
    const unfrozen = (await get(f, 'minutes/versions/1/verification')).json()
    expect(unfrozen).toMatchObject({ frozen: false, pdf: null, content: { intact: true }, intact: true })
    const first = await get(f, 'minutes.pdf')
    expect(first.statusCode).toBe(200)
    expect(first.headers['x-content-sha256']).toBe(sha256(first.rawPayload))
    expect((await get(f, 'minutes')).json().pdfSha256).toBe(sha256(first.rawPayload))
    expect(f.t.db.select().from(auditLogTable).all().filter((a) => a.action === 'minutes.freeze')).toHaveLength(1)
    await renameEverything(f)
    expect(Buffer.compare((await get(f, 'minutes.pdf')).rawPayload, first.rawPayload)).toBe(0)
    expect((await get(f, 'minutes/versions/1/verification')).json()).toMatchObject({ frozen: true, intact: true })
  })

  test('an unfrozen version whose content was changed is not frozen on download', async () => {
    const f = await finalisedMinutes()
    f.t.sqlite.prepare("UPDATE hearing_records SET pdf = NULL, pdf_sha256 = NULL, page_count = NULL, byte_size = NULL, content = json_set(content, '$.entries[1].text', '补偿款已足额发放。') WHERE id = ?").run(f.final.id)
    const served = await get(f, 'minutes.pdf')
    expect(served.statusCode).toBe(500)
    expect(served.json().code).toBe('documents.integrity_failed')
    expectNoInternals(served.body)
    expect(f.t.sqlite.prepare('SELECT pdf_sha256 AS sha FROM hearing_records WHERE id = ?').get(f.final.id)).toEqual({ sha: null })
    expect((await get(f, 'minutes/versions/1/verification')).json()).toMatchObject({ frozen: false, intact: false, content: { intact: false } })
  })

  test('deliberation record: frozen against renames, tampering reported and refused', async () => {
    const f = await finalisedDeliberation()
    const before = await get(f, 'deliberation.pdf')
    const bytes = before.rawPayload
    expect(f.final).toMatchObject({ kind: 'deliberation', pdfSha256: sha256(bytes), byteSize: bytes.length })
    expect(documentBody(await inspectPdf(bytes))).toContain('赵记录')

    await renameEverything(f)
    const after = await get(f, 'deliberation.pdf')
    expect(Buffer.compare(after.rawPayload, bytes)).toBe(0)
    expect(after.headers['x-content-sha256']).toBe(sha256(bytes))
    const text = documentBody(await inspectPdf(after.rawPayload))
    expect(text).toContain('赵记录')
    expect(text).not.toContain('赵新名')
    expect((await get(f, 'deliberation/versions/1/verification')).json()).toMatchObject({ kind: 'deliberation', intact: true, pdf: { intact: true }, content: { intact: true } })

    // editing after finalisation is still refused
    expect((await put(f, 'deliberation', { startsAt: '2026-12-10T11:10:00+08:00', place: '合议间', proposal: '改', opinions: [{ name: '李主持', role: 'host', opinion: '改', vote: 'for' }], conclusion: '改' })).json().code).toBe('minutes.already_final')

    f.t.sqlite.prepare('UPDATE hearing_records SET pdf = ? WHERE id = ?').run(flipped(bytes), f.final.id)
    const v = (await get(f, 'deliberation/versions/1/verification')).json()
    expect(v).toMatchObject({ intact: false, pdf: { intact: false } })
    const served = await get(f, 'deliberation.pdf')
    expect(served.statusCode).toBe(500)
    expect(served.json().code).toBe('documents.integrity_failed')
    expectNoInternals(served.body)
  })
})
