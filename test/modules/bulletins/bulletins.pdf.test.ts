import { describe, expect, test } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { renderBulletin, type BulletinDocument } from '../../../server/modules/bulletins/bulletins.pdf.js'
import { bulletinTitle, summaryText } from '../../../server/modules/bulletins/bulletins.rules.js'
import { renderChartSvg } from '../../../server/modules/documents/documents.charts.js'
import { sampleFigures } from './bulletins.fixture.js'

/** The path of a command-line tool when the machine has it (qpdf, poppler's pdftotext are optional). */
const which = (tool: string) => { try { return execFileSync('which', [tool], { encoding: 'utf8' }).trim() || null } catch { return null } }
const QPDF = which('qpdf')
const PDFTOTEXT = which('pdftotext')
const NOW = new Date('2026-12-05T02:00:00Z')

function bulletin (townships = 12): BulletinDocument {
  const figures = sampleFigures({ townships })
  return { title: bulletinTitle(figures.period), number: '滨信访〔2026〕12号', recipients: '各县（市、区）信访局，市直有关部门：', summary: summaryText(figures), figures, issuer: '滨海市信访局', issuedAt: NOW }
}

/** Runs a poppler/qpdf tool on the bytes in a temporary file. */
function onFile<T> (bytes: Buffer, run: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'bulletin-'))
  try {
    const file = join(dir, 'b.pdf')
    writeFileSync(file, bytes)
    return run(file)
  } finally { rmSync(dir, { recursive: true, force: true }) }
}

describe('bulletin PDF', () => {
  test('same input and time give the same bytes; fonts are embedded subsets of Noto Serif SC; no raster images', async () => {
    const a = await renderBulletin(bulletin(), { now: NOW })
    const b = await renderBulletin(bulletin(), { now: NOW })
    expect(a.sha256).toBe(b.sha256)
    expect(a.bytes.equals(b.bytes)).toBe(true)
    const latin1 = a.bytes.toString('latin1')
    expect(latin1).toMatch(/\/[A-Z]{6}\+NotoSerifSC-Regular/)
    expect(latin1).toMatch(/\/[A-Z]{6}\+NotoSerifSC-Bold/)
    expect(latin1).toContain('/FontFile2')
    expect(latin1).not.toContain('/Subtype /Image')
    expect(a.pageCount).toBeGreaterThanOrEqual(3)
    expect(a.bytes.length).toBeLessThan(400_000)
  })

  test.skipIf(!QPDF)('passes qpdf --check (skipped when qpdf is not installed: apt-get install qpdf)', async () => {
    const { bytes } = await renderBulletin(bulletin(), { now: NOW })
    const out = onFile(bytes, (file) => execFileSync(QPDF!, ['--check', file], { encoding: 'utf8' }))
    expect(out).toContain('No syntax or stream encoding errors found')
  })

  test.skipIf(!PDFTOTEXT)('Chinese text extracts with pdftotext: title, 文号, county names in tables and charts, page numbers (skipped without poppler-utils)', async () => {
    const { bytes, pageCount } = await renderBulletin(bulletin(), { now: NOW })
    const text = onFile(bytes, (file) => execFileSync(PDFTOTEXT!, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }))
    const flat = text.replace(/\s+/g, '')
    expect(flat).toContain('关于2026年1—11月全市信访事项听证工作情况的通报')
    expect(flat).toContain('滨信访〔2026〕12号')
    expect(flat).toContain('各县（市、区）信访局，市直有关部门：')
    expect(flat).toContain('听证率为43.2%')
    for (const county of ['东城区', '西城县', '南湖区', '北港县', '临海市', '青山县']) expect(flat).toContain(county)
    expect(flat).toContain('图1各县（市、区）听证率')
    expect(flat).toContain('目标50%')
    expect(flat).toContain(`第${pageCount}页共${pageCount}页`)
    expect(flat).toContain('滨海市信访局2026年12月5日')
  })

  test('the charts are vector SVG: county names and values are text elements, bars and lines are paths', async () => {
    const { svgs, warnings } = await renderBulletin(bulletin(), { now: NOW })
    expect(warnings).toEqual([])
    expect(svgs).toHaveLength(3)
    const [rates, review, trend] = svgs as [string, string, string]
    for (const county of ['东城区', '西城县', '南湖区', '北港县', '临海市', '青山县']) expect(rates).toContain(`>${county}</text>`)
    expect(rates).toContain('>60.0%</text>')
    expect(rates).toContain('>目标 50%</text>')
    expect(rates).toMatch(/<path d="M[^"]+"[^>]*fill="#3b6fb6"/)
    expect(review).toContain('>按期办结（3分）</text>')
    expect(trend).toContain('>1月</text>')
    expect(trend).toContain('>11月</text>')
    for (const svg of svgs) {
      expect(svg).not.toContain('<image')
      expect(svg).toContain('font-family:serif-regular')
    }
  })

  test('renderChartSvg on its own: the size asked for, the chart font, nothing left behind between calls', async () => {
    const option = { xAxis: { type: 'category', data: ['甲', '乙'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [1, 2] }] }
    const a = await renderChartSvg(option, { width: 300, height: 200 })
    const b = await renderChartSvg(option, { width: 300, height: 200 })
    expect(a).toBe(b)
    expect(a).toMatch(/^<svg width="300" height="200"/)
    expect(a).toContain('>甲</text>')
  })

  test('a bulletin with 150 townships stays small (fonts subset) and its table continues over pages', async () => {
    const { bytes, pageCount } = await renderBulletin(bulletin(150), { now: NOW })
    expect(bytes.length).toBeLessThan(1_000_000)
    expect(pageCount).toBeGreaterThan(6)
    if (PDFTOTEXT) {
      const text = onFile(bytes, (file) => execFileSync(PDFTOTEXT!, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })).replace(/\s+/g, '')
      expect(text).toContain('第150街道')
    }
  })
})
