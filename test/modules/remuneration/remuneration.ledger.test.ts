import { eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { describe, expect, test } from 'vitest'
import { remunerationLinesTable, poolSettingsTable } from '../../../db/schema/index.js'
import { LINES_SHEET, MEMBER_SHEET, TOTAL_LABEL } from '../../../server/modules/remuneration/remuneration.ledger-sheet.js'
import { api, expectProblem, hold, linkedAccount, payAs, twoHearings } from './remuneration.fixture.js'

type Line = { id: number, member: { id: number }, role: string, halfDays: number, rateYuan: number, amountYuan: number, status: string, version: number, payer: { id: number, name: string }, entryKind: string, relatedLineId: number | null, minutes: number, serviceDate: string, year: number, startedAt: string, endedAt: string }

/**
 * Hearing A: host fee 150 yuan, the first officer fee 250 (above the 200 cap, paid 200), everyone else public
 * interest; held 09:00–12:40, so 180 minutes of the morning and 40 of the afternoon: two half-days.
 * Hearing B: host fee 300 with a senior title (cap 300); held 09:00–10:30, one half-day.
 */
async function concludedPair () {
  const f = await twoHearings()
  const { t, a, b } = f
  payAs(t, a.hostId, 'fee_per_half_day', 150)
  payAs(t, a.officerIds[0]!, 'fee_per_half_day', 250)
  payAs(t, b.hostId, 'fee_per_half_day', 300, true)
  await hold(t, a.hearingId, '2026-12-10T04:40:00.000Z')
  await hold(t, b.hearingId, '2026-12-10T02:30:00.000Z')
  t.clock.set('2026-12-10T08:00:00.000Z')
  const lines = async (query = '') => (await api(t, 'GET', `/api/v1/remuneration/lines${query}`)).json() as { items: Line[], total: { lines: number, halfDays: number, amountYuan: number } }
  const lineOf = async (hearingId: number, memberId: number) => (await lines(`?hearingId=${hearingId}`)).items.find((l) => l.member.id === memberId)!
  return { ...f, lines, lineOf }
}

describe('ledger lines on conclusion', () => {
  test('each member who served gets one line: half-days from the actual times, the fee within the cap, the township that pays', async () => {
    const { t, a, b, regions, lines } = await concludedPair()
    const ofA = (await lines(`?hearingId=${a.hearingId}`)).items
    // host, three officers, recorder; the alternate did not sit
    expect(ofA.map((l) => l.role)).toEqual(['host', 'officer', 'officer', 'officer', 'recorder'])
    expect(ofA.map((l) => l.member.id)).not.toContain(a.alternateIds[0])
    expect(ofA.every((l) => l.halfDays === 2 && l.minutes === 220 && l.payer.id === regions.townA.id && l.serviceDate === '2026-12-10' && l.year === 2026)).toBe(true)
    expect(ofA[0]).toMatchObject({ startedAt: '2026-12-10T09:00:00.000+08:00', endedAt: '2026-12-10T12:40:00.000+08:00' })
    const host = ofA.find((l) => l.member.id === a.hostId)!
    expect(host).toMatchObject({ rateYuan: 150, amountYuan: 300, status: 'unpaid' })
    const capped = ofA.find((l) => l.member.id === a.officerIds[0])!
    expect(capped).toMatchObject({ rateYuan: 200, amountYuan: 400, status: 'unpaid' })
    expect((await api(t, 'GET', `/api/v1/remuneration/lines/${capped.id}`)).json().reason).toContain('按上限 200 元计算')
    expect(ofA.filter((l) => l.amountYuan === 0).map((l) => l.status)).toEqual(['not_payable', 'not_payable', 'not_payable'])
    // B's matter is in 杨柳村: its township 杨柳镇 pays
    const ofB = (await lines(`?hearingId=${b.hearingId}`)).items
    expect(ofB).toHaveLength(5)
    expect(ofB.find((l) => l.member.id === b.hostId)).toMatchObject({ halfDays: 1, rateYuan: 300, amountYuan: 300, payer: { id: regions.townB.id, name: '杨柳镇' } })
  })

  test('made exactly once: the generate route adds nothing for lines the listener made, and makes the missing ones of earlier hearings', async () => {
    const { t, a, b } = await concludedPair()
    const count = () => t.db.select().from(remunerationLinesTable).all().length
    expect(count()).toBe(10)
    const again = await api(t, 'POST', '/api/v1/remuneration/generate', {})
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json()).toEqual({ hearings: 2, created: [] })
    // a hearing concluded before the ledger existed: no lines yet
    t.db.delete(remunerationLinesTable).where(eq(remunerationLinesTable.hearingId, a.hearingId)).run()
    expect(count()).toBe(5)
    const one = await api(t, 'POST', '/api/v1/remuneration/generate', { hearingId: a.hearingId })
    expect(one.json().created.map((l: Line) => l.amountYuan)).toEqual([300, 400, 0, 0, 0])
    expect((await api(t, 'POST', '/api/v1/remuneration/generate', { hearingId: a.hearingId })).json().created).toEqual([])
    expect((await api(t, 'POST', '/api/v1/remuneration/generate', {})).json().created).toEqual([])
    expect(count()).toBe(10)
    expect(b.hearingId).toBeGreaterThan(a.hearingId)
  })

  test('a hearing not yet concluded gets no lines and the route says why', async () => {
    const f = await twoHearings()
    const res = await api(f.t, 'POST', '/api/v1/remuneration/generate', { hearingId: f.a.hearingId })
    expectProblem(res, 409, 'remuneration.hearing_not_concluded')
    expect(f.t.db.select().from(remunerationLinesTable).all()).toEqual([])
    expectProblem(await api(f.t, 'POST', '/api/v1/remuneration/generate', { hearingId: 999 }), 404, 'hearings.not_found')
    expectProblem(await api(f.t, 'POST', '/api/v1/remuneration/generate', { hearingId: 1, extra: true }), 400, 'request.invalid')
  })
})

