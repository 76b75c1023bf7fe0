import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { auditLogTable, bulletinsTable } from '../../../db/schema/index.js'
import { sha256Hex } from '../../../server/common/hash.js'
import { createBulletinsService } from '../../../server/modules/bulletins/bulletins.service.js'
import { BULLETIN_SHEETS } from '../../../server/modules/bulletins/bulletins.xlsx.js'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { sampleFigures } from './bulletins.fixture.js'

async function setup () {
  const t = await createTestApp({ now: '2026-12-05T02:00:00.000Z' })
  const regions = seedRegionTree(t)
  const asked: { from: string, to: string, cityName: string }[] = []
  const service = createBulletinsService({ db: t.db, clock: t.clock, figuresFor: (_actor, period) => { asked.push({ from: period.from, to: period.to, cityName: period.cityName }); expect(period.cityRules).toMatchObject({ targetPercent: 50, stepPercent: 5, pointsPerStep: 1, maxPoints: 10 }); return { ...sampleFigures(), period: { from: period.from, to: period.to } } } })
  return { t, regions, service, asked }
}

describe('bulletins service', () => {
  test('issuing numbers each bulletin with the bureau\'s next serial, stores bytes, hash and figures, and audits it', async () => {
    const { t, service, asked } = await setup()
    const first = await service.issue(t.admin.actor, { from: '2026-01-01', to: '2026-11-30' })
    const second = await service.issue(t.admin.actor, { from: '2026-11-01', to: '2026-11-30', title: '关于11月份听证工作的通报' })
    expect(asked).toEqual([{ from: '2026-01-01', to: '2026-11-30', cityName: '滨海市' }, { from: '2026-11-01', to: '2026-11-30', cityName: '滨海市' }])
    expect([first.number, second.number]).toEqual(['滨信访〔2026〕1号', '滨信访〔2026〕2号'])
    expect(first.title).toBe('关于2026年1—11月全市信访事项听证工作情况的通报')
    expect(second.title).toBe('关于11月份听证工作的通报')
    expect(first.issuerName).toBe('滨海市信访局')
    expect(first.summary.startsWith('2026年1—11月，全市应听证信访事项125件')).toBe(true)
    const row = t.db.select().from(bulletinsTable).where(eq(bulletinsTable.id, first.id)).get()!
    expect(row.sha256).toBe(sha256Hex(row.pdf))
    expect(row.byteSize).toBe(row.pdf.length)
    expect((row.figures as { city: { heard: number } }).city.heard).toBe(54)
    expect(service.list().map((b) => b.number)).toEqual(['滨信访〔2026〕2号', '滨信访〔2026〕1号'])
    const audits = t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'bulletin.issue')).all()
    expect(audits).toHaveLength(2)
  })

  test('the PDF is served byte for byte as issued; changed bytes are refused', async () => {
    const { t, service } = await setup()
    const issued = await service.issue(t.admin.actor, { from: '2026-01-01', to: '2026-11-30' })
    const stored = t.db.select().from(bulletinsTable).where(eq(bulletinsTable.id, issued.id)).get()!
    const served = service.pdf(issued.id)
    expect(served.bytes.equals(stored.pdf)).toBe(true)
    expect(served.sha256).toBe(issued.sha256)
    const tampered = Buffer.from(stored.pdf)
    tampered[tampered.length - 10] = tampered[tampered.length - 10]! ^ 1
    t.db.update(bulletinsTable).set({ pdf: tampered }).where(eq(bulletinsTable.id, issued.id)).run()
    expect(() => service.pdf(issued.id)).toThrow(expect.objectContaining({ code: 'documents.integrity_failed' }))
    expect(() => service.pdf(9999)).toThrow(expect.objectContaining({ code: 'bulletins.not_found' }))
  })

  test('the .xlsx holds the same figures as the tables: ranked, numbers as numbers, rates as fractions', async () => {
    const { t, service } = await setup()
    const issued = await service.issue(t.admin.actor, { from: '2026-01-01', to: '2026-11-30' })
    const { bytes } = await service.xlsx(issued.id)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer)
    expect(workbook.worksheets.map((s) => s.name)).toEqual([...BULLETIN_SHEETS])
    const values = (name: string) => {
      const out: unknown[][] = []
      workbook.getWorksheet(name)!.eachRow((row) => { out.push((row.values as unknown[]).slice(1)) })
      return out
    }
    const counties = values('各县（市、区）听证率')
    expect(counties[0]).toEqual(['排名', '县（市、区）', '应听证事项（件）', '举行听证（件）', '听证率', '得分（满分10分）'])
    expect(counties.slice(1, 3)).toEqual([[1, '东城区', 20, 12, 0.6, 10], [2, '西城县', 30, 15, 0.5, 10]])
    expect(counties[6]!.slice(1, 4)).toEqual(['临海市', 0, 0])
    expect(counties[7]).toEqual([undefined, '全市', 125, 54, 54 / 125, 8])
    expect(values('复查工作得分').slice(1)).toEqual([[1, '东城区', 6, 3, 2, 2, 7], [2, '西城县', 4, 3, 1.5, 2, 6.5], [3, '南湖区', 5, 2, 2, 1, 5], [4, '青山县', 3, 1, 1, 0, 2]])
    expect(values('月度走势')).toHaveLength(12)
    expect(values('通报')[1]).toEqual(['文号', '滨信访〔2026〕1号'])
  })

  test('only city staff issue bulletins; the period is checked', async () => {
    const { t, regions, service } = await setup()
    const county = t.userWithToken({ role: 'coordinator', regionId: regions.countyA.id })
    await expect(service.issue(county.actor, { from: '2026-01-01', to: '2026-11-30' })).rejects.toMatchObject({ code: 'bulletins.city_staff_only', status: 403 })
    const city = t.userWithToken({ role: 'coordinator', regionId: regions.city.id })
    await expect(service.issue(city.actor, { from: '2026-01-01', to: '2026-11-30' })).resolves.toMatchObject({ number: '滨信访〔2026〕1号' })
    await expect(service.issue(t.admin.actor, { from: '2026-11-30', to: '2026-11-01' })).rejects.toMatchObject({ code: 'bulletins.invalid_period' })
    await expect(service.issue(t.admin.actor, { from: '2026-02-30', to: '2026-11-01' })).rejects.toMatchObject({ code: 'bulletins.invalid_period' })
  })
})
