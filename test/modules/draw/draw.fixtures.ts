import { createHash } from 'node:crypto'
import type { DrawCandidate, DrawRule } from '../../../server/modules/draw/draw.types.js'

/** A deterministic 32-byte secret (hex) per label, standing in for the CSPRNG in tests. */
export function secret (label: string | number) {
  return createHash('sha256').update(`test-secret:${label}`).digest('hex')
}

export const LAWYER: DrawRule = { label: '律师', min: 1, match: { field: 'profession', anyOf: ['lawyer', 'public_lawyer'] } }
export const DEPUTY: DrawRule = { label: '人大代表或政协委员', min: 1, match: { field: 'source', anyOf: ['npc_deputy', 'cppcc_member'] } }

export function member (id: number, { local = true, profession = [], source = [] }: { local?: boolean, profession?: string[], source?: string[] } = {}): DrawCandidate {
  return { id, local, attributes: { profession, source } }
}

/** ids 1..n, local, every 4th a lawyer, every 5th a deputy. */
export function pool (n: number, overrides: (id: number) => Partial<Parameters<typeof member>[1]> = () => ({})): DrawCandidate[] {
  return Array.from({ length: n }, (_, i) => {
    const id = i + 1
    return member(id, { profession: id % 4 === 0 ? ['lawyer'] : ['scholar'], source: id % 5 === 0 ? ['npc_deputy'] : [], ...overrides(id) })
  })
}