describe('payment batches and corrections', () => {
  test('a batch marks the selected unpaid lines paid with date and reference; a paid line is never changed again', async () => {
    const { t, a, b, lineOf } = await concludedPair()
    const host = await lineOf(a.hearingId, a.hostId)
    const officer = await lineOf(a.hearingId, a.officerIds[0]!)
    const batch = await api(t, 'POST', '/api/v1/remuneration/batches', { lineIds: [host.id, officer.id], paidOn: '2026-12-10', reference: '渤财支〔2026〕88号' })
    expect(batch.statusCode, batch.body).toBe(201)
    expect(batch.json()).toMatchObject({ payer: { name: '渤海街道' }, paidOn: '2026-12-10', reference: '渤财支〔2026〕88号', lineCount: 2, totalYuan: 700 })
    expect(batch.json().lines.map((l: Line & { paidOn: string, batchId: number }) => [l.status, l.paidOn, l.batchId])).toEqual([['paid', '2026-12-10', batch.json().id], ['paid', '2026-12-10', batch.json().id]])
    // paid once only
    expectProblem(await api(t, 'POST', '/api/v1/remuneration/batches', { lineIds: [host.id], paidOn: '2026-12-10', reference: 'X' }), 409, 'remuneration.line_not_unpaid')
    // nothing to pay for a public-interest line
    const free = await lineOf(a.hearingId, a.recorderId)
    expectProblem(await api(t, 'POST', '/api/v1/remuneration/batches', { lineIds: [free.id], paidOn: '2026-12-10', reference: 'X' }), 409, 'remuneration.line_not_unpaid')
    // one paying township per batch
    const hostB = await lineOf(b.hearingId, b.hostId)
    const officerA2 = (await api(t, 'GET', `/api/v1/remuneration/lines?hearingId=${a.hearingId}&status=unpaid`)).json().items
    expect(officerA2).toEqual([])
    expectProblem(await api(t, 'POST', '/api/v1/remuneration/batches', { lineIds: [hostB.id, host.id], paidOn: '2026-12-10', reference: 'X' }), 409, 'remuneration.line_not_unpaid')
    expectProblem(await api(t, 'POST', '/api/v1/remuneration/batches', { lineIds: [hostB.id], paidOn: '2026-12-11', reference: 'X' }), 422, 'remuneration.paid_on_in_future')
    expectProblem(await api(t, 'POST', '/api/v1/remuneration/batches', { lineIds: [hostB.id, 999], paidOn: '2026-12-10', reference: 'X' }), 404, 'remuneration.line_not_found')
    // the paid line is as it was
    const after = await lineOf(a.hearingId, a.hostId)
    expect(after).toMatchObject({ status: 'paid', amountYuan: 300, halfDays: 2, version: host.version + 1 })
  })

  test('a batch of lines of two townships is refused', async () => {
    const { t, a, b, lineOf } = await concludedPair()
    const hostA = await lineOf(a.hearingId, a.hostId)
    const hostB = await lineOf(b.hearingId, b.hostId)
    expectProblem(await api(t, 'POST', '/api/v1/remuneration/batches', { lineIds: [hostA.id, hostB.id], paidOn: '2026-12-10', reference: 'X' }), 422, 'remuneration.batch_mixed_payers')
    expect((await lineOf(a.hearingId, a.hostId)).status).toBe('unpaid')
  })

  test('a paid line is corrected by a reversing line with its reason and a replacement; an unpaid one is cancelled with its reversal', async () => {
    const { t, a, lineOf, lines } = await concludedPair()
    const host = await lineOf(a.hearingId, a.hostId)
    const officer = await lineOf(a.hearingId, a.officerIds[0]!)
    expect((await api(t, 'POST', '/api/v1/remuneration/batches', { lineIds: [host.id], paidOn: '2026-12-10', reference: 'PZ-1' })).statusCode).toBe(201)
    const paid = await lineOf(a.hearingId, a.hostId)
    // the host in fact sat one half-day
    const corrected = await api(t, 'POST', `/api/v1/remuneration/lines/${host.id}/corrections`, { reason: '主持人下午未参加，按一个半天计算', halfDays: 1, version: paid.version })
    expect(corrected.statusCode, corrected.body).toBe(201)
    const [original, reversal, replacement] = corrected.json().items as [Line, Line, Line]
    expect(original).toMatchObject({ id: host.id, status: 'paid', amountYuan: 300, version: paid.version })
    expect(reversal).toMatchObject({ entryKind: 'reversal', relatedLineId: host.id, halfDays: -2, amountYuan: -300, status: 'unpaid', reason: '主持人下午未参加，按一个半天计算' })
    expect(replacement).toMatchObject({ entryKind: 'replacement', relatedLineId: host.id, halfDays: 1, rateYuan: 150, amountYuan: 150, status: 'unpaid' })
    expectProblem(await api(t, 'POST', `/api/v1/remuneration/lines/${host.id}/corrections`, { reason: '再次更正', version: paid.version }), 409, 'remuneration.line_already_reversed')
    expectProblem(await api(t, 'POST', `/api/v1/remuneration/lines/${reversal.id}/corrections`, { reason: '冲销冲销', version: 1 }), 409, 'remuneration.line_not_correctable')
    // settle: -300 + 150 is owed back, a batch cannot be negative
    expectProblem(await api(t, 'POST', '/api/v1/remuneration/batches', { lineIds: [reversal.id, replacement.id], paidOn: '2026-12-10', reference: 'PZ-2' }), 422, 'remuneration.batch_negative_total')
    // an unpaid line: cancelled together with its reversal, nothing owed
    const cancelled = await api(t, 'POST', `/api/v1/remuneration/lines/${officer.id}/corrections`, { reason: '误将候补人员记为出席', version: officer.version })
    expect(cancelled.json().items.map((l: Line) => [l.entryKind, l.status, l.amountYuan])).toEqual([['original', 'cancelled', 400], ['reversal', 'cancelled', -400]])
    expectProblem(await api(t, 'POST', `/api/v1/remuneration/lines/${officer.id}/corrections`, { reason: '再次', version: officer.version + 1 }), 409, 'remuneration.line_not_correctable')
    // the rate of a correction stays within the cap (200 for a member without a senior title)
    const other = (await lines(`?hearingId=${a.hearingId}&status=not_payable`)).items[0]!
    expectProblem(await api(t, 'POST', `/api/v1/remuneration/lines/${other.id}/corrections`, { reason: '改为计酬', rateYuan: 201, version: other.version }), 422, 'remuneration.rate_above_cap')
    expectProblem(await api(t, 'POST', `/api/v1/remuneration/lines/${other.id}/corrections`, { reason: '改为计酬', rateYuan: 100, version: other.version + 5 }), 409, 'request.version_conflict')
  })
})

