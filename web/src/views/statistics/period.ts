import type { Period } from './types'

export type PeriodMode = 'year' | 'quarter' | 'month' | 'custom'

const pad = (n: number) => String(n).padStart(2, '0')
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

/** The calendar days of a year, a quarter (1–4) or a month (YYYY-MM), both ends included. */
export function periodOf (mode: Exclude<PeriodMode, 'custom'>, year: number, quarter: number, month: string): Period {
  if (mode === 'year') return { from: `${year}-01-01`, to: `${year}-12-31` }
  if (mode === 'quarter') {
    const first = (quarter - 1) * 3 + 1
    return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(first + 2)}-${lastDay(year, first + 2)}` }
  }
  const [y, m] = month.split('-').map(Number) as [number, number]
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${lastDay(y, m)}` }
}

/** The calendar months a period touches, each clipped to the period (for the trend by month). */
export function monthsOf ({ from, to }: Period): { month: string, period: Period }[] {
  const out: { month: string, period: Period }[] = []
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number]
  for (let i = 0; i < 120; i++) {
    const month = `${y}-${pad(m)}`
    if (month > to.slice(0, 7)) break
    const first = `${month}-01`
    const last = `${month}-${lastDay(y, m)}`
    out.push({ month, period: { from: first < from ? from : first, to: last > to ? to : last } })
    m += 1
    if (m > 12) { m = 1; y += 1 }
  }
  return out
}

export const LEVEL_OPTIONS = [{ value: 'county', label: '按县（市、区）' }, { value: 'township', label: '按乡镇（街道）' }] as const

export function percent (value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(2)}%`
}
