import { describe, expect, test } from 'vitest'
import { api, hold, payAs, twoHearings } from './remuneration.fixture.js'

type Line = { id: number, hearing: { id: number }, halfDays: number, amountYuan: number }
type Page = { items: Line[], total: { lines: number, halfDays: number, amountYuan: number }, page?: number, pageSize?: number }

/**
 * Hearing A (09:00–12:40, two half-days): host 150 yuan per half-day (300), an officer at 250 capped to 200 (400),
 * the other three public interest. Hearing B (09:00–10:30, one half-day): host 300 with a senior title (300), four
 * more at 0. Ten lines, 5 × 2 + 5 × 1 = 15 half-days, 1,000 yuan.
 */
async function tenLines () {
  const f = await twoHearings()
  const { t, a, b } = f
  payAs(t, a.hostId, 'fee_per_half_day', 150)
  payAs(t, a.officerIds[0]!, 'fee_per_half_day', 250)
  payAs(t, b.hostId, 'fee_per_half_day', 300, true)
  await hold(t, a.hearingId, '2026-12-10T04:40:00.000Z')
  await hold(t, b.hearingId, '2026-12-10T02:30:00.000Z')
  t.clock.set('2026-12-10T08:00:00.000Z')
  const list = async (query: string) => {
    const res = await api(t, 'GET', `/api/v1/remuneration/lines${query}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as Page
  }
  return { ...f, list }
}

describe('ledger lines by page', () => {
  test('page and pageSize give one page in ledger order, with the totals of every matching line; without them the whole list as before', async () => {
    const { a, b, list } = await tenLines()
    const all = await list('')
    expect(all.items).toHaveLength(10)
    expect(all.page).toBeUndefined()
    expect(all.total).toEqual({ lines: 10, halfDays: 15, amountYuan: 1000 })

    const second = await list('?page=2&pageSize=4')
    expect(second).toMatchObject({ page: 2, pageSize: 4, total: { lines: 10, halfDays: 15, amountYuan: 1000 } })
    expect(second.items.map((l) => l.id)).toEqual(all.items.slice(4, 8).map((l) => l.id))
    const last = await list('?page=3&pageSize=4')
    expect(last.items.map((l) => l.id)).toEqual(all.items.slice(8).map((l) => l.id))
    expect((await list('?page=4&pageSize=4')).items).toEqual([])

    // the filters apply to the page and to the totals; pageSize alone starts at page 1, page alone takes 50
    const ofB = await list(`?hearingId=${b.hearingId}&pageSize=2`)
    expect(ofB).toMatchObject({ page: 1, pageSize: 2, total: { lines: 5, halfDays: 5, amountYuan: 300 } })
    expect(ofB.items.every((l) => l.hearing.id === b.hearingId)).toBe(true)
    const ofA = await list(`?hearingId=${a.hearingId}&page=1`)
    expect(ofA).toMatchObject({ page: 1, pageSize: 50, total: { lines: 5, halfDays: 10, amountYuan: 700 } })
    expect(ofA.items).toHaveLength(5)
  })

  test('a page size above 500 is refused', async () => {
    const { t } = await tenLines()
    const res = await api(t, 'GET', '/api/v1/remuneration/lines?page=1&pageSize=501')
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'request.invalid', errors: [{ field: 'pageSize' }] })
  })
})