describe('totals and the finance spreadsheet', () => {
  test('totals per member and per township for a year', async () => {
    const { t, a, b, regions, lineOf } = await concludedPair()
    const host = await lineOf(a.hearingId, a.hostId)
    await api(t, 'POST', '/api/v1/remuneration/batches', { lineIds: [host.id], paidOn: '2026-12-10', reference: 'PZ-1' })
    const byTownship = (await api(t, 'GET', '/api/v1/remuneration/totals?year=2026&by=township')).json()
    expect(byTownship.items).toEqual([
      { id: regions.townA.id, name: '渤海街道', lines: 5, halfDays: 10, amountYuan: 700, paidYuan: 300, unpaidYuan: 400 },
      { id: regions.townB.id, name: '杨柳镇', lines: 5, halfDays: 5, amountYuan: 300, paidYuan: 0, unpaidYuan: 300 }
    ])
    expect(byTownship.total).toEqual({ lines: 10, halfDays: 15, amountYuan: 1000, paidYuan: 300, unpaidYuan: 700 })
    const byMember = (await api(t, 'GET', '/api/v1/remuneration/totals?year=2026&by=member')).json()
    expect(byMember.items.find((r: { id: number }) => r.id === a.officerIds[0])).toMatchObject({ halfDays: 2, amountYuan: 400, unpaidYuan: 400 })
    expect(byMember.items.find((r: { id: number }) => r.id === b.hostId)).toMatchObject({ name: '孙主持', halfDays: 1, amountYuan: 300 })
    expect((await api(t, 'GET', '/api/v1/remuneration/totals?year=2025&by=member')).json().items).toEqual([])
    expectProblem(await api(t, 'GET', '/api/v1/remuneration/totals?year=2026&by=village'), 400, 'request.invalid')
  })

  test('the .xlsx reads back with the same amounts, two decimals, a totals row and Chinese headers', async () => {
    const { t, lines } = await concludedPair()
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/remuneration/ledger.xlsx?year=2026', headers: t.admin.headers })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer)
    const ws = workbook.getWorksheet(LINES_SHEET)!
    const header = (ws.getRow(1).values as unknown[]).slice(1)
    expect(header).toContain('金额（元）')
    expect(header).toContain('半天数')
    const amountCol = header.indexOf('金额（元）') + 1
    const idCol = header.indexOf('明细编号') + 1
    const api2 = (await lines('?year=2026')).items
    const rows = api2.map((_, i) => ws.getRow(i + 2))
    expect(rows.map((r) => [r.getCell(idCol).value, r.getCell(amountCol).value])).toEqual(api2.map((l) => [l.id, l.amountYuan]))
    expect(ws.getColumn(amountCol).numFmt).toBe('0.00')
    const totals = ws.getRow(api2.length + 2)
    expect(totals.getCell(1).value).toBe(TOTAL_LABEL)
    expect(totals.getCell(amountCol).value).toBe(1000)
    const members = workbook.getWorksheet(MEMBER_SHEET)!
    expect(members.getRow(members.rowCount).getCell(1).value).toBe(TOTAL_LABEL)
    expect(members.getRow(members.rowCount).getCell(4).value).toBe(1000)
  })
})

