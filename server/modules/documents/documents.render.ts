import { sha256Hex } from '../../common/hash.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { projectPath } from '../../common/paths.js'
import { missingGlyphs, templateInvalid, unknownDocumentKind } from './documents.errors.js'
import { embeddableFallbacks, planGlyphs, primaryFonts } from './documents.fonts.js'
import { DOCUMENT_DEFINITIONS } from './documents.kinds.js'
import { layoutPdf } from './documents.pdf-layout.js'
import { documentStrings, parseTemplate, resolveTemplate, type DocumentTemplate, type ResolvedDocument } from './documents.template.js'
import { cleanViewModel } from './documents.text-safety.js'
import { DOCUMENT_KINDS, type DocumentKind, type DocumentViewModels, type RenderedDocument } from './documents.view-models.js'

/** templates/documents in the project, found the same way from the sources and from dist/main.mjs. */
export const DEFAULT_TEMPLATES_DIR = projectPath('templates', 'documents')

export type DocumentTemplates = Record<DocumentKind, DocumentTemplate>

const loaded = new Map<string, DocumentTemplates>()

/**
 * Reads and checks the template of every kind; throws documents.template_invalid listing every problem.
 * Cached per directory, so call it at startup to fail early and later for free.
 */
export function loadDocumentTemplates ({ dir = DEFAULT_TEMPLATES_DIR }: { dir?: string } = {}): DocumentTemplates {
  const cached = loaded.get(dir)
  if (cached) return cached
  const templates = {} as DocumentTemplates
  for (const kind of DOCUMENT_KINDS) {
    const { file, context } = DOCUMENT_DEFINITIONS[kind]
    let json: unknown
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'))
    } catch (error) {
      throw templateInvalid({ file, problems: [(error as Error).message] }, `${file}: ${(error as Error).message}`)
    }
    templates[kind] = parseTemplate(json, { kind, file, context })
  }
  loaded.set(dir, templates)
  return templates
}

/** For startup: parses the fonts once and checks every template, so a broken template stops the service early. */
export function prepareDocuments (options: { dir?: string } = {}): DocumentTemplates {
  primaryFonts()
  return loadDocumentTemplates(options)
}

function definitionOf (kind: string) {
  if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) throw unknownDocumentKind({ kind }, `未知文书种类：${kind}`)
  return DOCUMENT_DEFINITIONS[kind as DocumentKind]
}

/**
 * View-model → the document's text and structure, before layout: strings cleaned (control characters refused),
 * the template filled. Pure; used by renderDocument and for plain-text previews.
 */
export function resolveDocument<K extends DocumentKind> (kind: K, viewModel: DocumentViewModels[K], { templates }: { templates?: DocumentTemplates } = {}): ResolvedDocument {
  const definition = definitionOf(kind) as { build: (vm: DocumentViewModels[K]) => unknown }
  const template = (templates ?? loadDocumentTemplates())[kind]
  return resolveTemplate(template, definition.build(cleanViewModel(viewModel)))
}

function fieldsContaining (value: unknown, characters: Set<string>, path = ''): string[] {
  if (typeof value === 'string') return [...value].some((ch) => characters.has(ch)) ? [path] : []
  if (Array.isArray(value)) return value.flatMap((v, i) => fieldsContaining(v, characters, `${path}[${i}]`))
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([k, v]) => fieldsContaining(v, characters, path ? `${path}.${k}` : k))
  }
  return []
}

/**
 * Renders one document to PDF bytes. Every character is checked against the fonts before layout: characters the
 * main font lacks are drawn from a fallback font, and characters no font has are refused with
 * documents.missing_glyphs naming them and the fields they are in. `now` becomes the PDF's creation date, so the
 * same input gives the same bytes.
 */
export async function renderDocument<K extends DocumentKind> (
  kind: K,
  viewModel: DocumentViewModels[K],
  { now, templates }: { now: Date, templates?: DocumentTemplates }
): Promise<RenderedDocument> {
  const resolved = resolveDocument(kind, viewModel, templates ? { templates } : {})
  const plan = planGlyphs(documentStrings(resolved))
  if (plan.missing.length > 0) {
    const characters = plan.missing.map((m) => ({ ...m, fields: fieldsContaining(viewModel, new Set([m.character])) }))
    const listed = characters.map((c) => `“${c.character}”（${c.codePoint}）`).join('、')
    throw missingGlyphs({ characters }, `字体中没有以下字符，无法打印：${listed}`)
  }
  const { bytes, pageCount } = await layoutPdf(resolved, { now, fallbackFor: await embeddableFallbacks(plan.fallbackFor) })
  return {
    kind,
    title: resolved.title,
    bytes,
    sha256: sha256Hex(bytes),
    pageCount
  }
}
