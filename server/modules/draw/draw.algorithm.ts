/**
 * Verifiable panel draw (可验证的随机抽取), algorithm `tz-draw-v1`. Also explained for witnesses in
 * docs/draw-algorithm.md; a change to anything below needs a new algorithm version. (The re-check at
 * reveal was added without one: a record that does not use it is exactly what v1 always wrote, and a
 * verifier that does not know it finds a record that does use it invalid, never valid.)
 *
 * 1. Canonical input. Candidates sorted by id (each with its local flag and attributes); rules keep label,
 *    min, field and their values sorted without duplicates.
 * 2. Commitment, stored and shown before any randomness is revealed:
 *      serverSecret     = 32 bytes from a CSPRNG (hex in the record)
 *      serverSecretHash = SHA-256(serverSecret)
 *      commitment       = SHA-256(canonical JSON of { algorithmVersion, alternates,
 *                           candidates: { ids, local, matches }, localFirst, rules, seats, serverSecretHash })
 *    keys sorted, no spaces; candidates as columns in id order: local 1/0, matches = Σ 2^r over the
 *    rules r the candidate matches (its values for the rule's field include one of the rule's values).
 * 3. Seed, after the commitment is fixed and the witness has given a value (may be empty):
 *      seed = SHA-256(serverSecret || UTF-8(witnessValue))
 * 4. Random numbers: block_i = HMAC-SHA256(key = seed, message = i as 8-byte big-endian), i = 0, 1, …;
 *    the blocks form one byte stream read as 4-byte big-endian words u. A number below n: with
 *    limit = 2^32 − (2^32 mod n), take the next u until u < limit, answer u mod n (no modulo bias).
 * 5. Selection; every pick takes number k below the pool size and picks the pool's k-th member, the pool
 *    listed by ascending id:
 *    a. composition seats: rule by rule in listed order, while fewer seated members match the rule than
 *       its min: pool = unpicked candidates matching the rule whose pick still leaves every rule
 *       satisfiable within the seats left; with localFirst, only the local ones of them unless none is
 *       local;
 *    b. remaining official seats: pool = unpicked local candidates, or the cross-region ones once no local
 *       candidate is left (without localFirst: all unpicked);
 *    c. alternates, in order, the same way as b, as many as requested and available.
 *    Re-check at reveal: the committed candidates who no longer qualify when the draw is revealed are
 *    listed with their reasons (`excludedAtReveal`). A pick that lands on one of them is recorded as
 *    skipped (`skipped`: the reason codes), the member leaves the pool unseated and the same seat takes the
 *    next number; the look-ahead of a composition pick counts only candidates not listed. With nobody
 *    listed this is step 5 exactly, and the record has neither field.
 * 6. Replacement rounds (nextRound): excluded members leave the panel; each vacated seat, in seat order,
 *    goes to the first alternate in queue order after whose promotion the rules can still be met from the
 *    remaining vacancies and alternates alone; seats that cannot be filled so are drawn anew (steps 2–5)
 *    from candidates never picked before, with the rules reduced by the members still seated.
 */
import { createHmac, createHash } from 'node:crypto'
import { canonicalJson } from '../../common/canonical-json.js'
import { sha256Hex } from '../../common/hash.js'
import { drawInvalidInput, drawRoundInvalid, poolTooSmall } from './draw.errors.js'
import type { MemberAttributeField, MemberAttributes } from '../rulesets/rulesets.config.js'

/** The version new draws use; v1 records are still verified by v1 rules. */
export const DRAW_ALGORITHM_VERSION = 'tz-draw-v2'
export const DRAW_ALGORITHM_V1 = 'tz-draw-v1'
export const DRAW_ALGORITHM_VERSIONS: readonly string[] = [DRAW_ALGORITHM_V1, DRAW_ALGORITHM_VERSION]

/**
 * Locality tier of a candidate (v2): 0 the hearing's own township (or its own region when that is a county or
 * the city), 1 elsewhere in the same county, 2 elsewhere in the city. v1 knows two tiers: 0 local, 1 cross-region.
 */
export type DrawTier = 0 | 1 | 2
export const TIER_COUNT = 3

export type DrawCandidate = {
  id: number
  /** Member of the hearing's own region (false: cross-region, consented); used when `tier` is absent (false → tier 1). */
  local?: boolean | undefined
  tier?: DrawTier | undefined
  attributes?: MemberAttributes | undefined
}

export type DrawRule = { label: string, min: number, match: { field: MemberAttributeField, anyOf: readonly string[] } }

/** Stored form of a candidate: v1 lists the local flag, v2 the tier. */
export type CanonicalCandidate = { attributes: MemberAttributes, id: number, local?: boolean, tier?: number }
export type CanonicalRule = { label: string, match: { anyOf: string[], field: MemberAttributeField }, min: number }

/**
 * Candidates in columns, in any order: the draw's input from an eligibility pool
 * (`PoolEligibility.drawCandidates()`), and how a spec holds its candidates while in memory.
 * Candidate i has id `ids[i]`, locality tier `tier[i]` (0 nearest) and attributes `profiles[profile[i]]`.
 * A spec may keep the arrays it is given: do not change them afterwards.
 */
export type DrawColumns = {
  ids: Float64Array
  tier: Uint8Array
  profile: Uint32Array
  profiles: readonly MemberAttributes[]
}

