import { describe, expect, test } from 'vitest'
import { decodePercent, maskPersonalText, maskPersonalValues } from '../../server/common/personal-data.js'

const ID = '370102199001011234'
const MOBILE = '13812345678'

describe('maskPersonalText finds ID and mobile numbers in the forms people write them', () => {
  test.each([
    [`身份证 ${ID}`, '身份证 370102********1234'],
    ['370102 19900101 1234', '370102********1234'],
    ['370102-19900101-123X', '370102********123X'],
    ['３７０１０２１９９００１０１１２３４', '３７０１０２********１２３４'],
    [`手机 ${MOBILE}`, '手机 138****5678'],
    ['8613812345678', '86138****5678'],
    ['+8613812345678', '+86138****5678'],
    ['+86 138 1234 5678', '+86 138****5678'],
    ['86-138-1234-5678', '86-138****5678'],
    ['0086 13812345678', '0086 138****5678'],
    ['１３８１２３４５６７８', '１３８****５６７８'],
    ['＋86 138-1234-5678', '＋86 138****5678'],
    ['+86 (138) 1234 5678', '+86 138****5678'],
    ['电话（138）1234-5678', '电话138****5678']
  ])('%s', (input, masked) => {
    expect(maskPersonalText(input)).toBe(masked)
  })

  test('leaves numbers that are neither alone: longer runs, landlines, dates, document numbers', () => {
    for (const text of ['138123456789', '0543-3161234', '2026-11-28', '滨信听〔2026〕12号', '1796612462103', `${ID}5`, 'a'.repeat(40)]) {
      expect(maskPersonalText(text)).toBe(text)
    }
  })
})

describe('decodePercent never throws', () => {
  test('decodes UTF-8 escapes and keeps what is not an escape', () => {
    expect(decodePercent('%33%37%30%31')).toBe('3701')
    expect(decodePercent('%E7%8E%8B%E7%A7%80%E5%85%B0')).toBe('王秀兰')
    expect(decodePercent('%2B86')).toBe('+86')
    expect(decodePercent('100%')).toBe('100%')
    expect(decodePercent('%zz%3')).toBe('%zz%3')
  })

  test('malformed UTF-8 becomes U+FFFD instead of an exception', () => {
    expect(() => decodeURIComponent('%E0%A4%A')).toThrow()
    expect(decodePercent('%E0%A4%A')).toBe('\uFFFD%A')
    expect(decodePercent('%FF%33%38')).toBe('\uFFFD38')
  })
})

describe('maskPersonalValues', () => {
  test('masks every string of a log object, however nested', () => {
    const masked = maskPersonalValues({ message: `bad ${ID}`, validation: [{ params: { value: MOBILE } }], n: 1, cause: { message: `+86 ${MOBILE}` } })
    expect(masked).toEqual({ message: 'bad 370102********1234', validation: [{ params: { value: '138****5678' } }], n: 1, cause: { message: '+86 138****5678' } })
  })
})
