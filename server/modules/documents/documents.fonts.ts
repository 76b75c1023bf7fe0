import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { projectRequire } from '../../shared/paths.js'
import { codePointLabel } from './documents.text-safety.js'

/** The part of a fontkit font we use; pdfkit accepts the object itself in registerFont. */
export type GlyphFont = {
  postscriptName: string
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
 * Tried in order for characters the primary font lacks (mostly rare characters of CJK Extension B and later in
 * personal names). Each is read only when first needed. The Debian fonts-noto-cjk files are used when the
 * machine has them; nothing depends on their presence.
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
      const face = FALLBACK_SOURCES.map(fallbackFace).find((f) => f?.font.hasGlyphForCodePoint(cp))
      if (face) fallbackFor.set(ch, face)
      else missing.set(ch, codePointLabel(ch))
    }
  }
  return { fallbackFor, missing: [...missing].map(([character, codePoint]) => ({ character, codePoint })) }
}
