/**
 * Part of the panel draw (see draw.algorithm.ts): the algorithm versions, the canonical input (step 1) and the
 * commitment (step 2); the columns and the rule masks a spec keeps in memory.
 */
import { createHash } from 'node:crypto'
import { canonicalJson } from '../../common/canonical-json.js'
import { sha256Hex } from '../../common/hash.js'
import { drawInvalidInput } from './draw.errors.js'
import { secretBytes } from './draw.random.js'
import type { MemberAttributeField, MemberAttributes } from '../rulesets/rulesets.config.js'
import type { CanonicalCandidate, CanonicalRule, DrawCandidate, DrawColumns, DrawInput, DrawRule, DrawSpec } from './draw.types.js'

/** The version new draws use; v1 records are still verified by v1 rules. */
export const DRAW_ALGORITHM_VERSION = 'tz-draw-v2'
export const DRAW_ALGORITHM_V1 = 'tz-draw-v1'
export const DRAW_ALGORITHM_VERSIONS: readonly string[] = [DRAW_ALGORITHM_V1, DRAW_ALGORITHM_VERSION]

/** Locality tiers of v2 (`DrawTier`): 0, 1 and 2. */
export const TIER_COUNT = 3

// ---------------------------------------------------------------- canonical form and commitment

function sortedUnique (values: readonly string[]): string[] {
  if (values.length <= 1) return [...values]
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

export const NO_ATTRIBUTES: MemberAttributes = Object.freeze({})

/** Static property reads (one inline cache per field) keep the matching fast. */
function attributeValues (attributes: MemberAttributes, field: MemberAttributeField): readonly string[] | undefined {
  switch (field) {
    case 'profession': return attributes.profession
    case 'source': return attributes.source
    case 'specialty': return attributes.specialty
    case 'category': return attributes.category
    case 'title': return attributes.title
  }
}

export function canonicalRules (rules: readonly DrawRule[]): CanonicalRule[] {
  return rules.map((r) => {
    if (!Number.isInteger(r.min) || r.min < 1) throw drawInvalidInput({ rule: r.label }, `组成要求“${r.label}”的人数应为正整数`)
    return { label: r.label, match: { anyOf: sortedUnique(r.match.anyOf), field: r.match.field }, min: r.min }
  })
}

/** A candidate's tier: its own, else 0 when local and 1 when not (v1's two tiers); anything unreadable counts as farthest. */
function tierOf (c: { local?: boolean | undefined, tier?: number | undefined }): number {
  if (c.tier !== undefined) return c.tier === 0 || c.tier === 1 || c.tier === 2 ? c.tier : TIER_COUNT - 1
  return c.local === true ? 0 : 1
}

/** Columns over a list of candidate objects, each with a profile of its own. */
function columnsOfList (list: readonly (Omit<DrawCandidate, 'tier'> & { tier?: number | undefined })[]): DrawColumns {
  const n = list.length
  const columns: DrawColumns = { ids: new Float64Array(n), tier: new Uint8Array(n), profile: new Uint32Array(n), profiles: new Array(n) }
  const profiles = columns.profiles as MemberAttributes[]
  for (let i = 0; i < n; i++) {
    const c = list[i]!
    columns.ids[i] = c.id
    columns.tier[i] = tierOf(c)
    columns.profile[i] = i
    profiles[i] = c.attributes ?? NO_ATTRIBUTES
  }
  return columns
}

export function toDrawColumns (candidates: readonly DrawCandidate[] | DrawColumns): DrawColumns {
  return Array.isArray(candidates) ? columnsOfList(candidates as readonly DrawCandidate[]) : candidates as DrawColumns
}

/** The candidates at the given positions, in that order (the profiles are shared). */
export function columnsAt (columns: DrawColumns, positions: ArrayLike<number>): DrawColumns {
  const { ids, tier, profile } = columns
  const m = positions.length
  const out: DrawColumns = { ids: new Float64Array(m), tier: new Uint8Array(m), profile: new Uint32Array(m), profiles: columns.profiles }
  for (let k = 0; k < m; k++) {
    const i = positions[k]!
    out.ids[k] = ids[i]!
    out.tier[k] = tier[i]!
    out.profile[k] = profile[i]!
  }
  return out
}

/** The stored form of the candidates in id order: `{ attributes, id, local }` (v1) or `{ attributes, id, tier }` (v2). */
function candidateList (columns: DrawColumns, version: string): CanonicalCandidate[] {
  const n = columns.ids.length
  const list: CanonicalCandidate[] = new Array(n)
  const v1 = version === DRAW_ALGORITHM_V1
  for (let i = 0; i < n; i++) {
    const attributes = columns.profiles[columns.profile[i]!]!
    list[i] = v1 ? { attributes, id: columns.ids[i]!, local: columns.tier[i] === 0 } : { attributes, id: columns.ids[i]!, tier: columns.tier[i]! }
  }
  return list
}

/** v1 has two tiers: everyone not local is tier 1. */
function collapseToTwoTiers (columns: DrawColumns): DrawColumns {
  if (!columns.tier.some((t) => t > 1)) return columns
  return { ...columns, tier: columns.tier.map((t) => (t === 0 ? 0 : 1)) }
}

/** Columns of a spec's candidates; built from the candidate list for a spec read back from storage. */
export const columnCache = new WeakMap<DrawSpec, DrawColumns>()

export function columnsOf (spec: DrawSpec): DrawColumns {
  let columns = columnCache.get(spec)
  if (!columns) {
    columns = columnsOfList(spec.candidates)
    columnCache.set(spec, columns)
  }
  return columns
}

/**
 * A spec over columns already in canonical order. Its `candidates` list (the stored form) is written the
 * first time it is read, typically when the record is saved as JSON; until then the draw works on the
 * columns. Replacing the list drops the columns, so the spec always answers for what it lists.
 */
function specOverColumns (header: Omit<DrawSpec, 'candidates'>, columns: DrawColumns): DrawSpec {
  const spec = { algorithmVersion: header.algorithmVersion, candidates: [] as CanonicalCandidate[], rules: header.rules, seats: header.seats, alternates: header.alternates, localFirst: header.localFirst }
  let list: CanonicalCandidate[] | null = null
  Object.defineProperty(spec, 'candidates', {
    enumerable: true,
    configurable: true,
    get: () => (list ??= candidateList(columns, header.algorithmVersion)),
    set: (value: CanonicalCandidate[]) => { list = value; columnCache.delete(spec); maskCache.delete(spec) }
  })
  columnCache.set(spec, columns)
  return spec
}

/** The canonical draw input (step 1); throws scheduling.draw_invalid_input on duplicate ids or bad counts. */
export function canonicalSpec (input: DrawInput): DrawSpec {
  const { seats, alternates } = input
  const algorithmVersion = input.algorithmVersion ?? DRAW_ALGORITHM_VERSION
  if (!DRAW_ALGORITHM_VERSIONS.includes(algorithmVersion)) throw drawInvalidInput({ algorithmVersion }, `不支持的抽取算法版本“${algorithmVersion}”`)
  if (!Number.isInteger(seats) || seats < 0 || !Number.isInteger(alternates) || alternates < 0) {
    throw drawInvalidInput({ seats, alternates }, '正式席位数和候补人数应为非负整数')
  }
  if (input.rules.length > 8) throw drawInvalidInput({ rules: input.rules.length }, '组成要求最多 8 条')
  const rules = canonicalRules(input.rules)
  let columns = toDrawColumns(input.candidates)
  const ids = columns.ids
  const n = ids.length
  let sorted = true
  for (let i = 0; i < n; i++) {
    if (!Number.isSafeInteger(ids[i]!)) throw drawInvalidInput({ id: ids[i] }, '候选人编号应为整数')
    if (i > 0 && ids[i]! <= ids[i - 1]!) sorted = false
  }
  if (!sorted) {
    columns = columnsAt(columns, Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => ids[a]! - ids[b]!))
    for (let i = 1; i < n; i++) {
      if (columns.ids[i] === columns.ids[i - 1]) throw drawInvalidInput({ id: columns.ids[i] }, `候选人 ${columns.ids[i]} 重复`)
    }
  }
  if (algorithmVersion === DRAW_ALGORITHM_V1) columns = collapseToTwoTiers(columns)
  return specOverColumns({ algorithmVersion, rules, seats, alternates, localFirst: input.localFirst ?? true }, columns)
}

