/** One printed figure: `<name> <value> <unit>`; `sizes` says how big the measured data was. */
export type FigureResult = { value: number, unit: string, sizes?: string }

export type Figure = {
  name: string
  /** Returns the figure, or null with a reason when it cannot be measured here (e.g. a missing tool). */
  run: () => Promise<FigureResult | { skipped: string }>
}

export function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times; returns the median in milliseconds. */
export async function medianMs (fn: () => unknown, { runs = 50, warmup = 5 }: { runs?: number, warmup?: number } = {}) {
  for (let i = 0; i < warmup; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    await fn()
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return median(times)
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits
