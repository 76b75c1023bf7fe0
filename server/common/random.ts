import { randomBytes } from 'node:crypto'

/** Source of randomness for tokens and draws; injected so tests are deterministic. */
export type Rng = {
  /** Uniform float in [0, 1). */
  next: () => number
  /** `n` random bytes. */
  bytes: (n: number) => Buffer
}

export const cryptoRng: Rng = {
  next: () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48,
  bytes: (n) => randomBytes(n)
}

/** Deterministic generator (mulberry32) for tests and the demo; never for production secrets. */
export function seededRng (seed: number): Rng {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    bytes: (n) => {
      const out = Buffer.alloc(n)
      for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256)
      return out
    }
  }
}