/**
 * Step 2. The committed object lists the candidates in columns — ids, local flags (1/0) and rule matches
 * (bit r set when the candidate's values for rule r's field include one of its values) — which is all the
 * draw depends on, and hashes 100,000 members in milliseconds; the stored spec keeps the attributes
 * themselves, and verification recomputes the matches from them.
 */
function emitCommitment (spec: DrawSpec, serverSecretHash: string, emit: (bytes: Buffer) => void): void {
  const masks = ruleMasks(spec)
  const { ids, tier } = columnsOf(spec)
  const chunk = Buffer.allocUnsafe(1 << 16)
  emit(Buffer.from(`{"algorithmVersion":${JSON.stringify(spec.algorithmVersion)},"alternates":${spec.alternates},"candidates":{"ids":`))
  emitIntList(ids, chunk, emit)
  if (spec.algorithmVersion === DRAW_ALGORITHM_V1) {
    // v1: the local flag, 1 for tier 0
    emit(Buffer.from(',"local":'))
    emitIntList(tier.map((t) => (t === 0 ? 1 : 0)), chunk, emit)
    emit(Buffer.from(',"matches":'))
    emitIntList(masks, chunk, emit)
  } else {
    emit(Buffer.from(',"matches":'))
    emitIntList(masks, chunk, emit)
    emit(Buffer.from(',"tier":'))
    emitIntList(tier, chunk, emit)
  }
  emit(Buffer.from(`},"localFirst":${spec.localFirst},"rules":${canonicalJson(spec.rules)},"seats":${spec.seats},"serverSecretHash":${JSON.stringify(serverSecretHash)}}`))
}