export type DrawInput = {
  candidates: readonly DrawCandidate[] | DrawColumns
  rules: readonly DrawRule[]
  seats: number
  alternates: number
  localFirst?: boolean
  /** Only to reproduce a stored record of an earlier version; new draws use DRAW_ALGORITHM_VERSION. */
  algorithmVersion?: string | undefined
}

export type DrawSpec = {
  algorithmVersion: string
  candidates: CanonicalCandidate[]
  rules: CanonicalRule[]
  seats: number
  alternates: number
  localFirst: boolean
}

export type DrawStep = {
  phase: 'composition' | 'open' | 'alternate'
  rule: string | null
  poolSize: number
  index: number
  id: number
  /** v1: whether the member is local. */
  local?: boolean
  /** v2: the member's locality tier. */
  tier?: number
  /** Present when the member drawn no longer qualified at reveal: the reason codes; the seat is drawn again. */
  skipped?: string[]
}

/** Committed candidates who no longer qualified at reveal, grouped by their reasons (codes and Chinese texts). */
export type RevealExclusion = { reasons: { code: string, message: string }[], memberIds: number[] }

export type DrawOutcome = { official: number[], alternates: number[], steps: DrawStep[] }

export type PreparedDraw = { spec: DrawSpec, serverSecretHash: string, commitment: string }

export type CompletedDraw = PreparedDraw & DrawOutcome & {
  serverSecret: string
  witnessValue: string
  seed: string
  /** Only when someone on the committed list no longer qualified at reveal. */
  excludedAtReveal?: RevealExclusion[]
}

/**
 * `official` lists the seated members in seat order. `vacant` (only while seats are open, waiting for a
 * witnessed redraw round) lists the open seat numbers (1-based); the seats are then `official` with the
 * vacant positions left out.
 */
export type Panel = { official: number[], alternates: number[], vacant?: number[] }

export type DrawRound = {
  round: number
  /** initial: the first draw; replacement: a decline or recusal, or (with `fillsSeats`) the witnessed redraw of open seats. */
  kind: 'initial' | 'replacement'
  reason: string | null
  /** A redraw round: the open seats (1-based) it filled, in seat order, with the members it drew. */
  fillsSeats?: number[]
  /** Members removed from the panel or the alternates in this round. */
  exclude: number[]
  /** Alternates who no longer qualified when this round promoted: they leave the queue, grouped by reasons. */
  alternatesExcluded?: RevealExclusion[]
  promotions: { seat: number, vacated: number, promoted: number }[]
  /**
   * The random draw of this round: always for the first and for a redraw. A replacement round of a v1 record
   * may hold the redraw itself (drawn inside the decline); since v2 a replacement leaves the seats open instead.
   */
  draw: CompletedDraw | null
  panel: Panel
}

export type DrawRecord = { algorithmVersion: string, rounds: DrawRound[], panel: Panel }

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

