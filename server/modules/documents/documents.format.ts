import { DateTime } from 'luxon'
import { DISPLAY_TIME_ZONE } from '../../common/time.js'
import { invalidDocumentNumber } from './documents.errors.js'
import type { DocumentNumber } from './documents.view-models.js'

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九']
const WEEKDAYS = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日']

function inZone (date: Date, zone: string) {
  const dt = DateTime.fromJSDate(date, { zone })
  if (!dt.isValid) throw new RangeError(`invalid date or time zone: ${zone}`)
  return dt
}

/** 1..99 in Chinese numerals as in dates and headings: 十, 十一, 二十, 二十八, 三十一. */
export function chineseSmallNumber (n: number) {
  if (!Number.isInteger(n) || n < 0 || n > 99) throw new RangeError(`expected 0..99, got ${n}`)
  if (n < 10) return DIGITS[n]!
  const tens = Math.floor(n / 10)
  const units = n % 10
  return (tens === 1 ? '' : DIGITS[tens]!) + '十' + (units === 0 ? '' : DIGITS[units]!)
}

/** A date in Arabic numerals, in the body and on the signing line (GB/T 9704-2012 §7.3.5.1): 2026年12月5日. */
export function formatDate (date: Date, zone = DISPLAY_TIME_ZONE): string {
  const dt = inZone(date, zone)
  return `${dt.year}年${dt.month}月${dt.day}日`
}

/** Time of day as written in notices: 上午9时30分, 下午2时, 中午12时, 晚上7时. */
export function formatTimeOfDay (date: Date, zone = DISPLAY_TIME_ZONE): string {
  const dt = inZone(date, zone)
  const { hour, minute } = dt
  const period = hour < 12 ? '上午' : hour === 12 ? '中午' : hour < 18 ? '下午' : '晚上'
  const h = hour > 12 ? hour - 12 : hour
  return `${period}${h}时${minute === 0 ? '' : `${minute}分`}`
}

/** 2026年12月5日（星期六）上午9时30分 */
export function formatDateTime (date: Date, zone = DISPLAY_TIME_ZONE): string {
  const dt = inZone(date, zone)
  return `${formatDate(date, zone)}（${WEEKDAYS[dt.weekday]}）${formatTimeOfDay(date, zone)}`
}

/** 2026年12月5日（星期六）上午9时30分至11时45分; the end date is repeated when it falls on another day. */
export function formatTimeRange (start: Date, end: Date | undefined, zone = DISPLAY_TIME_ZONE): string {
  const from = formatDateTime(start, zone)
  if (!end) return from
  if (inZone(start, zone).hasSame(inZone(end, zone), 'day')) {
    const sameHalf = formatTimeOfDay(start, zone).slice(0, 2) === formatTimeOfDay(end, zone).slice(0, 2)
    return `${from}至${sameHalf ? formatTimeOfDay(end, zone).slice(2) : formatTimeOfDay(end, zone)}`
  }
  return `${from}至${formatDateTime(end, zone)}`
}

/** 24-hour clock for tables and records: 2026-12-05 09:30. */
export function formatTimestamp (date: Date, zone = DISPLAY_TIME_ZONE): string {
  return inZone(date, zone).toFormat('yyyy-LL-dd HH:mm')
}

/**
 * 文号 as in GB/T 9704-2012 §7.2.4: prefix, year in 六角括号 〔〕, serial without leading zeros and
 * without 第: X信听〔2026〕12号.
 */
export function formatDocumentNumber ({ prefix, year, serial }: DocumentNumber): string {
  const problems: string[] = []
  if (!/^[\p{Script=Han}A-Za-z0-9·]{1,20}$/u.test(prefix)) problems.push('机关代字应为1至20个汉字、字母或数字')
  if (!Number.isInteger(year) || year < 1949 || year > 9999) problems.push('年份应为四位数字')
  if (!Number.isSafeInteger(serial) || serial < 1) problems.push('顺序号应为正整数')
  if (problems.length > 0) throw invalidDocumentNumber({ prefix, year, serial, problems }, problems.join('；'))
  return `${prefix}〔${year}〕${serial}号`
}

/**
 * How a sentence names the matter: its title in quotation marks followed by 信访事项 (关于你反映的“征地补偿款发放问题”
 * 信访事项), or only the quoted title when it already ends with 信访事项, so that it is said once.
 */
export function matterPhrase (title: string): string {
  const quoted = `“${title.trim()}”`
  return /信访事项$/.test(title.trim()) ? quoted : `${quoted}信访事项`
}
