import { addCalendarDays, isIsoDate, shanghaiStartOfDay, type IsoDate } from './dates.js'

/** A reporting period of whole Shanghai calendar days, both ends included. */
export type Period = { from: IsoDate, to: IsoDate }

/** What is wrong with a period given as query or body fields `from` and `to` (empty: nothing). */
export function periodProblems ({ from, to }: Period, part: 'body' | 'querystring'): { in: 'body' | 'querystring', field: string, message: string }[] {
  const problems: { in: 'body' | 'querystring', field: string, message: string }[] = []
  if (!isIsoDate(from)) problems.push({ in: part, field: 'from', message: '应为日期 YYYY-MM-DD' })
  if (!isIsoDate(to)) problems.push({ in: part, field: 'to', message: '应为日期 YYYY-MM-DD' })
  if (problems.length === 0 && from > to) problems.push({ in: part, field: 'to', message: `结束日期不能早于开始日期 ${from}` })
  return problems
}

/** [fromMs, toMs): the instants the period's days span in Shanghai. */
export function periodInstants ({ from, to }: Period): { fromMs: number, toMs: number } {
  return { fromMs: shanghaiStartOfDay(from), toMs: shanghaiStartOfDay(addCalendarDays(to, 1)) }
}
