/** Part of the panel draw (see draw.algorithm.ts): the seed (step 3) and the random integers (step 4). */
import { createHmac, createHash } from 'node:crypto'
import { drawInvalidInput } from './draw.errors.js'
import type { IntSource } from './draw.types.js'

export function secretBytes (serverSecret: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(serverSecret)) throw drawInvalidInput({}, '服务器随机数应为 32 字节（64 位十六进制）')
  return Buffer.from(serverSecret, 'hex')
}

/** Step 3: seed = SHA-256(serverSecret || UTF-8(witnessValue)), hex. */
export function deriveSeed (serverSecret: string, witnessValue: string): string {
  return createHash('sha256').update(secretBytes(serverSecret)).update(Buffer.from(witnessValue, 'utf8')).digest('hex')
}

// ---------------------------------------------------------------- random integers (step 4)

/** HMAC-SHA256 counter-mode byte stream keyed by the seed, read as unbiased integers by rejection. */
export function hmacDrbg (seedHex: string): IntSource & { nextUint32: () => number } {
  const key = Buffer.from(seedHex, 'hex')
  let counter = 0n
  let block = Buffer.alloc(0)
  let offset = 0
  const counterBytes = Buffer.alloc(8)
  function nextUint32 () {
    if (offset + 4 > block.length) {
      counterBytes.writeBigUInt64BE(counter++)
      block = createHmac('sha256', key).update(counterBytes).digest()
      offset = 0
    }
    const u = block.readUInt32BE(offset)
    offset += 4
    return u
  }
  return {
    nextUint32,
    nextInt (n: number) {
      if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`nextInt: bad bound ${n}`)
      const limit = 2 ** 32 - (2 ** 32 % n)
      for (;;) {
        const u = nextUint32()
        if (u < limit) return u % n
      }
    }
  }
}
