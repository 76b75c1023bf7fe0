import type { TSchema } from 'typebox'
import { placeholderMissing, templateInvalid } from './documents.errors.js'

/*
 * Templates are JSON files in templates/documents/, one per document kind: a title, an optional document number,
 * and a list of blocks of a few fixed types. Text may contain {{path}} placeholders that name a value of the
 * kind's context (a TypeBox schema); blocks that repeat over a list (`from`) resolve their item texts against
 * each item, where {{.}} is the item itself. Nothing else: no expressions, no formatting, no HTML. Values are
 * inserted as plain text in one pass, so a value that contains "{{x}}" is printed as is.
 *
 * Templates are checked when loaded: unknown keys and block types, placeholders the context does not have,
 * `from` paths that are not lists. At render time a placeholder whose value is absent is an error, never a
 * silent blank.
 */

export type Align = 'left' | 'center' | 'right'
export type ListStyle = 'numbered' | 'chinese' | 'bullet' | 'none'

export type ResolvedBlock =
  | { type: 'heading', text: string, align: Align }
  | { type: 'paragraph', text: string, indent: boolean, align: Align }
  | { type: 'field-list', fields: { label: string, value: string }[] }
  | { type: 'table', columns: { header: string, width: number, align: Align, nowrap?: boolean }[], rows: string[][], showHeader: boolean, minRowHeight: number, spaceAfter: number, fontSize?: number }
  | { type: 'list', items: string[], style: ListStyle }
  | { type: 'transcript', entries: { speaker: string, text: string }[] }
  | { type: 'signature-block', title?: string, intro?: string, newPage: boolean, dateLine: boolean, entries: { role: string, name: string, remark: string, note: string }[] }
  | { type: 'issuer-block', issuer: string, date: string, seal: boolean }
  | { type: 'spacer', lines: number }

export type ResolvedDocument = {
  title: string
  documentNumber?: string
  author: string
  subject: string
  bodyFontSize: number
  footer?: string
  blocks: ResolvedBlock[]
}

type Json = Record<string, unknown>

