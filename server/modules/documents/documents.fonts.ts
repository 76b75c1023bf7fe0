import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { projectRequire } from '../../common/paths.js'
import { codePointLabel } from './documents.text-safety.js'

/** The part of a fontkit font we use; pdfkit accepts the object itself in registerFont. */
export type GlyphFont = {
  postscriptName: string
  ascent: number
  unitsPerEm: number
  hasGlyphForCodePoint: (codePoint: number) => boolean
  layout: (text: string) => unknown
}

export type FontFace = { key: string, font: GlyphFont, source: string }

type FallbackSource = { key: string, source: string, load: () => GlyphFont | undefined }

// Font packages resolve from the project root, so the bundle in dist/ finds the same files as the sources.
const require = projectRequire
// fontkit is pdfkit's own dependency: resolve it from pdfkit so we parse fonts with the same version pdfkit uses.
// Loaded on first use, so that starting the service does not pay for it.
let fontkit: { create: (buffer: Buffer, postscriptName?: string) => GlyphFont } | undefined

function loadFont (source: string, postscriptName?: string): GlyphFont {
  fontkit ??= createRequire(require.resolve('pdfkit'))('fontkit') as { create: (buffer: Buffer, postscriptName?: string) => GlyphFont }
  return fontkit.create(readFileSync(source), postscriptName)
}

const SERIF_REGULAR = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf')
const SERIF_BOLD = require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf')

function optionalNpmFont (key: string, specifier: string): FallbackSource {
  let source = specifier
  try { source = require.resolve(specifier) } catch { /* package absent: skipped below */ }
  return { key, source, load: () => existsSync(source) ? loadFont(source) : undefined }
}

function optionalSystemFont (key: string, source: string, postscriptName: string): FallbackSource {
  return { key, source, load: () => existsSync(source) ? loadFont(source, postscriptName) : undefined }
}

/**
 * HanaMin (花园明朝 A/B, GlyphWiki; Hanazono Font License or SIL OFL 1.1) from the npm package `hanamin`, which
 * ships it as WOFF2 slices of about 1,000 characters each, listed with their unicode-range in HanaMin.css. It
 * covers CJK Extensions A to F completely (U+20000 𠀀 … U+2A6A5 𪚥 …). For a character, only the one slice whose
 * range holds it is read; fontkit reads a slice's cmap directly, and for embedding it is decompressed to TrueType
 * once (fontkit cannot subset WOFF2), see `embeddableFace`.
 */
type Slice = { file: string, ranges: [number, number][] }
let hanaminSlices: Slice[] | undefined

function hanaminIndex (): Slice[] {
  if (hanaminSlices) return hanaminSlices
  let css = ''
  let dir = ''
  try {
    const cssPath = require.resolve('hanamin/HanaMin.css')
    dir = cssPath.slice(0, cssPath.length - 'HanaMin.css'.length)
    css = readFileSync(cssPath, 'utf8')
  } catch { /* package absent: no slices */ }
  const slices: Slice[] = []
  for (const rule of css.split('@font-face').slice(1)) {
    const file = /url\(([^)]+\.woff2)\)/.exec(rule)?.[1]
    const range = /unicode-range:\s*([^;]+);/.exec(rule)?.[1]
    if (!file || !range) continue
    const ranges = range.split(',').map((part): [number, number] => {
      const [from, to] = part.trim().replace(/^U\+/i, '').split('-')
      return [parseInt(from!, 16), parseInt(to ?? from!, 16)]
    })
    slices.push({ file: dir + file, ranges })
  }
  hanaminSlices = slices
  return slices
}

const hanaminFaces = new Map<string, FontFace | null>()

/** The HanaMin slice face that draws `codePoint`, or null. */
function hanaminFace (codePoint: number): FontFace | null {
  const slice = hanaminIndex().find((s) => s.ranges.some(([from, to]) => codePoint >= from && codePoint <= to))
  if (!slice) return null
  if (!hanaminFaces.has(slice.file)) {
    const key = 'fallback-hanamin-' + (hanaminFaces.size + 1)
    hanaminFaces.set(slice.file, existsSync(slice.file) ? { key, font: loadFont(slice.file), source: slice.file } : null)
  }
  const face = hanaminFaces.get(slice.file) ?? null
  return face?.font.hasGlyphForCodePoint(codePoint) ? face : null
}

/**
 * Tried in order for characters the primary font lacks (mostly rare characters of CJK Extension B and later in
 * personal names). Each is read only when first needed. HanaMin comes with `npm ci`; the Debian fonts-noto-cjk
 * files are used when the machine has them, but nothing depends on their presence.
 */
