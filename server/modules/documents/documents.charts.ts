import type { EChartsCoreOption } from 'echarts/core'
import { primaryFonts, type FontFace } from './documents.fonts.js'

/**
 * Charts in PDFs: Apache ECharts renders a chart server-side to an SVG string (zrender's string renderer: no DOM, no
 * canvas), and svg-to-pdfkit draws that SVG into the pdfkit page as vector paths and text. The text of a chart is set
 * in the documents' own font: the chart options name the pdfkit font keys as font family, and the font callback maps
 * every family (bold or not) to the registered Noto Serif SC faces, so chart labels are embedded in the same subset as
 * the body text and extract as text.
 */

/** The font family a chart's text names; svg-to-pdfkit's font callback resolves it to the registered pdfkit font. */
export const CHART_FONT_FAMILY = 'serif-regular'

export type ChartSize = { width: number, height: number }

type EChartsModule = typeof import('echarts/core')
type SvgToPdf = typeof import('svg-to-pdfkit')
type SvgToPdfOptions = import('svg-to-pdfkit').Options

// Loaded on first use, like pdfkit: most processes never draw a chart.
let echarts: EChartsModule | undefined
let svgToPdf: SvgToPdf | undefined

async function loadECharts (): Promise<EChartsModule> {
  if (echarts) return echarts
  const [core, charts, components, renderers] = await Promise.all([
    import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')
  ])
  core.use([charts.BarChart, charts.LineChart, components.GridComponent, components.MarkLineComponent, components.LegendComponent, components.TitleComponent, renderers.SVGRenderer])
  echarts = core
  return core
}

/**
 * The SVG without what only a browser uses: hover styles and the class names that bind them (numbered per chart
 * instance, so two renderings of one option would otherwise differ) and the data-index attributes of hydration.
 */
function withoutInteraction (svg: string) {
  return svg
    .replace(/<style[^>]*>[\s\S]*?<\/style>\s*/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
}

/**
 * Renders an ECharts option to an SVG string of `size` (CSS pixels). Animation is switched off, so the SVG is the
 * final picture; the same option gives the same string. The chart instance is disposed before returning.
 */
export async function renderChartSvg (option: EChartsCoreOption, size: ChartSize): Promise<string> {
  const core = await loadECharts()
  const chart = core.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height })
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT_FAMILY }, ...option })
    return withoutInteraction(chart.renderToSVGString())
  } finally {
    chart.dispose()
  }
}

/** The primary faces registered in `doc` under their keys (pdfkit keeps a registry per document). */
type PdfWithRegistry = PDFKit.PDFDocument & { _registeredFonts?: Record<string, unknown> }
type RegisterFont = (this: PDFKit.PDFDocument, name: string, src: unknown) => PDFKit.PDFDocument

function ensureFont (doc: PdfWithRegistry, face: FontFace) {
  if (doc._registeredFonts && Object.hasOwn(doc._registeredFonts, face.key)) return
  // pdfkit accepts a parsed fontkit font as a font source (see documents.pdf-layout)
  ;(doc.registerFont as RegisterFont).call(doc, face.key, face.font)
}

/** Loads svg-to-pdfkit (CommonJS) once; call before the synchronous drawing starts. */
export async function prepareChartDrawing () {
  svgToPdf ??= (await import('svg-to-pdfkit')).default
}

/**
 * Draws an SVG (from renderChartSvg) at x, y (points) scaled to `size` (points). Every text of the SVG is set in Noto
 * Serif SC (bold where the SVG says bold). The document's current font, size and colours are restored afterwards.
 * `prepareChartDrawing` must have been awaited once in the process. Returns svg-to-pdfkit's warnings (SVG features it
 * skipped); the charts the bulletins draw give none, and a warning never stops a document from being printed.
 */
export function drawSvg (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, size: ChartSize): string[] {
  if (!svgToPdf) throw new Error('drawSvg: call prepareChartDrawing() first')
  const { regular, bold } = primaryFonts()
  ensureFont(doc, regular)
  ensureFont(doc, bold)
  const warnings: string[] = []
  doc.save()
  const options: SvgToPdfOptions = {
    width: size.width,
    height: size.height,
    preserveAspectRatio: 'xMidYMid meet',
    fontCallback: (_family, isBold) => (isBold ? bold.key : regular.key),
    warningCallback: (warning) => { warnings.push(warning) }
  }
  // the typings declare the pdfkit class where the function takes a document instance
  Reflect.apply(svgToPdf, undefined, [doc, svg, x, y, options])
  doc.restore()
  doc.font(regular.key)
  return warnings
}