/** A parsed, validated template. Its blocks are the JSON objects as written (checked by `parseTemplate`). */
export type DocumentTemplate = {
  kind: string
  file: string
  title: string
  documentNumber?: string
  author?: string
  subject?: string
  bodyFontSize: number
  /** The first footer whose `when` holds is printed on every page. */
  footers: { text: string, when?: string }[]
  blocks: Json[]
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g
const PATH = /^(?:\.|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/

type FieldKind =
  | 'text' // interpolated against the whole context
  | 'item-text' // interpolated against one item of `from`
  | 'path' // a context path (when)
  | 'item-path' // a path inside one item of `from`
  | 'list-path' // a context path to a list (from)
  | 'boolean' | 'number' | 'space' | 'align' | 'list-style'
  | 'text-list' // literal list of texts
  | 'fields' | 'columns' | 'rows' | 'footer'

type BlockSpec = { fields: Record<string, FieldKind>, required: string[] }

function spec (fields: Record<string, FieldKind>, required: string[]): BlockSpec {
  return { fields: { ...fields, when: 'path', $comment: 'text' }, required }
}

const BLOCKS: Record<string, BlockSpec> = {
  heading: spec({ text: 'text', align: 'align' }, ['text']),
  paragraph: spec({ text: 'text', indent: 'boolean', align: 'align' }, ['text']),
  'field-list': spec({ fields: 'fields' }, ['fields']),
  table: spec({ columns: 'columns', from: 'list-path', rows: 'rows', showHeader: 'boolean', minRowHeight: 'number', empty: 'text', fontSize: 'number', spaceAfter: 'space' }, ['columns']),
  list: spec({ items: 'text-list', from: 'list-path', item: 'item-text', style: 'list-style', empty: 'text' }, []),
  transcript: spec({ from: 'list-path', speaker: 'item-text', text: 'item-text', empty: 'text' }, ['from', 'speaker', 'text']),
  'signature-block': spec({ from: 'list-path', role: 'item-text', name: 'item-text', note: 'item-text', refused: 'item-path', refusedRemark: 'text', refusedNote: 'item-text', title: 'text', intro: 'text', newPage: 'boolean', dateLine: 'boolean' }, ['from', 'role', 'name']),
  'issuer-block': spec({ issuer: 'text', date: 'text', seal: 'boolean' }, ['issuer', 'date']),
  spacer: spec({ lines: 'number' }, [])
}

const TOP_LEVEL = new Set(['kind', 'title', 'documentNumber', 'author', 'subject', 'bodyFontSize', 'footer', 'blocks', '$comment'])

type Schema = TSchema & { type?: string, properties?: Record<string, Schema>, items?: Schema }

function schemaAt (root: Schema, path: string): Schema | undefined {
  if (path === '.') return root
  let node: Schema | undefined = root
  for (const segment of path.split('.')) {
    node = node?.type === 'object' ? node.properties?.[segment] : undefined
    if (!node) return undefined
  }
  return node
}

function placeholders (text: string) {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!)
}

/** Checks a template's JSON against the block grammar and the kind's context schema. */
export function parseTemplate (json: unknown, { kind, file, context }: { kind: string, file: string, context: TSchema }): DocumentTemplate {
  const problems: string[] = []
  const root = context as Schema

  const checkText = (value: unknown, where: string, scope: Schema | undefined) => {
    if (typeof value !== 'string') { problems.push(`${where}: 应为字符串`); return }
    const stripped = value.replace(PLACEHOLDER, '')
    if (stripped.includes('{{') || stripped.includes('}}')) problems.push(`${where}: 占位符括号不成对`)
    for (const path of placeholders(value)) {
      if (!PATH.test(path)) { problems.push(`${where}: 占位符 {{${path}}} 写法不正确`); continue }
      const target = scope ? schemaAt(scope, path) : undefined
      if (!target) problems.push(`${where}: 未知占位符 {{${path}}}`)
      else if (!['string', 'number', 'integer'].includes(target.type ?? '')) problems.push(`${where}: 占位符 {{${path}}} 不是文字`)
    }
  }

  const checkPath = (value: unknown, where: string, wantList: boolean): Schema | undefined => {
    if (typeof value !== 'string' || !PATH.test(value) || value === '.') { problems.push(`${where}: 路径写法不正确`); return undefined }
    const target = schemaAt(root, value)
    if (!target) { problems.push(`${where}: 未知数据路径 ${value}`); return undefined }
    if (wantList && target.type !== 'array') { problems.push(`${where}: ${value} 不是列表`); return undefined }
    return target
  }

  const checkObject = (value: unknown, where: string, fields: Record<string, FieldKind>, required: string[], itemScope?: Schema) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) { problems.push(`${where}: 应为对象`); return }
    const obj = value as Json
    for (const key of required) if (!(key in obj)) problems.push(`${where}: 缺少 ${key}`)
    for (const [key, v] of Object.entries(obj)) {
      const fieldKind = fields[key]
      const at = `${where}.${key}`
      if (!fieldKind) { problems.push(`${where}: 未知字段 ${key}`); continue }
      if (key === '$comment') continue
      checkField(fieldKind, v, at, obj, itemScope)
    }
  }

  const checkField = (fieldKind: FieldKind, v: unknown, at: string, block: Json, itemScope?: Schema) => {
    switch (fieldKind) {
      case 'text': checkText(v, at, root); break
      case 'item-text': checkText(v, at, itemScope); break
      case 'path': checkPath(v, at, false); break
      case 'item-path':
        if (typeof v !== 'string' || !PATH.test(v)) problems.push(`${at}: 路径写法不正确`)
        else if (!itemScope || !schemaAt(itemScope, v)) problems.push(`${at}: 未知数据路径 ${v}`)
        break
      case 'list-path': break // checked with the block, it defines the item scope
      case 'boolean': if (typeof v !== 'boolean') problems.push(`${at}: 应为 true 或 false`); break
      case 'number': if (typeof v !== 'number' || !(v > 0) || v > 200) problems.push(`${at}: 应为 0 至 200 之间的数`); break
      case 'space': if (typeof v !== 'number' || !(v >= 0) || v > 10) problems.push(`${at}: 应为 0 至 10 之间的数`); break
      case 'align': if (!['left', 'center', 'right'].includes(v as string)) problems.push(`${at}: 应为 left、center 或 right`); break
      case 'list-style': if (!['numbered', 'chinese', 'bullet', 'none'].includes(v as string)) problems.push(`${at}: 应为 numbered、chinese、bullet 或 none`); break
      case 'text-list':
        if (!Array.isArray(v)) problems.push(`${at}: 应为字符串列表`)
        else v.forEach((t, i) => checkText(t, `${at}[${i}]`, root))
        break
      case 'fields':
        if (!Array.isArray(v) || v.length === 0) problems.push(`${at}: 应为非空列表`)
        else v.forEach((f, i) => checkObject(f, `${at}[${i}]`, { label: 'text', value: 'text', when: 'path', $comment: 'text' }, ['label', 'value']))
        break
      case 'columns':
        if (!Array.isArray(v) || v.length === 0) problems.push(`${at}: 应为非空列表`)
        else {
          v.forEach((c, i) => checkObject(c, `${at}[${i}]`, { header: 'text', width: 'number', align: 'align', value: 'item-text', nowrap: 'boolean', $comment: 'text' }, ['header', 'width'], itemScope))
          if ('from' in block && v.some((c) => !(c as Json)?.value)) problems.push(`${at}: 按列表生成的表格每列都需要 value`)
        }
        break
      case 'rows': {
        const width = Array.isArray(block.columns) ? block.columns.length : 0
        if (!Array.isArray(v)) problems.push(`${at}: 应为二维字符串列表`)
        else {
          v.forEach((row, i) => {
            if (!Array.isArray(row) || row.length !== width) problems.push(`${at}[${i}]: 应有 ${width} 格`)
            else row.forEach((cell, j) => checkText(cell, `${at}[${i}][${j}]`, root))
          })
        }
        break
      }
      case 'footer': {
        const footers = Array.isArray(v) ? v : [v]
        footers.forEach((f, i) => checkObject(f, `${at}[${i}]`, { text: 'text', when: 'path', $comment: 'text' }, ['text']))
        break
      }
    }
  }

  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw templateInvalid({ file, problems: ['应为 JSON 对象'] }, `${file}: 应为 JSON 对象`)
  }
  const top = json as Json
  for (const key of Object.keys(top)) if (!TOP_LEVEL.has(key)) problems.push(`未知字段 ${key}`)
  if (top.kind !== kind) problems.push(`kind 应为 ${kind}`)
  checkText(top.title, 'title', root)
  for (const key of ['documentNumber', 'author', 'subject'] as const) if (key in top) checkText(top[key], key, root)
  if ('bodyFontSize' in top) checkField('number', top.bodyFontSize, 'bodyFontSize', top)
  if ('footer' in top) checkField('footer', top.footer, 'footer', top)

  const blocks = Array.isArray(top.blocks) ? top.blocks : []
  if (!Array.isArray(top.blocks) || blocks.length === 0) problems.push('blocks 应为非空列表')
  blocks.forEach((block, i) => {
    const where = `blocks[${i}]`
    const type = (block as Json)?.type
    const blockSpec = typeof type === 'string' ? BLOCKS[type] : undefined
    if (!blockSpec) { problems.push(`${where}: 未知块类型 ${String(type)}`); return }
    const b = block as Json
    let itemScope: Schema | undefined
    if ('from' in b) itemScope = checkPath(b.from, `${where}.from`, true)?.items
    if (type === 'table' && ('from' in b) === ('rows' in b)) problems.push(`${where}: 表格需要 from 或 rows 之一`)
    if (type === 'list' && ('from' in b) === ('items' in b)) problems.push(`${where}: 列表需要 from 或 items 之一`)
    if (type === 'list' && 'from' in b && !('item' in b)) problems.push(`${where}: 按列表生成的条目需要 item`)
    const { type: _type, ...rest } = b
    checkObject(rest, where, blockSpec.fields, blockSpec.required, itemScope)
  })

  if (problems.length > 0) {
    throw templateInvalid({ file, problems }, `${file}: ${problems.join('；')}`)
  }
  return {
    kind,
    file,
    title: top.title as string,
    ...(typeof top.documentNumber === 'string' ? { documentNumber: top.documentNumber } : {}),
    ...(typeof top.author === 'string' ? { author: top.author } : {}),
    ...(typeof top.subject === 'string' ? { subject: top.subject } : {}),
    bodyFontSize: typeof top.bodyFontSize === 'number' ? top.bodyFontSize : 14,
    footers: top.footer === undefined ? [] : (Array.isArray(top.footer) ? top.footer : [top.footer]) as { text: string, when?: string }[],
    blocks: blocks as Json[]
  }
}

