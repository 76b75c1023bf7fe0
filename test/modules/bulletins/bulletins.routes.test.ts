import { describe, expect, test } from 'vitest'
import { createHash } from 'node:crypto'
import ExcelJS from 'exceljs'
import { createTestApp } from '../../helpers/app.js'
import { seedProvincialHearings } from '../exports/exports.fixture.js'

/** A JSON body with the caller's headers. */
const withBody = (headers: Record<string, string>, body: unknown) => ({ headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) })

async function setup () {
  const t = await createTestApp()
  const f = seedProvincialHearings(t)
  return { t, f }
}

describe('bulletins routes', () => {
  test('POST issues a bulletin from the statistics of the period; the PDF downloads byte-identically, the .xlsx reads back', async () => {
    const { t } = await setup()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/bulletins', ...withBody(t.admin.headers, { from: '2026-11-01', to: '2026-11-30' }) })
    expect(res.statusCode).toBe(201)
    const issued = res.json() as { id: number, number: string, title: string, sha256: string, pdf: string, xlsx: string, summary: string, issuedAt: string }
    expect(issued.number).toBe('滨信访〔2026〕1号')
    expect(issued.title).toBe('关于2026年11月全市信访事项听证工作情况的通报')
    expect(issued.issuedAt).toBe('2026-11-28T09:00:00.000+08:00')
    expect(issued.pdf).toBe(`/api/v1/bulletins/${issued.id}.pdf`)
    // by hand: in November only matter B's 复查 stage (西城县) was decided, and its hearing was held on 11-01
    expect(issued.summary.startsWith('2026年11月，全市应听证信访事项1件，举行听证1件，听证率为100.0%，高于50%的目标要求50个百分点，听证工作得分10分（满分10分）。西城县听证率为100.0%。各县（市、区）听证率均达到50%的目标要求。东城区本期没有应听证的信访事项。')).toBe(true)

    // the figures are the statistics service's for the whole city
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/bulletins/${issued.id}`, headers: t.admin.headers })).json() as { figures: { city: { eligible: number, heard: number }, counties: { name: string }[], months: { month: string }[] } }
    const report = t.services.statistics.hearingRate(t.admin.actor, { from: '2026-11-01', to: '2026-11-30', level: 'county' })
    expect(detail.figures.city).toMatchObject({ eligible: report.totals.denominator, heard: report.totals.numerator })
    expect(detail.figures.counties.map((c) => c.name).sort()).toEqual(['东城区', '西城县'].sort())
    expect(detail.figures.months.map((m) => m.month)).toEqual(['2026-11'])

    const download = () => t.app.inject({ method: 'GET', url: issued.pdf, headers: t.admin.headers })
    const [a, b] = [await download(), await download()]
    expect(a.statusCode).toBe(200)
    expect(a.headers['content-type']).toBe('application/pdf')
    expect(a.headers['x-content-sha256']).toBe(issued.sha256)
    expect(createHash('sha256').update(a.rawPayload).digest('hex')).toBe(issued.sha256)
    expect(a.rawPayload.equals(b.rawPayload)).toBe(true)
    expect(a.headers['content-disposition']).toContain(encodeURIComponent('滨信访〔2026〕1号'))

    const xlsx = await t.app.inject({ method: 'GET', url: issued.xlsx, headers: t.admin.headers })
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer)
    const total = workbook.getWorksheet('各县（市、区）听证率')!.getRow(4).values as unknown[]
    expect(total.slice(2, 5)).toEqual(['全市', report.totals.denominator, report.totals.numerator])

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/bulletins', headers: t.admin.headers })
    expect((list.json() as { items: { number: string }[] }).items.map((i) => i.number)).toEqual(['滨信访〔2026〕1号'])
  })

  test('who may issue and read; unknown fields and bad periods are refused', async () => {
    const { t, f } = await setup()
    const county = t.userWithToken({ role: 'coordinator', regionId: f.regions.countyA.id })
    const post = (headers: Record<string, string>, body: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/bulletins', ...withBody(headers, body) })
    expect((await post(county.headers, { from: '2026-11-01', to: '2026-11-30' })).json()).toMatchObject({ status: 403, code: 'bulletins.city_staff_only' })
    expect((await post(t.admin.headers, { from: '2026-11-01', to: '2026-11-30', extra: 1 })).statusCode).toBe(400)
    expect((await post(t.admin.headers, { from: '2026-11-30', to: '2026-11-01' })).json()).toMatchObject({ status: 422, code: 'bulletins.invalid_period' })
    const auditor = t.userWithToken({ role: 'auditor', regionId: f.regions.countyB.id })
    expect((await post(auditor.headers, { from: '2026-11-01', to: '2026-11-30' })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/bulletins', headers: auditor.headers })).statusCode).toBe(200)
    const officer = t.userWithToken({ role: 'officer', regionId: f.regions.countyA.id })
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/bulletins', headers: officer.headers })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/bulletins/99.pdf', headers: t.admin.headers })).json()).toMatchObject({ status: 404, code: 'bulletins.not_found' })
  })
})
