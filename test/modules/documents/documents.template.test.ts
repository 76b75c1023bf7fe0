import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Type } from 'typebox'
import { describe, expect, onTestFinished, test } from 'vitest'
import type { DomainError } from '../../../server/errors.js'
import { DEFAULT_TEMPLATES_DIR, loadDocumentTemplates } from '../../../server/modules/documents/documents.render.js'
import { parseTemplate, resolveTemplate } from '../../../server/modules/documents/documents.template.js'
import { DOCUMENT_KINDS } from '../../../server/modules/documents/documents.view-models.js'

const context = Type.Object({
  name: Type.String(),
  count: Type.String(),
  flag: Type.Boolean(),
  items: Type.Array(Type.String()),
  people: Type.Array(Type.Object({ name: Type.String(), unit: Type.String(), refused: Type.Boolean() }))
})

function copyOfTemplates () {
  const dir = mkdtempSync(join(tmpdir(), 'tz-templates-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  cpSync(DEFAULT_TEMPLATES_DIR, dir, { recursive: true })
  return dir
}

const parse = (json: unknown) => parseTemplate(json, { kind: 'sample', file: 'sample.json', context })
const template = (blocks: unknown[], extra: Record<string, unknown> = {}) => ({ kind: 'sample', title: '示例 {{name}}', blocks, ...extra })

function problemsOf (json: unknown): string[] {
  try {
    parse(json)
  } catch (error) {
    expect(error).toMatchObject({ code: 'documents.template_invalid', status: 500 })
    return (error as DomainError).extra?.problems as string[]
  }
  throw new Error('expected the template to be refused')
}

describe('the shipped templates', () => {
  test('every document kind has a template that passes the checks', () => {
    const templates = loadDocumentTemplates()
    expect(Object.keys(templates).sort()).toEqual([...DOCUMENT_KINDS].sort())
  })

  test('a broken template file stops loading with documents.template_invalid naming the file', () => {
    const dir = copyOfTemplates()
    const file = join(dir, 'minutes.json')
    writeFileSync(file, readFileSync(file, 'utf8').replace('{{matter.title}}', '{{matter.titel}}'))
    expect(() => loadDocumentTemplates({ dir })).toThrow(expect.objectContaining({
      code: 'documents.template_invalid',
      extra: expect.objectContaining({ file: 'minutes.json', problems: [expect.stringContaining('{{matter.titel}}')] })
    }))
  })

  test('a template file that is not JSON is refused the same way', () => {
    const dir = copyOfTemplates()
    writeFileSync(join(dir, 'rights-notice.json'), '{ "kind": "rights-notice", ')
    expect(() => loadDocumentTemplates({ dir })).toThrow(expect.objectContaining({ code: 'documents.template_invalid' }))
  })
})

describe('templates are checked when loaded', () => {
  test('a correct template passes', () => {
    expect(parse(template([
      { type: 'heading', text: '一、{{name}}' },
      { type: 'list', from: 'items', item: '{{.}}', style: 'numbered' },
      { type: 'table', from: 'people', columns: [{ header: '姓名', width: 1, value: '{{name}}' }, { header: '单位', width: 2, value: '{{unit}}' }] },
      { type: 'signature-block', from: 'people', role: '听证员', name: '{{name}}', refused: 'refused', refusedRemark: '拒绝签名', refusedNote: '{{unit}}' }
    ])).blocks).toHaveLength(4)
  })

  test('an unknown block type is refused', () => {
    expect(problemsOf(template([{ type: 'image', src: 'seal.png' }]))).toEqual(['blocks[0]: 未知块类型 image'])
  })

  test('a placeholder the context does not have is refused', () => {
    expect(problemsOf(template([{ type: 'paragraph', text: '{{nmae}}，你好' }]))).toEqual(['blocks[0].text: 未知占位符 {{nmae}}'])
  })

  test('a placeholder that names a list or object where text is expected is refused', () => {
    expect(problemsOf(template([{ type: 'paragraph', text: '{{items}}' }]))).toEqual(['blocks[0].text: 占位符 {{items}} 不是文字'])
  })

  test('item placeholders are checked against the items of the list', () => {
    expect(problemsOf(template([{ type: 'table', from: 'people', columns: [{ header: '电话', width: 1, value: '{{phone}}' }] }])))
      .toEqual(['blocks[0].columns[0].value: 未知占位符 {{phone}}'])
  })

  test('`from` must name a list', () => {
    expect(problemsOf(template([{ type: 'list', from: 'name', item: '{{.}}' }]))).toContain('blocks[0].from: name 不是列表')
  })

  test('unknown keys, bad values and unbalanced braces are all reported at once', () => {
    expect(problemsOf(template([
      { type: 'paragraph', txet: '错字' },
      { type: 'list', items: ['{{name}'], style: 'roman' },
      { type: 'spacer', lines: -1 }
    ], { colour: 'red' }))).toEqual([
      '未知字段 colour',
      'blocks[0]: 缺少 text',
      'blocks[0]: 未知字段 txet',
      'blocks[1].items[0]: 占位符括号不成对',
      'blocks[1].style: 应为 numbered、chinese、bullet 或 none',
      'blocks[2].lines: 应为 0 至 200 之间的数'
    ])
  })

  test('a template of another kind is refused', () => {
    expect(problemsOf({ ...template([{ type: 'paragraph', text: 'x' }]), kind: 'minutes' })).toEqual(['kind 应为 sample'])
  })
})

describe('filling a template', () => {
  const values = { name: '张秀兰', count: '3', flag: false, items: ['甲', '乙'], people: [{ name: '刘芳', unit: '一中', refused: false }, { name: '钱伟', unit: '住建局', refused: true }] }

  test('placeholders are replaced once, so a value that looks like a placeholder is printed as is', () => {
    const doc = resolveTemplate(parse(template([{ type: 'paragraph', text: '{{name}}：共{{ count }}项' }])), { ...values, name: '{{count}}' })
    expect(doc.title).toBe('示例 {{count}}')
    expect(doc.blocks).toEqual([{ type: 'paragraph', text: '{{count}}：共3项', indent: true, align: 'left' }])
  })

  test('a placeholder without a value is an error, never a blank', () => {
    const parsed = parse(template([{ type: 'paragraph', text: '{{name}}' }]))
    expect(() => resolveTemplate(parsed, { ...values, name: undefined })).toThrow(expect.objectContaining({ code: 'documents.placeholder_missing', status: 500 }))
  })

  test('`when` leaves out a block whose value is empty, `empty` stands in for an empty list', () => {
    const parsed = parse(template([
      { type: 'paragraph', text: '只在有标记时出现', when: 'flag' },
      { type: 'list', from: 'items', item: '{{.}}', empty: '无。' }
    ]))
    expect(resolveTemplate(parsed, { ...values, items: [] }).blocks).toEqual([{ type: 'list', items: ['无。'], style: 'none' }])
    expect(resolveTemplate(parsed, { ...values, flag: true }).blocks).toHaveLength(2)
  })

  test('a signature entry of someone who refused carries the remark and the host\'s note', () => {
    const parsed = parse(template([{ type: 'signature-block', from: 'people', role: '听证员', name: '{{name}}', refused: 'refused', refusedRemark: '拒绝签名', refusedNote: '主持人注明：{{unit}}拒签' }]))
    const block = resolveTemplate(parsed, values).blocks[0]
    expect(block).toMatchObject({
      entries: [
        { role: '听证员', name: '刘芳', remark: '', note: '' },
        { role: '听证员', name: '钱伟', remark: '拒绝签名', note: '主持人注明：住建局拒签' }
      ]
    })
  })
})
