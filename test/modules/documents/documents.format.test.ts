import { describe, expect, test } from 'vitest'
import { DomainError } from '../../../server/errors.js'
import {
  chineseSmallNumber,
  formatDate,
  formatDateTime,
  formatDocumentNumber,
  formatTimeOfDay,
  formatTimeRange,
  formatTimestamp,
  matterPhrase
} from '../../../server/modules/documents/documents.format.js'

const at = (iso: string) => new Date(iso)

describe('dates in Arabic numerals, also on the signing line (GB/T 9704-2012)', () => {
  test.each([
    ['2026-11-28T02:00:00Z', '2026年11月28日'],
    ['2026-01-01T00:00:00+08:00', '2026年1月1日'],
    ['2030-10-10T12:00:00+08:00', '2030年10月10日']
  ])('%s is %s', (iso, expected) => {
    expect(formatDate(at(iso))).toBe(expected)
  })

  test('the date is the Shanghai calendar day, not the UTC one', () => {
    // 16:30 UTC on the 27th is 00:30 on the 28th in Shanghai
    expect(formatDate(at('2026-11-27T16:30:00Z'))).toBe('2026年11月28日')
    expect(formatDate(at('2026-11-27T15:59:00Z'))).toBe('2026年11月27日')
  })

  test('a matter is called 信访事项 once, whether or not its title ends with it', () => {
    expect(matterPhrase('关于征地补偿款发放问题')).toBe('“关于征地补偿款发放问题”信访事项')
    expect(matterPhrase('关于征地补偿款发放问题的信访事项')).toBe('“关于征地补偿款发放问题的信访事项”')
  })

  test('numbers up to 99 for list labels （一）…（九十九） follow the Chinese rules and others are refused', () => {
    expect([0, 9, 10, 11, 20, 21, 99].map(chineseSmallNumber)).toEqual(['〇', '九', '十', '十一', '二十', '二十一', '九十九'])
    expect(() => chineseSmallNumber(100)).toThrow(RangeError)
  })
})

describe('times in notice wording', () => {
  test.each([
    ['2026-12-08T01:30:00Z', '上午9时30分'],
    ['2026-12-08T06:00:00Z', '下午2时'],
    ['2026-12-08T04:00:00Z', '中午12时'],
    ['2026-12-08T11:15:00Z', '晚上7时15分'],
    ['2026-12-07T16:05:00Z', '上午0时5分']
  ])('%s is %s', (iso, expected) => {
    expect(formatTimeOfDay(at(iso))).toBe(expected)
  })

  test('a date-time names the weekday', () => {
    expect(formatDateTime(at('2026-12-08T01:30:00Z'))).toBe('2026年12月8日（星期二）上午9时30分')
    expect(formatDateTime(at('2026-12-13T01:30:00Z'))).toBe('2026年12月13日（星期日）上午9时30分')
  })

  test('a range on one day repeats only what changes', () => {
    expect(formatTimeRange(at('2026-12-08T01:30:00Z'), at('2026-12-08T03:45:00Z'))).toBe('2026年12月8日（星期二）上午9时30分至11时45分')
    expect(formatTimeRange(at('2026-12-08T01:30:00Z'), at('2026-12-08T06:00:00Z'))).toBe('2026年12月8日（星期二）上午9时30分至下午2时')
    expect(formatTimeRange(at('2026-12-08T01:30:00Z'), at('2026-12-09T01:00:00Z'))).toBe('2026年12月8日（星期二）上午9时30分至2026年12月9日（星期三）上午9时')
    expect(formatTimeRange(at('2026-12-08T01:30:00Z'), undefined)).toBe('2026年12月8日（星期二）上午9时30分')
  })

  test('timestamps for tables use a 24-hour clock in Shanghai time', () => {
    expect(formatTimestamp(at('2026-12-08T06:05:00Z'))).toBe('2026-12-08 14:05')
  })
})

describe('document numbers (文号)', () => {
  test('prefix, year in 六角括号 and serial without leading zeros', () => {
    expect(formatDocumentNumber({ prefix: 'X信听', year: 2026, serial: 12 })).toBe('X信听〔2026〕12号')
    expect(formatDocumentNumber({ prefix: '滨信听', year: 2027, serial: 1 })).toBe('滨信听〔2027〕1号')
  })

  test.each([
    [{ prefix: '', year: 2026, serial: 1 }],
    [{ prefix: '滨信听〔', year: 2026, serial: 1 }],
    [{ prefix: '滨信听', year: 26, serial: 1 }],
    [{ prefix: '滨信听', year: 2026, serial: 0 }],
    [{ prefix: '滨信听', year: 2026, serial: 1.5 }]
  ])('%o is refused with documents.invalid_number', (number) => {
    let error: unknown
    try { formatDocumentNumber(number) } catch (e) { error = e }
    expect(error).toBeInstanceOf(DomainError)
    expect(error).toMatchObject({ code: 'documents.invalid_number', status: 422 })
  })
})