/**
 * `JSON.stringify` of a list of safe integers, written as bytes through one reused chunk (`emit` must
 * use the bytes before it returns): 100,000 values take well under a millisecond.
 */
function emitIntList (values: ArrayLike<number>, chunk: Buffer, emit: (bytes: Buffer) => void): void {
  const room = chunk.length - 24
  let at = 0
  chunk[at++] = 0x5b
  for (let i = 0; i < values.length; i++) {
    if (at > room) { emit(chunk.subarray(0, at)); at = 0 }
    if (i > 0) chunk[at++] = 0x2c
    let x = values[i]!
    if (x >= 0 && x < 2147483648) {
      const digits = x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : x < 10000 ? 4 : x < 100000 ? 5 : x < 1000000 ? 6 : String(x).length
      for (let k = at + digits - 1; k >= at; k--) {
        const q = (x / 10) | 0
        chunk[k] = 0x30 + x - q * 10
        x = q
      }
      at += digits
    } else {
      at += chunk.write(String(x), at, 'latin1')
    }
  }
  chunk[at++] = 0x5d
  emit(chunk.subarray(0, at))
}

/** The exact text whose SHA-256 is the commitment, for a witness to recompute. */
export function commitmentPayload (spec: DrawSpec, serverSecretHash: string): string {
  const parts: Buffer[] = []
  emitCommitment(spec, serverSecretHash, (bytes) => parts.push(Buffer.from(bytes)))
  return Buffer.concat(parts).toString()
}

export function computeCommitment (spec: DrawSpec, serverSecretHash: string): string {
  const hash = createHash('sha256')
  emitCommitment(spec, serverSecretHash, (bytes) => hash.update(bytes))
  return hash.digest('hex')
}

export function hashServerSecret (serverSecret: string): string {
  return sha256Hex(secretBytes(serverSecret))
}

// ---------------------------------------------------------------- rule masks (what the commitment lists as matches)

const maskCache = new WeakMap<DrawSpec, Uint16Array>()

/** Bit r of a candidate's mask is set when the candidate matches rule r; worked out once per attribute profile. */
export function ruleMasks (spec: DrawSpec): Uint16Array {
  let masks = maskCache.get(spec)
  if (masks) return masks
  const { profile, profiles } = columnsOf(spec)
  const matcher = ruleMatcher(spec.rules)
  const byProfile = new Uint16Array(profiles.length)
  for (let p = 0; p < profiles.length; p++) byProfile[p] = matcher(profiles[p]!)
  masks = new Uint16Array(profile.length)
  for (let i = 0; i < profile.length; i++) masks[i] = byProfile[profile[i]!]!
  maskCache.set(spec, masks)
  return masks
}

/** A candidate's rule mask from its attributes: bit r is set when rule r matches. */
function ruleMatcher (rules: readonly CanonicalRule[]): (attributes: MemberAttributes) => number {
  const sets = rules.map((r) => new Set(r.match.anyOf))
  const fields = rules.map((r) => r.match.field)
  const count = rules.length
  return function maskOf (attributes) {
    let mask = 0
    for (let r = 0; r < count; r++) {
      const values = attributeValues(attributes, fields[r]!)
      if (!values) continue
      for (let v = 0; v < values.length; v++) if (sets[r]!.has(values[v]!)) { mask |= 1 << r; break }
    }
    return mask
  }
}