describe('scoping', () => {
  test('a township sees and pays only what it pays; another township\'s line is not found', async () => {
    const { t, a, b, regions, lineOf } = await concludedPair()
    const townA = t.userWithToken({ role: 'coordinator', regionId: regions.townA.id })
    const seen = (await api(t, 'GET', '/api/v1/remuneration/lines', undefined, townA.headers)).json()
    expect(seen.items).toHaveLength(5)
    expect(seen.items.every((l: Line) => l.payer.id === regions.townA.id)).toBe(true)
    const hostB = await lineOf(b.hearingId, b.hostId)
    expectProblem(await api(t, 'GET', `/api/v1/remuneration/lines/${hostB.id}`, undefined, townA.headers), 404, 'remuneration.line_not_found')
    expectProblem(await api(t, 'POST', '/api/v1/remuneration/batches', { lineIds: [hostB.id], paidOn: '2026-12-10', reference: 'X' }, townA.headers), 404, 'remuneration.line_not_found')
    expectProblem(await api(t, 'POST', `/api/v1/remuneration/lines/${hostB.id}/corrections`, { reason: '越权', version: 1 }, townA.headers), 404, 'remuneration.line_not_found')
    expect((await api(t, 'GET', '/api/v1/remuneration/totals?year=2026&by=township', undefined, townA.headers)).json().items.map((r: { id: number }) => r.id)).toEqual([regions.townA.id])
    // the county sees its townships (A's county has only township A's lines here); the city sees both
    const county = t.userWithToken({ role: 'auditor', regionId: regions.countyB.id })
    expect((await api(t, 'GET', '/api/v1/remuneration/lines', undefined, county.headers)).json().items.map((l: Line) => l.payer.id)).toEqual(Array(5).fill(regions.townB.id))
    const ownA = await lineOf(a.hearingId, a.hostId)
    expect((await api(t, 'POST', '/api/v1/remuneration/batches', { lineIds: [ownA.id], paidOn: '2026-12-10', reference: 'PZ' }, townA.headers)).statusCode).toBe(201)
    // officers and hosts do not read the ledger
    const officer = t.userWithToken({ role: 'officer', regionId: regions.townA.id })
    expect((await api(t, 'GET', '/api/v1/remuneration/lines', undefined, officer.headers)).statusCode).toBe(403)
  })

  test('a member with an account sees their own lines, whichever township pays', async () => {
    const { t, a, regions } = await concludedPair()
    const me = linkedAccount(t, a.officerIds[0]!, 'officer', regions.townA.id)
    const mine = await api(t, 'GET', '/api/v1/me/remuneration?year=2026', undefined, me.headers)
    expect(mine.statusCode, mine.body).toBe(200)
    expect(mine.json()).toMatchObject({ memberId: a.officerIds[0], total: { lines: 1, halfDays: 2, amountYuan: 400 } })
    const unlinked = t.userWithToken({ role: 'officer', regionId: regions.townA.id })
    expectProblem(await api(t, 'GET', '/api/v1/me/remuneration', undefined, unlinked.headers), 404, 'remuneration.no_linked_member')
  })

  test('lowering the cap before the hearing concludes lowers the rate of a fee member', async () => {
    const f = await twoHearings()
    const { t, a } = f
    payAs(t, a.hostId, 'fee_per_half_day', 200)
    t.db.update(poolSettingsTable).set({ feeCapYuan: 120 }).run()
    await hold(t, a.hearingId, '2026-12-10T02:00:00.000Z')
    const line = (await api(t, 'GET', `/api/v1/remuneration/lines?hearingId=${a.hearingId}&memberId=${a.hostId}`)).json().items[0]
    expect(line).toMatchObject({ halfDays: 1, rateYuan: 120, amountYuan: 120 })
  })
})
