import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, onTestFinished, test } from 'vitest'
import { planGlyphs } from '../../../server/modules/documents/documents.fonts.js'
import { DEFAULT_TEMPLATES_DIR, loadDocumentTemplates, renderDocument } from '../../../server/modules/documents/documents.render.js'
import * as fixtures from './fixtures.js'
import { inspectPdf } from './pdf-inspect.js'

// U+4DAE 䶮 (Extension A, as in 刘䶮) is in Noto Serif SC; U+25AD7 𥫗 (Extension B) is only in Noto Sans SC;
// U+31350 (Extension H, Unicode 15, 2022) is in no font this project ships or looks for.
const EXT_A = '䶮'
const EXT_B_FALLBACK = '𥫗'
const NOWHERE = '\u{31350}'
// U+20000 𠀀 (first of Extension B) and U+2A6A5 𪚥 (last block of Extension B) are in neither Noto font: HanaMin draws them.
const EXT_B_FIRST = '\u{20000}'
const EXT_B_LATE = '\u{2A6A5}'

describe('every character is checked against the fonts before rendering', () => {
  test('the plan sends a character the main font lacks to the fallback and reports one no font has', () => {
    const plan = planGlyphs([`刘${EXT_A}`, `张${EXT_B_FALLBACK}`, `王${NOWHERE}`, '第1行\n第2行'])
    expect([...plan.fallbackFor.keys()]).toEqual([EXT_B_FALLBACK])
    expect(plan.fallbackFor.get(EXT_B_FALLBACK)?.font.postscriptName).toBe('NotoSansSC-Regular')
    expect(plan.missing).toEqual([{ character: NOWHERE, codePoint: 'U+31350' }])
  })

  test('an Extension A surname is drawn with the main font', async () => {
    const doc = await renderDocument('hearing-notice-petitioner', { ...fixtures.petitionerNotice, petitioner: { name: `刘${EXT_A}` } }, { now: fixtures.NOW })
    const pdf = await inspectPdf(doc.bytes)
    expect(pdf.pages[0]!.text).toContain(`刘${EXT_A}：`)
    expect(pdf.pages.flatMap((p) => p.fonts.map((f) => f.name)).every((name) => name.includes('NotoSerifSC'))).toBe(true)
  })

  test('a rare character the main font lacks is drawn from the fallback font, embedded, and extracts exactly', async () => {
    const name = `张${EXT_B_FALLBACK}兰`
    const doc = await renderDocument('hearing-notice-petitioner', { ...fixtures.petitionerNotice, petitioner: { name } }, { now: fixtures.NOW })
    const pdf = await inspectPdf(doc.bytes)
    expect(pdf.pages[0]!.text).toContain(`${name}：`)
    const fonts = pdf.pages[0]!.fonts
    expect(fonts).toContainEqual({ name: expect.stringMatching(/^[A-Z]{6}\+NotoSansSC-Regular$/), embedded: true })
  })

  test('a character no font has is refused with documents.missing_glyphs naming it and its field — never a blank box', async () => {
    const error = await renderDocument('minutes', fixtures.minutes({
      participants: [{ role: 'petitioner', name: `王${NOWHERE}`, attendance: 'present' }]
    }), { now: fixtures.NOW }).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'documents.missing_glyphs',
      status: 422,
      title: '文书中有字体无法显示的字符',
      extra: { characters: [{ character: NOWHERE, codePoint: 'U+31350', fields: ['participants[0].name'] }] }
    })
    expect((error as Error).message).toContain(NOWHERE)
  })

  test('template wording is checked too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-templates-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    cpSync(DEFAULT_TEMPLATES_DIR, dir, { recursive: true })
    const file = join(dir, 'rights-notice.json')
    writeFileSync(file, readFileSync(file, 'utf8').replace('"title": "听证权利告知书"', `"title": "听证权利告知书${NOWHERE}"`))
    await expect(renderDocument('rights-notice', fixtures.rightsNotice, { now: fixtures.NOW, templates: loadDocumentTemplates({ dir }) }))
      .rejects.toMatchObject({ code: 'documents.missing_glyphs', extra: { characters: [{ character: NOWHERE, fields: [] }] } })
  })

  test('Extension B characters in no Noto font (𠀀 U+20000, 𪚥 U+2A6A5) are drawn from HanaMin, embedded, and extract exactly', async () => {
    const plan = planGlyphs([`王${EXT_B_FIRST}${EXT_B_LATE}`])
    expect(plan.missing).toEqual([])
    expect(plan.fallbackFor.get(EXT_B_FIRST)?.font.postscriptName).toBe('HanaMinB')
    expect(plan.fallbackFor.get(EXT_B_LATE)?.font.postscriptName).toBe('HanaMinB')

    const name = `王${EXT_B_FIRST}${EXT_B_LATE}`
    const doc = await renderDocument('minutes', fixtures.minutes({
      participants: [{ role: 'petitioner', name, attendance: 'present' }],
      record: { version: 1, contentSha256: 'a'.repeat(64) }
    }), { now: fixtures.NOW })
    const pdf = await inspectPdf(doc.bytes)
    expect(pdf.text).toContain(`信访人${name}`)
    const fonts = pdf.pages.flatMap((p) => p.fonts)
    expect(fonts).toContainEqual({ name: expect.stringMatching(/^[A-Z]{6}\+HanaMinB$/), embedded: true })
  })

  test('a character from a fallback font sits on the same baseline as the text around it', async () => {
    const doc = await renderDocument('hearing-notice-petitioner', { ...fixtures.petitionerNotice, petitioner: { name: `王${EXT_B_FIRST}${EXT_B_LATE}兰` } }, { now: fixtures.NOW })
    const items = (await inspectPdf(doc.bytes)).pages[0]!.items
    const before = items.find((item) => item.str.startsWith('王'))!
    const rare = items.find((item) => item.str.includes(EXT_B_FIRST))!
    const after = items.find((item) => item.str.startsWith('兰'))!
    expect(rare.y).toBeCloseTo(before.y, 1)
    expect(after.y).toBeCloseTo(before.y, 1)
  })
})
