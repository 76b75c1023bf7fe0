export type Clock = { now: () => Date }

export const systemClock: Clock = { now: () => new Date() }

/** A clock that stands still unless advanced: for tests and the demo. */
export function fixedClock (iso: string): Clock & { advance: (ms: number) => void, set: (iso: string) => void } {
  let current = new Date(iso).getTime()
  return {
    now: () => new Date(current),
    advance: (ms) => { current += ms },
    set: (next) => { current = new Date(next).getTime() }
  }
}