function valueAt (scope: unknown, path: string): unknown {
  if (path === '.') return scope
  let node: unknown = scope
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Json)[segment]
  }
  return node
}

function isTruthy (value: unknown) {
  if (Array.isArray(value)) return value.length > 0
  return value !== undefined && value !== null && value !== false && value !== '' && value !== 0
}

/** Renders a validated template with a context: every placeholder must have a value. */
export function resolveTemplate (template: DocumentTemplate, context: unknown): ResolvedDocument {
  const fill = (text: string, scope: unknown, where: string) => text.replace(PLACEHOLDER, (_, path: string) => {
    const value = valueAt(scope, path)
    if (typeof value === 'string') return value
    if (typeof value === 'number' && Number.isFinite(value)) return String(value)
    throw placeholderMissing({ file: template.file, placeholder: path, where }, `${template.file} ${where}: {{${path}}} 没有值`)
  })
  const list = (block: Json): unknown[] => {
    const value = valueAt(context, block.from as string)
    if (!Array.isArray(value)) throw placeholderMissing({ file: template.file, placeholder: block.from }, `${template.file}: ${String(block.from)} 不是列表`)
    return value
  }
  const optionalFill = (text: unknown, scope: unknown, where: string) => typeof text === 'string' ? fill(text, scope, where) : ''

  const blocks: ResolvedBlock[] = []
  template.blocks.forEach((block, i) => {
    const where = `blocks[${i}]`
    if (typeof block.when === 'string' && !isTruthy(valueAt(context, block.when))) return
    const text = (key: string) => fill(block[key] as string, context, `${where}.${key}`)
    const align = (block.align as Align | undefined) ?? 'left'
    switch (block.type) {
      case 'heading':
        blocks.push({ type: 'heading', text: text('text'), align })
        break
      case 'paragraph':
        blocks.push({ type: 'paragraph', text: text('text'), indent: block.indent !== false, align })
        break
      case 'field-list': {
        const fields = (block.fields as Json[])
          .filter((f) => typeof f.when !== 'string' || isTruthy(valueAt(context, f.when)))
          .map((f, j) => ({ label: fill(f.label as string, context, `${where}.fields[${j}]`), value: fill(f.value as string, context, `${where}.fields[${j}]`) }))
        blocks.push({ type: 'field-list', fields })
        break
      }
      case 'table': {
        const columns = block.columns as Json[]
        let rows: string[][] = 'from' in block
          ? list(block).map((item, r) => columns.map((c, j) => fill(c.value as string, item, `${where}.rows[${r}][${j}]`)))
          : (block.rows as string[][]).map((row, r) => row.map((cell, j) => fill(cell, context, `${where}.rows[${r}][${j}]`)))
        if (rows.length === 0 && typeof block.empty === 'string') {
          rows = [[text('empty'), ...columns.slice(1).map(() => '')]]
        }
        blocks.push({
          type: 'table',
          columns: columns.map((c, j) => ({ header: fill(c.header as string, context, `${where}.columns[${j}]`), width: c.width as number, align: (c.align as Align | undefined) ?? 'left', ...(c.nowrap === true ? { nowrap: true } : {}) })),
          rows,
          showHeader: block.showHeader !== false,
          minRowHeight: (block.minRowHeight as number | undefined) ?? 0,
          spaceAfter: (block.spaceAfter as number | undefined) ?? 0.5,
          ...(typeof block.fontSize === 'number' ? { fontSize: block.fontSize } : {})
        })
        break
      }
      case 'list': {
        let items = 'from' in block
          ? list(block).map((item, r) => fill(block.item as string, item, `${where}.items[${r}]`))
          : (block.items as string[]).map((t, r) => fill(t, context, `${where}.items[${r}]`))
        let style = (block.style as ListStyle | undefined) ?? 'numbered'
        if (items.length === 0 && typeof block.empty === 'string') { items = [text('empty')]; style = 'none' }
        blocks.push({ type: 'list', items, style })
        break
      }
      case 'transcript': {
        const entries = list(block).map((item, r) => ({
          speaker: fill(block.speaker as string, item, `${where}.entries[${r}]`),
          text: fill(block.text as string, item, `${where}.entries[${r}]`)
        }))
        if (entries.length === 0 && typeof block.empty === 'string') blocks.push({ type: 'paragraph', text: text('empty'), indent: true, align: 'left' })
        else blocks.push({ type: 'transcript', entries })
        break
      }
      case 'signature-block':
        blocks.push({
          type: 'signature-block',
          ...(typeof block.title === 'string' ? { title: text('title') } : {}),
          ...(typeof block.intro === 'string' ? { intro: text('intro') } : {}),
          newPage: block.newPage === true,
          dateLine: block.dateLine !== false,
          entries: list(block).map((item, r) => {
            const at = `${where}.entries[${r}]`
            const refused = typeof block.refused === 'string' && isTruthy(valueAt(item, block.refused))
            const notes = [refused ? optionalFill(block.refusedNote, item, at) : '', optionalFill(block.note, item, at)]
            return {
              role: fill(block.role as string, item, at),
              name: fill(block.name as string, item, at),
              remark: refused ? optionalFill(block.refusedRemark, context, at) : '',
              note: notes.filter((n) => n !== '').join('\n')
            }
          })
        })
        break
      case 'issuer-block':
        blocks.push({ type: 'issuer-block', issuer: text('issuer'), date: text('date'), seal: block.seal !== false })
        break
      case 'spacer':
        blocks.push({ type: 'spacer', lines: (block.lines as number | undefined) ?? 1 })
        break
    }
  })

  const footerTemplate = template.footers.find((f) => f.when === undefined || isTruthy(valueAt(context, f.when)))
  const footer = footerTemplate ? fill(footerTemplate.text, context, 'footer') : undefined
  return {
    title: fill(template.title, context, 'title'),
    ...(template.documentNumber !== undefined ? { documentNumber: fill(template.documentNumber, context, 'documentNumber') } : {}),
    author: template.author !== undefined ? fill(template.author, context, 'author') : '',
    subject: template.subject !== undefined ? fill(template.subject, context, 'subject') : '',
    bodyFontSize: template.bodyFontSize,
    ...(footer !== undefined ? { footer } : {}),
    blocks
  }
}

/** Every string a resolved document will print, for the glyph check and for plain-text previews. */
export function documentStrings (doc: ResolvedDocument): string[] {
  const out = [doc.title, doc.documentNumber ?? '']
  for (const b of doc.blocks) {
    switch (b.type) {
      case 'heading': case 'paragraph': out.push(b.text); break
      case 'field-list': for (const f of b.fields) out.push(f.label, f.value); break
      case 'table': out.push(...(b.showHeader ? b.columns.map((c) => c.header) : []), ...b.rows.flat()); break
      case 'list': out.push(...b.items); break
      case 'transcript': for (const e of b.entries) out.push(e.speaker, e.text); break
      case 'signature-block': out.push(b.title ?? '', b.intro ?? ''); for (const e of b.entries) out.push(e.role, e.name, e.remark, e.note); break
      case 'issuer-block': out.push(b.issuer, b.date); break
      case 'spacer': break
    }
  }
  out.push(doc.footer ?? '')
  return out.filter((s) => s !== '')
}
