/** Dates and times as a Chinese office writes them, always in China's time zone (the service's times carry +08:00). */
const DATE_TIME = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
const DATE = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

/** 2026-12-08 09:30 */
export function formatDateTime (value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const parts = Object.fromEntries(DATE_TIME.formatToParts(new Date(value)).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

/** 2026-12-08 (a YYYY-MM-DD date from the service is shown as it is). */
export function formatDate (value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  const parts = Object.fromEntries(DATE.formatToParts(new Date(value)).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day}`
}

/** Today in China as YYYY-MM-DD. */
export function chinaToday (): string {
  return formatDate(new Date())
}
