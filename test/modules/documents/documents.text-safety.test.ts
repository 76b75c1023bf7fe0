import { describe, expect, test } from 'vitest'
import { DomainError } from '../../../server/errors.js'
import { cleanText, cleanViewModel, MAX_DOCUMENT_CHARACTERS } from '../../../server/modules/documents/documents.text-safety.js'

function thrown (fn: () => unknown) {
  try { fn() } catch (error) { return error as DomainError }
  throw new Error('expected an error')
}

describe('characters a printed document cannot show', () => {
  test('line ends are normalised and tabs become spaces', () => {
    expect(cleanText('第一行\r\n第二行\r第三行\u2028第四行\t完').text).toBe('第一行\n第二行\n第三行\n第四行 完')
  })

  test('invisible format characters pasted from word processors are removed', () => {
    expect(cleanText('\uFEFF张\u200B秀\u00AD兰\u200D').text).toBe('张秀兰')
  })

  test('other control characters and bidi overrides are refused, naming the field and code point', () => {
    const error = thrown(() => cleanViewModel({ statements: [{ text: '正常' }, { text: '响铃\u0007与\u202E反转' }], name: '张\u0000三' }))
    expect(error).toMatchObject({ code: 'documents.control_characters', status: 422 })
    expect(error.extra?.fields).toEqual([
      { field: 'statements[1].text', codePoints: ['U+0007', 'U+202E'] },
      { field: 'name', codePoints: ['U+0000'] }
    ])
  })

  test('a lone surrogate is refused', () => {
    expect(thrown(() => cleanViewModel({ name: 'a\uD842b' }))).toMatchObject({ code: 'documents.control_characters' })
  })

  test('characters outside the Basic Multilingual Plane are kept intact', () => {
    expect(cleanViewModel({ name: '张𥫗𠮷' })).toEqual({ name: '张𥫗𠮷' })
  })

  test('dates, numbers and booleans pass through, strings are copied cleaned', () => {
    const when = new Date('2026-12-08T01:30:00Z')
    const input = { when, count: 3, ok: true, nested: { list: ['a\r\nb'] } }
    const output = cleanViewModel(input)
    expect(output).toEqual({ when, count: 3, ok: true, nested: { list: ['a\nb'] } })
    expect(output.when).toBe(when)
    expect(input.nested.list[0]).toBe('a\r\nb')
  })

  test('a document with more text than the limit is refused with documents.content_too_large', () => {
    const error = thrown(() => cleanViewModel({ statements: ['陈'.repeat(MAX_DOCUMENT_CHARACTERS), '述'] }))
    expect(error).toMatchObject({ code: 'documents.content_too_large', status: 422 })
  })
})
