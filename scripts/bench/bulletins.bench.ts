/**
 * The bulletin (通报) PDF: three ECharts charts rendered to SVG and drawn as vector content, and the township table
 * with 150 rows over several pages, with the embedded Noto Serif SC subsets. Timed from the figures to the bytes
 * (chart SVGs, layout, font subsetting), as issuing does it.
 */
import { renderBulletin, type BulletinDocument } from '../../server/modules/bulletins/bulletins.pdf.js'
import { bulletinTitle, summaryText } from '../../server/modules/bulletins/bulletins.rules.js'
import { sampleFigures } from '../../test/modules/bulletins/bulletins.fixture.js'
import { medianMs, round, type Figure } from './types.js'

const NOW = new Date('2026-12-05T02:00:00Z')
const TOWNSHIPS = 150

function bulletin (): BulletinDocument {
  const figures = sampleFigures({ townships: TOWNSHIPS })
  return { title: bulletinTitle(figures.period), number: '滨信访〔2026〕12号', recipients: '各县（市、区）信访局，市直有关部门：', summary: summaryText(figures), figures, issuer: '滨海市信访局', issuedAt: NOW }
}

const sizes = (pages: number) => `3 charts, ${TOWNSHIPS}-row township table, ${pages} pages`

export const figures: Figure[] = [
  {
    name: 'bulletin_pdf_median_ms',
    run: async () => {
      const doc = bulletin()
      const { pageCount } = await renderBulletin(doc, { now: NOW })
      const value = await medianMs(() => renderBulletin(doc, { now: NOW }), { runs: 15, warmup: 3 })
      return { value: round(value, 1), unit: 'ms', sizes: `${sizes(pageCount)}; goal <= 500 ms` }
    }
  },
  {
    name: 'bulletin_pdf_kb',
    run: async () => {
      const { bytes, pageCount } = await renderBulletin(bulletin(), { now: NOW })
      return { value: round(bytes.length / 1024, 1), unit: 'KB', sizes: `${sizes(pageCount)}; goal <= 1000 KB` }
    }
  }
]