const FALLBACK_SOURCES: FallbackSource[] = [
  optionalNpmFont('fallback-sans-sc', '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  optionalSystemFont('fallback-serif-cjk', '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular'),
  optionalSystemFont('fallback-sans-cjk', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular')
]

let primary: { regular: FontFace, bold: FontFace } | undefined
const fallbacks = new Map<string, FontFace | null>()

/** Noto Serif SC Regular and Bold, parsed once per process and shared by every document. */
export function primaryFonts () {
  primary ??= {
    regular: { key: 'serif-regular', font: loadFont(SERIF_REGULAR), source: SERIF_REGULAR },
    bold: { key: 'serif-bold', font: loadFont(SERIF_BOLD), source: SERIF_BOLD }
  }
  return primary
}

function fallbackFace (source: FallbackSource): FontFace | null {
  if (!fallbacks.has(source.key)) {
    const font = source.load()
    fallbacks.set(source.key, font ? { key: source.key, font, source: source.source } : null)
  }
  return fallbacks.get(source.key) ?? null
}

/** Characters that need no glyph: line breaks are layout. */
const NO_GLYPH_NEEDED = new Set([0x0a])
const primaryCoverage = new Map<number, boolean>()

function primaryCovers (codePoint: number) {
  let covered = primaryCoverage.get(codePoint)
  if (covered === undefined) {
    const { regular, bold } = primaryFonts()
    covered = regular.font.hasGlyphForCodePoint(codePoint) && bold.font.hasGlyphForCodePoint(codePoint)
    primaryCoverage.set(codePoint, covered)
  }
  return covered
}

/** Noto Sans SC, then the HanaMin slice for the character, then the system fonts: the first that has it. */
function fallbackFaceFor (codePoint: number): FontFace | null {
  const [sans, ...system] = FALLBACK_SOURCES
  const has = (face: FontFace | null) => face?.font.hasGlyphForCodePoint(codePoint) ? face : null
  return has(fallbackFace(sans!)) ?? hanaminFace(codePoint) ?? system.map(fallbackFace).find(has) ?? null
}

export type GlyphPlan = {
  /** Characters the primary font lacks, each mapped to the fallback face that draws it. */
  fallbackFor: Map<string, FontFace>
  /** Characters no available font can draw, in order of first appearance. */
  missing: { character: string, codePoint: string }[]
}

/** Checks every character of every string against the primary font, then against the fallbacks. */
export function planGlyphs (strings: Iterable<string>): GlyphPlan {
  const fallbackFor = new Map<string, FontFace>()
  const missing = new Map<string, string>()
  for (const text of strings) {
    for (const ch of text) {
      const cp = ch.codePointAt(0)!
      if (NO_GLYPH_NEEDED.has(cp) || primaryCovers(cp) || fallbackFor.has(ch) || missing.has(ch)) continue
      const face = fallbackFaceFor(cp)
      if (face) fallbackFor.set(ch, face)
      else missing.set(ch, codePointLabel(ch))
    }
  }
  return { fallbackFor, missing: [...missing].map(([character, codePoint]) => ({ character, codePoint })) }
}

/** Characters of `text` that no font available to the documents can draw, each once, in order. */
export function unprintableCharacters (text: string): { character: string, codePoint: string }[] {
  // the common case, plain ASCII, needs no font at all
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007E]*$/.test(text)) return []
  return planGlyphs([text]).missing
}

// WOFF2 slices decompressed to TrueType, for pdfkit to subset and embed; one per slice and process.
let wawoff2: { decompress: (input: Buffer) => Promise<Uint8Array> } | undefined
const embeddable = new Map<string, Promise<FontFace>>()

/** The face as pdfkit can embed it: a WOFF2 source is decompressed to TrueType (once per process). */
export function embeddableFace (face: FontFace): Promise<FontFace> {
  if (!face.source.endsWith('.woff2')) return Promise.resolve(face)
  let ready = embeddable.get(face.key)
  if (!ready) {
    wawoff2 ??= require('wawoff2') as { decompress: (input: Buffer) => Promise<Uint8Array> }
    fontkit ??= createRequire(require.resolve('pdfkit'))('fontkit') as { create: (buffer: Buffer, postscriptName?: string) => GlyphFont }
    const create = fontkit.create
    ready = wawoff2.decompress(readFileSync(face.source)).then((ttf) => ({ ...face, font: create(Buffer.from(ttf)) }))
    embeddable.set(face.key, ready)
  }
  return ready
}

/** The plan's fallback faces replaced by embeddable ones (same keys). */
export async function embeddableFallbacks (fallbackFor: Map<string, FontFace>): Promise<Map<string, FontFace>> {
  const out = new Map<string, FontFace>()
  for (const [ch, face] of fallbackFor) out.set(ch, await embeddableFace(face))
  return out
}