function toDrawColumns (candidates: readonly DrawCandidate[] | DrawColumns): DrawColumns {
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

/** The candidates whose id passes `keep`, in their order. */
function filterColumns (columns: DrawColumns, keep: (id: number) => boolean): DrawColumns {
  const at: number[] = []
  for (let i = 0; i < columns.ids.length; i++) if (keep(columns.ids[i]!)) at.push(i)
  return columnsAt(columns, at)
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
const columnCache = new WeakMap<DrawSpec, DrawColumns>()

function columnsOf (spec: DrawSpec): DrawColumns {
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

function secretBytes (serverSecret: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(serverSecret)) throw drawInvalidInput({}, '服务器随机数应为 32 字节（64 位十六进制）')
  return Buffer.from(serverSecret, 'hex')
}

export function hashServerSecret (serverSecret: string): string {
  return sha256Hex(secretBytes(serverSecret))
}

/** Step 3: seed = SHA-256(serverSecret || UTF-8(witnessValue)), hex. */
export function deriveSeed (serverSecret: string, witnessValue: string): string {
  return createHash('sha256').update(secretBytes(serverSecret)).update(Buffer.from(witnessValue, 'utf8')).digest('hex')
}

// ---------------------------------------------------------------- random integers (step 4)

export type IntSource = { nextInt: (n: number) => number }

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

// ---------------------------------------------------------------- feasibility of composition rules

/**
 * Whether `needs[i]` more members matching rule i can be seated within `seatsLeft` seats, given how many
 * unpicked candidates there are of each rule mask (`avail[mask]`, bit i = matches rule i).
 */
export function canMeetRules (needs: readonly number[], seatsLeft: number, avail: ArrayLike<number>): boolean {
  const groups = new Map<number, number>()
  for (let mask = 1; mask < avail.length; mask++) if (avail[mask]! > 0) groups.set(mask, avail[mask]!)
  const memo = new Map<string, boolean>()

  function rec (needs: number[], seatsLeft: number, groups: Map<number, number>): boolean {
    let first = -1
    let neededMask = 0
    let maxNeed = 0
    let totalNeed = 0
    for (let i = 0; i < needs.length; i++) {
      if (needs[i]! > 0) {
        if (first < 0) first = i
        neededMask |= 1 << i
        maxNeed = Math.max(maxNeed, needs[i]!)
        totalNeed += needs[i]!
      }
    }
    if (first < 0) return true
    if (seatsLeft < maxNeed) return false
    const effective = new Map<number, number>()
    for (const [mask, count] of groups) {
      const m = mask & neededMask
      if (m !== 0) effective.set(m, Math.min(totalNeed, (effective.get(m) ?? 0) + count))
    }
    const key = `${needs.join(',')}|${seatsLeft}|${[...effective].sort((a, b) => a[0] - b[0]).map(([m, c]) => `${m}:${c}`).join(',')}`
    const known = memo.get(key)
    if (known !== undefined) return known
    // Taking a member who covers a superset of the still-needed rules is never worse, so only maximal
    // masks that cover the first unmet rule are tried.
    const options = [...effective.keys()].filter((m) => (m & (1 << first)) !== 0)
    const maximal = options.filter((m) => !options.some((o) => o !== m && (o & m) === m))
    let ok = false
    for (const m of maximal) {
      const nextGroups = new Map(effective)
      const left = nextGroups.get(m)! - 1
      if (left === 0) nextGroups.delete(m)
      else nextGroups.set(m, left)
      const nextNeeds = needs.map((n, i) => ((m >> i) & 1 ? Math.max(0, n - 1) : n))
      if (rec(nextNeeds, seatsLeft - 1, nextGroups)) { ok = true; break }
    }
    memo.set(key, ok)
    return ok
  }
  return rec([...needs], seatsLeft, groups)
}

// ---------------------------------------------------------------- selection (step 5)

const maskCache = new WeakMap<DrawSpec, Uint16Array>()

/** Bit r of a candidate's mask is set when the candidate matches rule r; worked out once per attribute profile. */
function ruleMasks (spec: DrawSpec): Uint16Array {
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

function residualNeeds (rules: readonly CanonicalRule[], seatedMasks: readonly number[]): number[] {
  return rules.map((r, i) => Math.max(0, r.min - seatedMasks.filter((m) => (m >> i) & 1).length))
}

/**
 * Checks before drawing: enough candidates for the seats, and composition rules that can be met, counting
 * only the candidates not excluded at reveal (`skip`: the position of each candidate's group, −1 for none).
 */
export function assertDrawable (spec: DrawSpec, skip: Int32Array | null = null): void {
  const masks = ruleMasks(spec)
  const avail = new Array<number>(1 << spec.rules.length).fill(0)
  let eligible = 0
  for (let i = 0; i < masks.length; i++) {
    if (skip !== null && skip[i]! >= 0) continue
    avail[masks[i]!]!++
    eligible++
  }
  for (const [r, rule] of spec.rules.entries()) {
    let available = 0
    for (let mask = 0; mask < avail.length; mask++) if ((mask >> r) & 1) available += avail[mask]!
    if (available < rule.min) {
      throw poolTooSmall(
        { eligible, required: spec.seats, rule: { label: rule.label, min: rule.min, available } },
        `组成要求“${rule.label}”至少 ${rule.min} 人，符合条件的可抽取人员只有 ${available} 人`
      )
    }
  }
  if (eligible < spec.seats) throw poolTooSmall({ eligible, required: spec.seats, rule: null }, `可抽取 ${eligible} 人，需要 ${spec.seats} 人`)
  if (!canMeetRules(spec.rules.map((r) => r.min), spec.seats, avail)) {
    throw poolTooSmall(
      { eligible, required: spec.seats, rule: null },
      `${spec.seats} 个正式席位无法同时满足全部组成要求（${spec.rules.map((r) => `${r.label}≥${r.min}`).join('、')}）`
    )
  }
}

/**
 * Each candidate's group in `excluded` (−1 when not excluded), or null when nobody is; throws
 * scheduling.draw_invalid_input for a member the spec does not list or one listed twice.
 */
function skipPositions (spec: DrawSpec, excluded: readonly RevealExclusion[]): Int32Array | null {
  if (excluded.length === 0) return null
  const groupOf = new Map<number, number>()
  for (const [g, group] of excluded.entries()) {
    if (group.reasons.length === 0) throw drawInvalidInput({ group: g }, '揭示时排除的人员须写明原因')
    for (const id of group.memberIds) {
      if (groupOf.has(id)) throw drawInvalidInput({ memberId: id }, `揭示时排除的人员 ${id} 重复列出`)
      groupOf.set(id, g)
    }
  }
  const { ids } = columnsOf(spec)
  const skip = new Int32Array(ids.length).fill(-1)
  let found = 0
  for (let i = 0; i < ids.length; i++) {
    const g = groupOf.get(ids[i]!)
    if (g !== undefined) { skip[i] = g; found++ }
  }
  if (found < groupOf.size) {
    const listed = new Set(Array.from(ids))
    const stranger = [...groupOf.keys()].find((id) => !listed.has(id))
    throw drawInvalidInput({ memberId: stranger }, `揭示时排除的人员 ${stranger} 不在承诺的名单中`)
  }
  return skip
}

/**
 * Step 5 over a canonical spec with any source of integers (production: `hmacDrbg(seed)`). Deterministic:
 * the same spec, the same integers and the same reveal-time exclusions give the same panel. Throws
 * `scheduling.pool_too_small` (with eligible, required and the unmet rule) before drawing anything when
 * the panel cannot be formed from the candidates not excluded.
 */
export function selectPanel (spec: DrawSpec, ints: IntSource, excludedAtReveal: readonly RevealExclusion[] = []): DrawOutcome {
  const skip = skipPositions(spec, excludedAtReveal)
  assertDrawable(spec, skip)
  const masks = ruleMasks(spec)
  const { ids, tier } = columnsOf(spec)
  const v1 = spec.algorithmVersion === DRAW_ALGORITHM_V1
  const n = ids.length
  const R = spec.rules.length
  const picked = new Uint8Array(n)
  /** Unpicked candidates per rule mask: `avail` sizes the pools, `real` (not excluded at reveal) feeds the look-ahead; one array when nobody is excluded. */
  const avail = new Array<number>(1 << R).fill(0)
  const real = skip === null ? avail : new Array<number>(1 << R).fill(0)
  let realLeft = n
  /** Per tier: unpicked candidates per mask, the tier's candidates in order, and each candidate's rank in its tier. */
  const availTier = Array.from({ length: TIER_COUNT }, () => new Array<number>(1 << R).fill(0))
  const tierSize = [0, 0, 0]
  for (let i = 0; i < n; i++) tierSize[tier[i]!]!++
  const tierAt = tierSize.map((size) => new Uint32Array(size))
  const tierRank = new Uint32Array(n)
  const tierFill = [0, 0, 0]
  for (let i = 0; i < n; i++) {
    avail[masks[i]!]!++
    if (skip !== null) {
      if (skip[i]! < 0) real[masks[i]!]!++
      else realLeft--
    }
    const t = tier[i]!
    availTier[t]![masks[i]!]!++
    const rank = tierFill[t]!++
    tierRank[i] = rank
    tierAt[t]![rank] = i
  }
  const tierLeft = [...tierSize]
  /** Picked positions, and per tier the ranks of the picked ones, ascending. */
  const pickedPositions: number[] = []
  const pickedTierRanks = Array.from({ length: TIER_COUNT }, () => [] as number[])
  const official: number[] = []
  const seatedMasks: number[] = []
  const alternates: number[] = []
  const steps: DrawStep[] = []

  /** The index-th of 0, 1, 2, … once the (ascending) taken values are left out. */
  function nthFree (index: number, taken: readonly number[]) {
    let at = index
    for (const t of taken) {
      if (t <= at) at++
      else break
    }
    return at
  }

  function insertSorted (list: number[], value: number) {
    let k = list.length
    while (k > 0 && list[k - 1]! > value) k--
    list.splice(k, 0, value)
  }

  /**
   * Draws among unpicked candidates whose mask is allowed (all when `allowed` is null), with localFirst
   * from the nearest tier that has any: number k below the pool size picks the pool's k-th member in id
   * order. Pool sizes come from the counts per mask; only a composition pick scans the list to find its
   * member. A member excluded at reveal leaves the pool as skipped and −1 is returned: the caller draws
   * the same seat again.
   */
  function pick (allowed: Uint8Array | null, phase: DrawStep['phase'], rule: string | null): number {
    let count = 0
    const perTier = [0, 0, 0]
    if (allowed === null) {
      count = n - pickedPositions.length
      for (let t = 0; t < TIER_COUNT; t++) perTier[t] = tierLeft[t]!
    } else {
      for (let mask = 0; mask < avail.length; mask++) {
        if (allowed[mask] !== 1) continue
        count += avail[mask]!
        for (let t = 0; t < TIER_COUNT; t++) perTier[t]! += availTier[t]![mask]!
      }
    }
    let only = -1
    if (spec.localFirst) for (let t = 0; t < TIER_COUNT && only < 0; t++) if (perTier[t]! > 0) only = t
    const poolSize = only >= 0 ? perTier[only]! : count
    const index = ints.nextInt(poolSize)
    let chosen = -1
    if (allowed === null) {
      chosen = only >= 0 ? tierAt[only]![nthFree(index, pickedTierRanks[only]!)]! : nthFree(index, pickedPositions)
    } else {
      let seen = -1
      for (let i = 0; i < n; i++) {
        if (picked[i] === 1 || allowed[masks[i]!] !== 1 || (only >= 0 && tier[i] !== only)) continue
        if (++seen === index) { chosen = i; break }
      }
      if (chosen < 0) throw new Error('unreachable: pool shrank during a pick')
    }
    const t = tier[chosen]!
    picked[chosen] = 1
    avail[masks[chosen]!]!--
    insertSorted(pickedPositions, chosen)
    availTier[t]![masks[chosen]!]!--
    tierLeft[t]!--
    insertSorted(pickedTierRanks[t]!, tierRank[chosen]!)
    const where = v1 ? { local: t === 0 } : { tier: t }
    if (skip !== null && skip[chosen]! >= 0) {
      steps.push({ phase, rule, poolSize, index, id: ids[chosen]!, ...where, skipped: excludedAtReveal[skip[chosen]!]!.reasons.map((r) => r.code) })
      return -1
    }
    if (real !== avail) real[masks[chosen]!]!--
    realLeft--
    steps.push({ phase, rule, poolSize, index, id: ids[chosen]!, ...where })
    return chosen
  }

  for (const [r, rule] of spec.rules.entries()) {
    for (;;) {
      const needs = residualNeeds(spec.rules, seatedMasks)
      if (needs[r]! === 0) break
      const allowed = new Uint8Array(1 << R)
      for (let mask = 0; mask < 1 << R; mask++) {
        if (!((mask >> r) & 1) || real[mask]! === 0) continue
        real[mask]!--
        allowed[mask] = canMeetRules(needs.map((need, i) => ((mask >> i) & 1 ? Math.max(0, need - 1) : need)), spec.seats - official.length - 1, real) ? 1 : 0
        real[mask]!++
      }
      const i = pick(allowed, 'composition', rule.label)
      if (i < 0) continue
      official.push(ids[i]!)
      seatedMasks.push(masks[i]!)
    }
  }
  while (official.length < spec.seats) {
    const i = pick(null, 'open', null)
    if (i < 0) continue
    official.push(ids[i]!)
    seatedMasks.push(masks[i]!)
  }
  while (alternates.length < spec.alternates && realLeft > 0) {
    const i = pick(null, 'alternate', null)
    if (i >= 0) alternates.push(ids[i]!)
  }
  return { official, alternates, steps }
}

// ---------------------------------------------------------------- one round: prepare, then complete

export type Entropy = { serverSecret: string, witnessValue?: string | undefined }

/** Step 1–2: fixes the input and the commitment; throws pool_too_small before anything is stored. */
export function prepareDraw (input: DrawInput | DrawSpec, serverSecret: string): PreparedDraw {
  // a spec made here is known by its columns; anything else is brought into canonical form first
  const spec = columnCache.has(input as DrawSpec) ? input as DrawSpec : canonicalSpec(input as DrawInput)
  assertDrawable(spec)
  const serverSecretHash = hashServerSecret(serverSecret)
  return { spec, serverSecretHash, commitment: computeCommitment(spec, serverSecretHash) }
}

/**
 * Steps 3–5: reveals the secret, mixes in the witness value and draws, skipping the committed candidates
 * who no longer qualify (`excludedAtReveal`, written into the draw only when there are any).
 */
export function completeDraw (prepared: PreparedDraw, { serverSecret, witnessValue = '' }: Entropy, excludedAtReveal: readonly RevealExclusion[] = []): CompletedDraw {
  if (hashServerSecret(serverSecret) !== prepared.serverSecretHash) throw drawInvalidInput({}, '服务器随机数与承诺不符')
  const seed = deriveSeed(serverSecret, witnessValue)
  const outcome = selectPanel(prepared.spec, hmacDrbg(seed), excludedAtReveal)
  const draw: CompletedDraw = { ...prepared, serverSecret, witnessValue, seed, ...outcome }
  if (excludedAtReveal.length > 0) draw.excludedAtReveal = excludedAtReveal.map((g) => ({ reasons: g.reasons.map((r) => ({ code: r.code, message: r.message })), memberIds: [...g.memberIds] }))
  return draw
}

/** The first round in one call: commitment, seed and draw. */
export function conductDraw (input: DrawInput, entropy: Entropy): DrawRecord {
  const draw = completeDraw(prepareDraw(input, entropy.serverSecret), entropy)
  const panel = { official: draw.official, alternates: draw.alternates }
  return {
    algorithmVersion: draw.spec.algorithmVersion,
    rounds: [{ round: 1, kind: 'initial', reason: null, exclude: [], promotions: [], draw, panel: clonePanel(panel) }],
    panel: clonePanel(panel)
  }
}

export function clonePanel (panel: Panel): Panel {
  const copy: Panel = { official: [...panel.official], alternates: [...panel.alternates] }
  if (panel.vacant && panel.vacant.length > 0) copy.vacant = [...panel.vacant]
  return copy
}

/** The seats in order: a member id, or null for an open seat. */
export function seatsOf (panel: Panel): (number | null)[] {
  const vacant = new Set(panel.vacant ?? [])
  const seats: (number | null)[] = []
  let k = 0
  for (let seat = 1; seat <= panel.official.length + vacant.size; seat++) seats.push(vacant.has(seat) ? null : panel.official[k++]!)
  return seats
}

function panelOf (seats: readonly (number | null)[], alternates: readonly number[]): Panel {
  const panel: Panel = { official: seats.filter((s): s is number => s !== null), alternates: [...alternates] }
  const vacant = seats.flatMap((s, i) => (s === null ? [i + 1] : []))
  if (vacant.length > 0) panel.vacant = vacant
  return panel
}

// ---------------------------------------------------------------- replacement rounds (step 6)

export type RoundChange = {
  exclude: readonly number[]
  reason: string
  /** Alternates who no longer qualify (re-checked when the round is made): they leave the queue unpromoted. */
  alternatesExcluded?: readonly RevealExclusion[] | undefined
  /** v1 records only, for a redraw inside the round: a fresh eligible list; by default the first round's list. */
  candidates?: readonly DrawCandidate[] | DrawColumns | undefined
}

export type PlannedRound = {
  round: number
  reason: string
  exclude: number[]
  alternatesExcluded: RevealExclusion[]
  promotions: DrawRound['promotions']
  /** Seat positions (0-based) still empty after promotions: left open for a witnessed redraw round (v1: drawn in the round). */
  vacantSeats: number[]
  seated: (number | null)[]
  alternates: number[]
  redraw: PreparedDraw | null
}

/** The stored candidate entries (attributes) of the given members, from the draws that listed them. */
function knownCandidates (record: DrawRecord, ids: ReadonlySet<number>): Map<number, CanonicalCandidate> {
  const byId = new Map<number, CanonicalCandidate>()
  for (const round of record.rounds) {
    if (!round.draw) continue
    const columns = columnsOf(round.draw.spec)
    for (let i = 0; i < columns.ids.length; i++) {
      const id = columns.ids[i]!
      if (ids.has(id) && !byId.has(id)) byId.set(id, { attributes: columns.profiles[columns.profile[i]!]!, id, tier: columns.tier[i]! })
    }
  }
  return byId
}

function everPicked (record: DrawRecord): Set<number> {
  const ids = new Set<number>()
  for (const round of record.rounds) {
    for (const id of round.panel.official) ids.add(id)
    for (const id of round.panel.alternates) ids.add(id)
    for (const id of round.exclude) ids.add(id)
    for (const g of round.alternatesExcluded ?? []) for (const id of g.memberIds) ids.add(id)
  }
  return ids
}

function maskOf (rules: readonly CanonicalRule[], c: CanonicalCandidate | undefined): number {
  if (!c) return 0
  let mask = 0
  for (const [r, rule] of rules.entries()) {
    const values = c.attributes[rule.match.field]
    if (values && values.some((v) => rule.match.anyOf.includes(v))) mask |= 1 << r
  }
  return mask
}

function firstSpec (record: DrawRecord): DrawSpec {
  const spec = record.rounds[0]?.draw?.spec
  if (!spec) throw drawRoundInvalid({}, '抽取记录缺少第一轮')
  return spec
}

function copyExclusions (groups: readonly RevealExclusion[]): RevealExclusion[] {
  return groups.map((g) => ({ reasons: g.reasons.map((r) => ({ code: r.code, message: r.message })), memberIds: [...g.memberIds] }))
}

/** The redraw of the open seats: members never picked before, rules reduced by those seated, the first round's version and settings. */
function redrawSpec (record: DrawRecord, seated: readonly (number | null)[], source: DrawColumns, seats: number): DrawSpec {
  const base = firstSpec(record)
  const byId = knownCandidates(record, new Set(seated.filter((s): s is number => s !== null)))
  const reduced = residualNeeds(base.rules, seated.filter((s): s is number => s !== null).map((id) => maskOf(base.rules, byId.get(id))))
  const earlier = everPicked(record)
  return canonicalSpec({
    candidates: filterColumns(source, (id) => !earlier.has(id)),
    rules: base.rules.flatMap((r, i) => (reduced[i]! > 0 ? [{ ...r, min: reduced[i]! }] : [])),
    seats,
    alternates: base.alternates,
    localFirst: base.localFirst,
    algorithmVersion: base.algorithmVersion
  })
}

/**
 * Removes the excluded members and the alternates who no longer qualify, and promotes alternates (step 6)
 * without drawing. Seats that stay empty are left open for a witnessed redraw round; only when a
 * `serverSecret` is given (replaying a v1 record that drew inside the round) is the redraw prepared here.
 */
export function planNextRound (record: DrawRecord, change: RoundChange, serverSecret: string | null = null): PlannedRound {
  const reason = change.reason.trim()
  if (reason === '') throw drawRoundInvalid({}, '须写明本轮原因（如谢绝参加、回避）')
  const exclude = [...new Set(change.exclude)].sort((a, b) => a - b)
  if (exclude.length === 0) throw drawRoundInvalid({}, '须指定退出的人员')
  const inPanel = new Set([...record.panel.official, ...record.panel.alternates])
  const stranger = exclude.find((id) => !inPanel.has(id))
  if (stranger !== undefined) throw drawRoundInvalid({ memberId: stranger }, `人员 ${stranger} 不在当前名单中`)
  const excluded = new Set(exclude)
  const alternatesExcluded = copyExclusions(change.alternatesExcluded ?? [])
  const dropped = new Set<number>()
  for (const g of alternatesExcluded) {
    if (g.reasons.length === 0) throw drawRoundInvalid({}, '不再符合条件的候补须写明原因')
    for (const id of g.memberIds) {
      if (!record.panel.alternates.includes(id) || excluded.has(id) || dropped.has(id)) throw drawRoundInvalid({ memberId: id }, `候补人员 ${id} 不在候补名单中或重复列出`)
      dropped.add(id)
    }
  }

  const base = firstSpec(record)
  const rules = base.rules
  const byId = knownCandidates(record, inPanel)
  const before = seatsOf(record.panel)
  const seated: (number | null)[] = before.map((id) => (id !== null && excluded.has(id) ? null : id))
  const alternates = record.panel.alternates.filter((id) => !excluded.has(id) && !dropped.has(id))
  const promotions: DrawRound['promotions'] = []

  const mask = (id: number) => maskOf(rules, byId.get(id))
  // only the seats vacated in this round are offered to the alternates; seats already open wait for the redraw
  for (let seat = 0; seat < seated.length; seat++) {
    if (seated[seat] !== null || before[seat] === null) continue
    const vacanciesAfter = seated.filter((s) => s === null).length - 1
    const chosen = alternates.findIndex((candidate) => {
      const needs = residualNeeds(rules, [...seated.filter((s): s is number => s !== null).map(mask), mask(candidate)])
      const avail = new Array<number>(1 << rules.length).fill(0)
      for (const other of alternates) if (other !== candidate) avail[mask(other)]!++
      return canMeetRules(needs, vacanciesAfter, avail)
    })
    if (chosen < 0) break
    const promoted = alternates.splice(chosen, 1)[0]!
    promotions.push({ seat: seat + 1, vacated: before[seat]!, promoted })
    seated[seat] = promoted
  }

  const vacantSeats = seated.flatMap((s, i) => (s === null ? [i] : []))
  let redraw: PreparedDraw | null = null
  if (vacantSeats.length > 0 && serverSecret !== null) {
    const source = change.candidates ? toDrawColumns(change.candidates) : columnsOf(base)
    redraw = prepareDraw(redrawSpec(record, seated, source, vacantSeats.length), serverSecret)
  }
  return { round: record.rounds.length + 1, reason, exclude, alternatesExcluded, promotions, vacantSeats, seated, alternates, redraw }
}

/** Completes a planned round (drawing when it holds a v1 redraw) and appends it; the record passed in is not changed. */
export function completeNextRound (record: DrawRecord, planned: PlannedRound, entropy: Entropy | null): DrawRecord {
  const seated = [...planned.seated]
  let alternates = [...planned.alternates]
  let draw: CompletedDraw | null = null
  if (planned.redraw) {
    if (!entropy) throw drawRoundInvalid({}, '本轮需要重新抽取，缺少随机数')
    draw = completeDraw(planned.redraw, entropy)
    planned.vacantSeats.forEach((seat, k) => { seated[seat] = draw!.official[k]! })
    alternates = [...alternates, ...draw.alternates]
  }
  const panel = panelOf(seated, alternates)
  const round: DrawRound = { round: planned.round, kind: 'replacement', reason: planned.reason, exclude: planned.exclude, promotions: planned.promotions, draw, panel: clonePanel(panel) }
  if (planned.alternatesExcluded.length > 0) round.alternatesExcluded = copyExclusions(planned.alternatesExcluded)
  return { algorithmVersion: record.algorithmVersion, rounds: [...record.rounds, round], panel: clonePanel(panel) }
}

/**
 * A decline or an accepted recusal: promotes the next suitable alternate; seats no alternate can fill are
 * left open for a witnessed redraw round (`prepareRedraw`, then `completeRedraw`).
 */
export function nextRound (record: DrawRecord, change: RoundChange & { entropy?: Entropy | undefined }): DrawRecord {
  // with entropy: the v1 way, the open seats drawn inside the round (kept to reproduce and check v1 records)
  return completeNextRound(record, planNextRound(record, change, change.entropy?.serverSecret ?? null), change.entropy ?? null)
}

/**
 * Step one of a redraw round, when the panel has open seats: the commitment over the given eligible
 * members never picked before, the rules reduced by the members still seated, as many seats as are open
 * and the first round's alternates count, settings and algorithm version.
 */
export function prepareRedraw (record: DrawRecord, candidates: readonly DrawCandidate[] | DrawColumns, serverSecret: string): PreparedDraw {
  const open = record.panel.vacant ?? []
  if (open.length === 0) throw drawRoundInvalid({}, '没有空缺的席位，无需补抽')
  return prepareDraw(redrawSpec(record, seatsOf(record.panel), toDrawColumns(candidates), open.length), serverSecret)
}

/** Step two of a redraw round: seats the drawn members in the open seats in seat order and appends the round. */
export function completeRedraw (record: DrawRecord, draw: CompletedDraw, reason: string): DrawRecord {
  const seats = seatsOf(record.panel)
  const open = seats.flatMap((s, i) => (s === null ? [i] : []))
  if (open.length === 0 || draw.official.length !== open.length) throw drawRoundInvalid({}, '补抽人数与空缺席位数不符')
  open.forEach((seat, k) => { seats[seat] = draw.official[k]! })
  const panel = panelOf(seats, [...record.panel.alternates, ...draw.alternates])
  const round: DrawRound = { round: record.rounds.length + 1, kind: 'replacement', reason, fillsSeats: open.map((seat) => seat + 1), exclude: [], promotions: [], draw, panel: clonePanel(panel) }
  return { algorithmVersion: record.algorithmVersion, rounds: [...record.rounds, round], panel: clonePanel(panel) }
}

// ---------------------------------------------------------------- verification

export type DrawVerification = {
  valid: boolean
  /** Per round; `witnessValue` is the value mixed into that round's draw, null for a round that drew nothing. */
  rounds: { round: number, kind: DrawRound['kind'] | 'redraw', commitmentOk: boolean, seedOk: boolean, picksOk: boolean, panelOk: boolean, witnessValue: string | null }[]
  issues: string[]
}

function sameList (a: ArrayLike<number>, b: ArrayLike<number>) {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function samePanel (a: Panel, b: Panel) {
  return sameList(a.official, b.official) && sameList(a.alternates, b.alternates) && sameList(a.vacant ?? [], b.vacant ?? [])
}

/** Everything in a spec but its candidates. */
function specHeader ({ algorithmVersion, rules, seats, alternates, localFirst }: DrawSpec) {
  return { algorithmVersion, rules, seats, alternates, localFirst }
}

/**
 * Recomputes every round of a stored record from its own inputs: secret against its hash, commitment,
 * seed, the picks of each draw (each by the rules of its algorithm version), the promotions and open seats
 * of each replacement round and the seats each redraw filled.
 */
export function verifyDraw (stored: DrawRecord): DrawVerification {
  // Each spec is copied, so it is read from its candidate list (what is stored), not from columns kept in memory.
  const record: DrawRecord = { ...stored, rounds: stored.rounds.map((r) => (r.draw ? { ...r, draw: { ...r.draw, spec: { ...r.draw.spec } } } : r)) }
  const issues: string[] = []
  const rounds: DrawVerification['rounds'] = []
  const version = record.rounds[0]?.draw?.spec.algorithmVersion
  let replay: DrawRecord | null = null
  for (const round of record.rounds) {
    const draw = round.draw
    const result = { round: round.round, kind: round.fillsSeats ? 'redraw' as const : round.kind, commitmentOk: true, seedOk: true, picksOk: true, panelOk: true, witnessValue: draw ? draw.witnessValue : null }
    try {
      if (draw) {
        const secretOk = /^[0-9a-f]{64}$/.test(draw.serverSecret) && hashServerSecret(draw.serverSecret) === draw.serverSecretHash
        if (!secretOk) { result.seedOk = false; issues.push(`第 ${round.round} 轮：服务器随机数与其哈希不符`) }
        if (!DRAW_ALGORITHM_VERSIONS.includes(draw.spec.algorithmVersion) || draw.spec.algorithmVersion !== version || computeCommitment(draw.spec, draw.serverSecretHash) !== draw.commitment) {
          result.commitmentOk = false
          issues.push(`第 ${round.round} 轮：承诺值与抽取条件不符`)
        }
        if (secretOk && deriveSeed(draw.serverSecret, draw.witnessValue) !== draw.seed) { result.seedOk = false; issues.push(`第 ${round.round} 轮：种子与随机数、见证值不符`) }
        const again = selectPanel(draw.spec, hmacDrbg(draw.seed), draw.excludedAtReveal ?? [])
        if (!sameList(again.official, draw.official) || !sameList(again.alternates, draw.alternates) || canonicalJson(again.steps) !== canonicalJson(draw.steps)) {
          result.picksOk = false
          issues.push(`第 ${round.round} 轮：按种子重新抽取的结果与记录不符`)
        }
      }
      if (round.round === 1) {
        if (!draw || round.kind !== 'initial') throw drawRoundInvalid({}, '第一轮必须是初次抽取')
        replay = { algorithmVersion: record.algorithmVersion, rounds: [round], panel: clonePanel({ official: draw.official, alternates: draw.alternates }) }
      } else if (replay && round.fillsSeats) {
        if (!draw || round.kind !== 'replacement') throw drawRoundInvalid({}, '补抽轮次缺少抽取')
        const expected = prepareRedraw(replay, columnsOf(draw.spec), draw.serverSecret).spec
        if (canonicalJson(specHeader(expected)) !== canonicalJson(specHeader(draw.spec))) {
          result.panelOk = false
          issues.push(`第 ${round.round} 轮：补抽的席位或组成要求与规则不符`)
        }
        if (!sameList(columnsOf(expected).ids, columnsOf(draw.spec).ids)) {
          result.panelOk = false
          issues.push(`第 ${round.round} 轮：补抽的名单含已抽中过的人员`)
        }
        const next = completeRedraw(replay, draw, round.reason ?? '')
        if (canonicalJson(next.rounds.at(-1)!.fillsSeats) !== canonicalJson(round.fillsSeats)) { result.panelOk = false; issues.push(`第 ${round.round} 轮：补抽的席位与空缺席位不符`) }
        replay = { ...next, rounds: [...replay.rounds, round] }
      } else if (replay) {
        if (round.kind !== 'replacement') throw drawRoundInvalid({}, '轮次类型不明')
        const planned = planNextRound(replay, { exclude: round.exclude, reason: round.reason ?? '', alternatesExcluded: round.alternatesExcluded, candidates: draw ? columnsOf(draw.spec) : undefined }, draw?.serverSecret ?? null)
        if (canonicalJson(planned.promotions) !== canonicalJson(round.promotions)) { result.panelOk = false; issues.push(`第 ${round.round} 轮：递补顺序与规则不符`) }
        if (draw !== null && planned.redraw === null) { result.panelOk = false; issues.push(`第 ${round.round} 轮：是否需要重新抽取与规则不符`) }
        if (planned.redraw && draw) {
          const expected = planned.redraw.spec
          if (canonicalJson(specHeader(expected)) !== canonicalJson(specHeader(draw.spec))) {
            result.panelOk = false
            issues.push(`第 ${round.round} 轮：重新抽取的席位或组成要求与规则不符`)
          }
          if (!sameList(columnsOf(expected).ids, columnsOf(draw.spec).ids)) {
            result.panelOk = false
            issues.push(`第 ${round.round} 轮：重新抽取的名单含已抽中过的人员`)
          }
        }
        const next = completeNextRound(replay, planned, draw ? { serverSecret: draw.serverSecret, witnessValue: draw.witnessValue } : null)
        replay = { ...next, rounds: [...replay.rounds, round] }
      }
      if (replay && !samePanel(replay.panel, round.panel)) {
        result.panelOk = false
        issues.push(`第 ${round.round} 轮：名单与重演结果不符`)
      }
      if (replay) replay = { ...replay, panel: clonePanel(round.panel) }
    } catch (error) {
      result.picksOk = false
      issues.push(`第 ${round.round} 轮：无法重演（${error instanceof Error ? error.message : String(error)}）`)
      replay = null
    }
    rounds.push(result)
  }
  const last = record.rounds.at(-1)
  if (!last || !samePanel(last.panel, record.panel)) {
    issues.push('当前名单与最后一轮不符')
  }
  return { valid: issues.length === 0, rounds, issues }
}
