/**
 * 本机独立核算: the panel draw recomputed in the browser from the published record alone (GET …/draws), by the
 * steps of docs/draw-algorithm.md, with WebCrypto (SHA-256 and HMAC-SHA256 from `crypto.subtle`). Written from
 * the document, not from the server's code, so a witness who trusts neither the server nor its verification
 * can still see whether the published commitment, seed and picks follow from the published inputs.
 *
 * It checks, round by round: the server secret against its hash (section 2), the commitment over the canonical
 * JSON of the list and the rules (sections 1–2), the seed (section 3), every pick of the random stream with the
 * tiers, the composition look-ahead and the skips at the reveal (sections 4–6), and for later rounds the
 * promotions, open seats and the seats a redraw filled (section 7); v1 records by the v1 rules (section 10).
 * Nothing here decides anything for the service: it only compares.
 */

// ---------------------------------------------------------------- the published record (the parts read here)

export type PublishedCandidate = { id: number, attributes?: Record<string, string[] | undefined>, tier?: number, local?: boolean }
export type PublishedRule = { label: string, min: number, match: { field: string, anyOf: string[] } }
/** Candidates as the record lists them, or packed (ids, and per id the index of its shape: attributes and tier). */
export type PackedCandidates = { ids: number[], shape: number[], shapes: Omit<PublishedCandidate, 'id'>[] }
export type PublishedSpec = {
  algorithmVersion: string
  candidates?: PublishedCandidate[]
  packedCandidates?: PackedCandidates
  rules: PublishedRule[]
  seats: number
  alternates: number
  localFirst: boolean
}
export type PublishedStep = { phase: 'composition' | 'open' | 'alternate', rule: string | null, poolSize: number, index: number, id: number, local?: boolean, tier?: number, skipped?: string[] }
export type ExclusionGroup = { reasons: { code: string, message: string }[], memberIds: number[] }
export type PublishedDraw = {
  spec: PublishedSpec
  serverSecretHash: string
  commitment: string
  serverSecret: string
  witnessValue: string
  seed: string
  official: number[]
  alternates: number[]
  steps: PublishedStep[]
  excludedAtReveal?: ExclusionGroup[]
}
export type PublishedPanel = { official: number[], alternates: number[], vacant?: number[] }
export type PublishedRound = {
  round: number
  kind: 'initial' | 'replacement'
  reason: string | null
  fillsSeats?: number[]
  exclude: number[]
  alternatesExcluded?: ExclusionGroup[]
  promotions: { seat: number, vacated: number, promoted: number }[]
  draw: PublishedDraw | null
  panel: PublishedPanel
}
/** A commitment published and not revealed yet: the secret is still hidden, the commitment can be checked already. */
export type PublishedCommitment = { commitment: string, serverSecretHash: string, spec: PublishedSpec }

// ---------------------------------------------------------------- what the recomputation answers

export type Check = { label: string, ok: boolean, detail?: string }
/** One pick as recomputed here, beside the published one (null when the record has fewer steps). */
export type RecomputedStep = PublishedStep & { published: PublishedStep | null, ok: boolean }
export type RoundResult = {
  round: number
  kind: 'initial' | 'replacement' | 'redraw'
  ok: boolean
  checks: Check[]
  steps: RecomputedStep[]
  /** 1-based number of the first step that differs from the record, or null. */
  firstBadStep: number | null
  /** The commitment recomputed here from the round's list and rules, to compare with the one the witness signed on paper. */
  commitment: string | null
}
export type Recomputation = { ok: boolean, rounds: RoundResult[], issues: string[] }

const V1 = 'tz-draw-v1'
const VERSIONS = [V1, 'tz-draw-v2']
const TIERS = 3

// ---------------------------------------------------------------- bytes, hashes (sections 2–4)

const encoder = new TextEncoder()

function hex (bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  let out = ''
  for (const b of view) out += b.toString(16).padStart(2, '0')
  return out
}

function fromHex (text: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(text.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16)
  return out
}

async function sha256 (bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', bytes))
}

const isSecret = (text: string) => /^[0-9a-f]{64}$/.test(text)

/** Section 3: SHA-256(the secret's 32 bytes || UTF-8 of the witness value). */
async function seedOf (serverSecret: string, witnessValue: string): Promise<string> {
  const a = fromHex(serverSecret)
  const b = encoder.encode(witnessValue)
  const both = new Uint8Array(a.length + b.length)
  both.set(a)
  both.set(b, a.length)
  return sha256(both)
}

/**
 * Section 4, all words the draw can need: block i = HMAC-SHA256(seed, i as 8-byte big-endian), read as 4-byte
 * big-endian words. WebCrypto is asynchronous, so the blocks are made ahead (`count` of them) and the draw asks
 * for more when it runs out.
 */
async function streamWords (seed: string, count: number): Promise<Uint32Array> {
  const key = await crypto.subtle.importKey('raw', fromHex(seed), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const words = new Uint32Array(count * 8)
  const message = new Uint8Array(8)
  const view = new DataView(message.buffer)
  for (let i = 0; i < count; i++) {
    view.setBigUint64(0, BigInt(i))
    const block = new DataView(await crypto.subtle.sign('HMAC', key, message))
    for (let w = 0; w < 8; w++) words[i * 8 + w] = block.getUint32(w * 4)
  }
  return words
}

class StreamExhausted extends Error {}

/** A number below n from the words: limit = 2^32 − (2^32 mod n); the next word under the limit, mod n. */
function numbers (words: Uint32Array) {
  let at = 0
  return (n: number) => {
    const limit = 2 ** 32 - (2 ** 32 % n)
    for (;;) {
      if (at >= words.length) throw new StreamExhausted()
      const u = words[at++]!
      if (u < limit) return u % n
    }
  }
}

// ---------------------------------------------------------------- canonical JSON and the commitment (sections 1–2)

/** Keys sorted, no spaces, strings and numbers as JSON writes them. */
function canonicalJson (value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`
}

type Candidate = { id: number, tier: number, mask: number, attributes: Record<string, string[] | undefined> }

function candidatesOf (spec: PublishedSpec): PublishedCandidate[] {
  if (spec.candidates) return spec.candidates
  const packed = spec.packedCandidates
  if (!packed) return []
  return packed.ids.map((id, i) => ({ id, ...packed.shapes[packed.shape[i]!] }))
}

/** A candidate's tier: v2 its tier (anything unreadable counts as farthest); v1 0 when local, else 1. */
function tierOf (c: PublishedCandidate, v1: boolean): number {
  if (!v1 && c.tier !== undefined) return c.tier === 0 || c.tier === 1 || c.tier === 2 ? c.tier : TIERS - 1
  if (v1 && c.tier !== undefined) return c.tier === 0 ? 0 : 1
  return c.local === true ? 0 : 1
}

/** `matches`: bit r set when the candidate's values for rule r's field include one of the rule's values. */
function maskOf (rules: readonly PublishedRule[], attributes: Record<string, string[] | undefined>): number {
  let mask = 0
  rules.forEach((rule, r) => {
    const values = attributes[rule.match.field]
    if (values && values.some((v) => rule.match.anyOf.includes(v))) mask |= 1 << r
  })
  return mask
}

function listOf (spec: PublishedSpec): Candidate[] {
  const v1 = spec.algorithmVersion === V1
  return candidatesOf(spec).map((c) => {
    const attributes = c.attributes ?? {}
    return { id: c.id, tier: tierOf(c, v1), mask: maskOf(spec.rules, attributes), attributes }
  })
}

/** The exact text whose SHA-256 is the commitment (section 2; v1 lists `local` 1/0 instead of `tier`). */
function commitmentText (spec: PublishedSpec, serverSecretHash: string): string {
  const list = listOf(spec)
  const ids = list.map((c) => c.id)
  const matches = list.map((c) => c.mask)
  const candidates = spec.algorithmVersion === V1
    ? { ids, local: list.map((c) => (c.tier === 0 ? 1 : 0)), matches }
    : { ids, matches, tier: list.map((c) => c.tier) }
  return canonicalJson({
    algorithmVersion: spec.algorithmVersion,
    alternates: spec.alternates,
    candidates,
    localFirst: spec.localFirst,
    rules: spec.rules,
    seats: spec.seats,
    serverSecretHash
  })
}

/** Recomputes a commitment from its published list, rules and secret hash; before the reveal too. */
export async function recomputeCommitment (c: PublishedCommitment): Promise<Check & { value: string }> {
  const value = await sha256(encoder.encode(commitmentText(c.spec, c.serverSecretHash)))
  const label = '承诺值（名单、规则、服务器随机数哈希）'
  return value === c.commitment ? { label, ok: true, value } : { label, ok: false, detail: `按公布的名单和规则算得 ${value}，公布的是 ${c.commitment}`, value }
}

// ---------------------------------------------------------------- composition feasibility

/**
 * Whether `needs[r]` more members matching rule r can be seated within `seats` seats, given how many members
 * of each mask are available (`avail[mask]`). Only the bits of rules still needed matter, so masks are merged
 * on those bits; a member is tried for the first unmet rule, every kind of member in turn.
 */
function feasible (needs: readonly number[], seats: number, avail: readonly number[]): boolean {
  const memo = new Map<string, boolean>()
  const start = new Map<number, number>()
  avail.forEach((count, mask) => { if (count > 0 && mask > 0) start.set(mask, count) })
  function go (needs: number[], seats: number, groups: Map<number, number>): boolean {
    const first = needs.findIndex((n) => n > 0)
    if (first < 0) return true
    if (seats < Math.max(...needs)) return false
    let neededBits = 0
    needs.forEach((n, r) => { if (n > 0) neededBits |= 1 << r })
    const merged = new Map<number, number>()
    for (const [mask, count] of groups) {
      const m = mask & neededBits
      if (m !== 0) merged.set(m, Math.min(seats, (merged.get(m) ?? 0) + count))
    }
    const key = `${needs.join(',')}/${seats}/${[...merged].sort((a, b) => a[0] - b[0]).join(';')}`
    const known = memo.get(key)
    if (known !== undefined) return known
    let answer = false
    for (const [mask, count] of merged) {
      if (!((mask >> first) & 1)) continue
      const rest = new Map(merged)
      if (count === 1) rest.delete(mask)
      else rest.set(mask, count - 1)
      if (go(needs.map((n, r) => ((mask >> r) & 1 ? Math.max(0, n - 1) : n)), seats - 1, rest)) { answer = true; break }
    }
    memo.set(key, answer)
    return answer
  }
  return go([...needs], seats, start)
}

function residual (rules: readonly PublishedRule[], seatedMasks: readonly number[]): number[] {
  return rules.map((rule, r) => Math.max(0, rule.min - seatedMasks.filter((m) => (m >> r) & 1).length))
}

// ---------------------------------------------------------------- selection (sections 5–6)

type Outcome = { official: number[], alternates: number[], steps: PublishedStep[] }

/** Section 5 with the skips of section 6, over the list in its published order (ascending ids). */
function select (spec: PublishedSpec, list: readonly Candidate[], nextInt: (n: number) => number, excluded: readonly ExclusionGroup[]): Outcome {
  const v1 = spec.algorithmVersion === V1
  const R = spec.rules.length
  const skipOf = new Map<number, string[]>()
  for (const g of excluded) for (const id of g.memberIds) skipOf.set(id, g.reasons.map((r) => r.code))
  const picked = new Set<number>()
  /** Unpicked members still eligible, per mask: what the look-ahead counts. */
  const eligible = new Array<number>(1 << R).fill(0)
  for (const c of list) if (!skipOf.has(c.id)) eligible[c.mask]!++
  const eligibleLeft = () => list.filter((c) => !picked.has(c.id) && !skipOf.has(c.id)).length
  const official: number[] = []
  const seatedMasks: number[] = []
  const alternates: number[] = []
  const steps: PublishedStep[] = []

  /** One pick among the unpicked members `inPool` admits, from the nearest tier that has one; null when skipped. */
  function pick (inPool: (c: Candidate) => boolean, phase: PublishedStep['phase'], rule: string | null): Candidate | null {
    let pool = list.filter((c) => !picked.has(c.id) && inPool(c))
    if (spec.localFirst) {
      for (let t = 0; t < TIERS; t++) {
        const tier = pool.filter((c) => c.tier === t)
        if (tier.length > 0) { pool = tier; break }
      }
    }
    if (pool.length === 0) throw new Error('候选范围为空')
    const index = nextInt(pool.length)
    const chosen = pool[index]!
    picked.add(chosen.id)
    const step: PublishedStep = { phase, rule, poolSize: pool.length, index, id: chosen.id, ...(v1 ? { local: chosen.tier === 0 } : { tier: chosen.tier }) }
    const skipped = skipOf.get(chosen.id)
    if (skipped) {
      steps.push({ ...step, skipped })
      return null
    }
    eligible[chosen.mask]!--
    steps.push(step)
    return chosen
  }

  spec.rules.forEach((rule, r) => {
    for (;;) {
      const needs = residual(spec.rules, seatedMasks)
      if (needs[r] === 0) break
      const allowed = new Set<number>()
      for (let mask = 0; mask < 1 << R; mask++) {
        if (!((mask >> r) & 1) || eligible[mask] === 0) continue
        const after = [...eligible]
        after[mask]!--
        if (feasible(needs.map((n, i) => ((mask >> i) & 1 ? Math.max(0, n - 1) : n)), spec.seats - official.length - 1, after)) allowed.add(mask)
      }
      if (allowed.size === 0) throw new Error(`组成要求“${rule.label}”无法满足`)
      const c = pick((x) => allowed.has(x.mask), 'composition', rule.label)
      if (c) { official.push(c.id); seatedMasks.push(c.mask) }
    }
  })
  while (official.length < spec.seats) {
    const c = pick(() => true, 'open', null)
    if (c) { official.push(c.id); seatedMasks.push(c.mask) }
  }
  while (alternates.length < spec.alternates && eligibleLeft() > 0) {
    const c = pick(() => true, 'alternate', null)
    if (c) alternates.push(c.id)
  }
  return { official, alternates, steps }
}

/** Before drawing: enough members still eligible for the seats and every rule (the server draws nothing otherwise). */
function drawable (spec: PublishedSpec, list: readonly Candidate[], excluded: ReadonlySet<number>): string | null {
  const avail = new Array<number>(1 << spec.rules.length).fill(0)
  let count = 0
  for (const c of list) if (!excluded.has(c.id)) { avail[c.mask]!++; count++ }
  if (count < spec.seats) return `可抽取 ${count} 人，需要 ${spec.seats} 人`
  if (!feasible(spec.rules.map((r) => r.min), spec.seats, avail)) return '正式席位无法同时满足全部组成要求'
  return null
}

const PHASES: Record<PublishedStep['phase'], string> = { composition: '组成要求', open: '正式席位', alternate: '候补' }

export function stepText (s: PublishedStep): string {
  return `${PHASES[s.phase]}${s.rule ? `（${s.rule}）` : ''}：候选 ${s.poolSize} 人，随机数 k = ${s.index} → 编号 ${s.id}${s.skipped ? `（跳过：${s.skipped.join('、')}）` : ''}`
}

// ---------------------------------------------------------------- one draw

async function recomputeDraw (draw: PublishedDraw, version: string | undefined, checks: Check[], issues: string[], n: number): Promise<{ steps: RecomputedStep[], firstBadStep: number | null, commitment: string }> {
  const secretOk = isSecret(draw.serverSecret) && await sha256(fromHex(draw.serverSecret)) === draw.serverSecretHash
  checks.push({ label: '服务器随机数与揭示前公布的哈希一致', ok: secretOk })
  if (!secretOk) issues.push(`第 ${n} 轮：服务器随机数与其哈希不符`)

  const spec = draw.spec
  const versionOk = VERSIONS.includes(spec.algorithmVersion) && spec.algorithmVersion === version
  const list = listOf(spec)
  const ascending = list.every((c, i) => i === 0 || c.id > list[i - 1]!.id)
  const commitment = await recomputeCommitment({ commitment: draw.commitment, serverSecretHash: draw.serverSecretHash, spec })
  const commitmentOk = versionOk && ascending && commitment.ok
  const { value, ...commitmentCheck } = commitment
  checks.push({ ...commitmentCheck, ok: commitmentOk, ...(versionOk ? {} : { detail: `算法版本 ${spec.algorithmVersion} 不是本记录的版本` }), ...(ascending ? {} : { detail: '名单未按编号从小到大排列' }) })
  if (!commitmentOk) issues.push(`第 ${n} 轮：承诺值与抽取条件不符`)

  if (secretOk) {
    const seed = await seedOf(draw.serverSecret, draw.witnessValue)
    const seedOk = seed === draw.seed
    checks.push({ label: '种子 = SHA-256(服务器随机数 ‖ 见证值)', ok: seedOk, ...(seedOk ? {} : { detail: `算得 ${seed}` }) })
    if (!seedOk) issues.push(`第 ${n} 轮：种子与服务器随机数、见证值不符`)
  }

  // section 6: who may be skipped, and only members of the list, each once, with reasons
  const excluded = draw.excludedAtReveal ?? []
  const listed = new Set(list.map((c) => c.id))
  const seen = new Set<number>()
  let exclusionsOk = true
  for (const g of excluded) {
    if (g.reasons.length === 0) exclusionsOk = false
    for (const id of g.memberIds) {
      if (seen.has(id) || !listed.has(id)) exclusionsOk = false
      seen.add(id)
    }
  }
  if (excluded.length > 0) checks.push({ label: '揭示时排除的人员均在承诺名单上、只列一次并写明原因', ok: exclusionsOk })
  if (!exclusionsOk) issues.push(`第 ${n} 轮：揭示时排除的人员记录不合规则`)

  let outcome: Outcome | null = null
  const refused = drawable(spec, list, seen)
  if (refused !== null) {
    issues.push(`第 ${n} 轮：无法重演（${refused}）`)
  } else {
    for (let blocks = 16; outcome === null && blocks <= 1 << 20; blocks *= 4) {
      const words = await streamWords(draw.seed, blocks)
      try {
        outcome = select(spec, list, numbers(words), excluded)
      } catch (error) {
        if (!(error instanceof StreamExhausted)) { issues.push(`第 ${n} 轮：无法重演（${(error as Error).message}）`); break }
      }
    }
  }
  const mine = outcome?.steps ?? []
  const steps: RecomputedStep[] = []
  let firstBadStep: number | null = null
  for (let i = 0; i < Math.max(mine.length, draw.steps.length); i++) {
    const published = draw.steps[i] ?? null
    const own = mine[i]
    const ok = own !== undefined && published !== null && canonicalJson(own) === canonicalJson(published)
    if (!ok && firstBadStep === null) firstBadStep = i + 1
    steps.push({ ...(own ?? published!), published, ok })
  }
  const sameSeats = outcome !== null && canonicalJson(outcome.official) === canonicalJson(draw.official) && canonicalJson(outcome.alternates) === canonicalJson(draw.alternates)
  const picksOk = outcome !== null && firstBadStep === null && sameSeats
  checks.push({ label: '按种子逐步重抽，每一步与公布的相同', ok: picksOk, ...(firstBadStep !== null && outcome !== null ? { detail: `第 ${firstBadStep} 步不同` } : {}) })
  if (!picksOk && outcome !== null) issues.push(`第 ${n} 轮：${firstBadStep !== null ? `第 ${firstBadStep} 步与公布的不同` : '抽中人员与公布的不同'}`)
  return { steps, firstBadStep, commitment: value }
}

// ---------------------------------------------------------------- rounds (section 7)

const samePanel = (a: PublishedPanel, b: PublishedPanel) =>
  canonicalJson([a.official, a.alternates, a.vacant ?? []]) === canonicalJson([b.official, b.alternates, b.vacant ?? []])

/** The seats in order, null for an open one. */
function seatsOf (panel: PublishedPanel): (number | null)[] {
  const vacant = new Set(panel.vacant ?? [])
  const seats: (number | null)[] = []
  let k = 0
  for (let seat = 1; seat <= panel.official.length + vacant.size; seat++) seats.push(vacant.has(seat) ? null : panel.official[k++]!)
  return seats
}

function panelOf (seats: readonly (number | null)[], alternates: readonly number[]): PublishedPanel {
  const panel: PublishedPanel = { official: seats.filter((s): s is number => s !== null), alternates: [...alternates] }
  const vacant = seats.flatMap((s, i) => (s === null ? [i + 1] : []))
  if (vacant.length > 0) panel.vacant = vacant
  return panel
}

/** What a later round must look like: seats = open seats, rules reduced by those seated, the first round's settings, nobody picked before. */
function redrawExpectation (rounds: readonly PublishedRound[], seated: readonly (number | null)[], open: number, draw: PublishedDraw): string | null {
  const base = rounds[0]!.draw!.spec
  const attributes = new Map<number, Record<string, string[] | undefined>>()
  for (const r of rounds) for (const c of r.draw ? candidatesOf(r.draw.spec) : []) if (!attributes.has(c.id)) attributes.set(c.id, c.attributes ?? {})
  const seatedMasks = seated.filter((s): s is number => s !== null).map((id) => maskOf(base.rules, attributes.get(id) ?? {}))
  const reduced = residual(base.rules, seatedMasks)
  const rules = base.rules.flatMap((r, i) => (reduced[i]! > 0 ? [{ ...r, min: reduced[i]! }] : []))
  const header = (s: PublishedSpec, rs: PublishedRule[]) => canonicalJson({ algorithmVersion: s.algorithmVersion, alternates: s.alternates, localFirst: s.localFirst, rules: rs, seats: s.seats })
  if (header(draw.spec, draw.spec.rules) !== header({ ...base, seats: open }, rules)) return '补抽的席位数或组成要求与规则不符'
  const earlier = new Set<number>()
  for (const r of rounds) {
    for (const id of [...r.panel.official, ...r.panel.alternates, ...r.exclude]) earlier.add(id)
    for (const g of r.alternatesExcluded ?? []) for (const id of g.memberIds) earlier.add(id)
  }
  if (candidatesOf(draw.spec).some((c) => earlier.has(c.id))) return '补抽的名单含已抽中过的人员'
  return null
}

/** Section 7, steps 1–3: who leaves, which alternate takes each seat vacated in this round, which seats stay open. */
function promote (rounds: readonly PublishedRound[], panel: PublishedPanel, round: PublishedRound): { seated: (number | null)[], alternates: number[], promotions: PublishedRound['promotions'], vacant: number[] } | string {
  const exclude = [...new Set(round.exclude)].sort((a, b) => a - b)
  const inPanel = new Set([...panel.official, ...panel.alternates])
  if (exclude.length === 0 || exclude.some((id) => !inPanel.has(id))) return '退出的人员不在当时的名单中'
  const dropped = new Set<number>()
  for (const g of round.alternatesExcluded ?? []) {
    for (const id of g.memberIds) {
      if (g.reasons.length === 0 || !panel.alternates.includes(id) || exclude.includes(id) || dropped.has(id)) return `不再符合条件的候补 ${id} 不在候补名单中或重复列出`
      dropped.add(id)
    }
  }
  const rules = rounds[0]!.draw!.spec.rules
  const attributes = new Map<number, Record<string, string[] | undefined>>()
  for (const r of rounds) for (const c of r.draw ? candidatesOf(r.draw.spec) : []) if (inPanel.has(c.id) && !attributes.has(c.id)) attributes.set(c.id, c.attributes ?? {})
  const mask = (id: number) => maskOf(rules, attributes.get(id) ?? {})
  const before = seatsOf(panel)
  const seated = before.map((id) => (id !== null && exclude.includes(id) ? null : id))
  const alternates = panel.alternates.filter((id) => !exclude.includes(id) && !dropped.has(id))
  const promotions: PublishedRound['promotions'] = []
  for (let seat = 0; seat < seated.length; seat++) {
    if (seated[seat] !== null || before[seat] === null) continue
    const vacanciesAfter = seated.filter((s) => s === null).length - 1
    const chosen = alternates.findIndex((candidate) => {
      const needs = residual(rules, [...seated.filter((s): s is number => s !== null).map(mask), mask(candidate)])
      const avail = new Array<number>(1 << rules.length).fill(0)
      for (const other of alternates) if (other !== candidate) avail[mask(other)]!++
      return feasible(needs, vacanciesAfter, avail)
    })
    if (chosen < 0) break
    const promoted = alternates.splice(chosen, 1)[0]!
    promotions.push({ seat: seat + 1, vacated: before[seat]!, promoted })
    seated[seat] = promoted
  }
  return { seated, alternates, promotions, vacant: seated.flatMap((s, i) => (s === null ? [i] : [])) }
}

/**
 * Every round of a published record (GET …/draws: the `detail` of each revealed round, in round order),
 * recomputed here. `ok` is true only when every check of every round holds.
 */
export async function recomputeRecord (rounds: readonly PublishedRound[]): Promise<Recomputation> {
  const issues: string[] = []
  const results: RoundResult[] = []
  const version = rounds[0]?.draw?.spec.algorithmVersion
  let panel: PublishedPanel | null = null
  for (const [i, round] of rounds.entries()) {
    const n = round.round
    const issuesBefore = issues.length
    const checks: Check[] = []
    let steps: RecomputedStep[] = []
    let firstBadStep: number | null = null
    let commitment: string | null = null
    if (round.draw) ({ steps, firstBadStep, commitment } = await recomputeDraw(round.draw, version, checks, issues, n))
    const earlier = rounds.slice(0, i)
    let expected: PublishedPanel | null = null
    if (i === 0) {
      if (!round.draw || round.kind !== 'initial') issues.push('第一轮必须是初次抽取')
      else expected = { official: round.draw.official, alternates: round.draw.alternates }
    } else if (panel && round.fillsSeats) {
      const seats = seatsOf(panel)
      const open = seats.flatMap((s, k) => (s === null ? [k] : []))
      const draw = round.draw
      if (!draw || open.length === 0 || draw.official.length !== open.length) {
        issues.push(`第 ${n} 轮：补抽人数与空缺席位数不符`)
      } else {
        const wrong = redrawExpectation(earlier, seats, open.length, draw)
        checks.push({ label: '补抽：席位为空缺席位，组成要求扣除仍在席人员，名单不含抽中过的人员', ok: wrong === null, ...(wrong ? { detail: wrong } : {}) })
        if (wrong) issues.push(`第 ${n} 轮：${wrong}`)
        const fills = open.map((k) => k + 1)
        const fillsOk = canonicalJson(fills) === canonicalJson(round.fillsSeats)
        checks.push({ label: '补抽填入的席位', ok: fillsOk, ...(fillsOk ? {} : { detail: `应为第 ${fills.join('、')} 席` }) })
        if (!fillsOk) issues.push(`第 ${n} 轮：补抽的席位与空缺席位不符`)
        open.forEach((k, j) => { seats[k] = draw.official[j]! })
        expected = panelOf(seats, [...panel.alternates, ...draw.alternates])
      }
    } else if (panel) {
      const planned = promote(earlier, panel, round)
      if (typeof planned === 'string') {
        issues.push(`第 ${n} 轮：${planned}`)
      } else {
        const promotionsOk = canonicalJson(planned.promotions) === canonicalJson(round.promotions)
        checks.push({ label: '递补顺序（第一位补上后组成要求仍可满足的候补）', ok: promotionsOk })
        if (!promotionsOk) issues.push(`第 ${n} 轮：递补顺序与规则不符`)
        const seats = [...planned.seated]
        let alternates = planned.alternates
        const draw = round.draw
        if (draw && planned.vacant.length === 0) issues.push(`第 ${n} 轮：是否需要重新抽取与规则不符`)
        if (draw && planned.vacant.length > 0) {
          // v1: the open seats were drawn inside the round
          const wrong = redrawExpectation(earlier, planned.seated, planned.vacant.length, draw)
          checks.push({ label: '重新抽取：席位、组成要求和名单', ok: wrong === null, ...(wrong ? { detail: wrong } : {}) })
          if (wrong) issues.push(`第 ${n} 轮：${wrong}`)
          planned.vacant.forEach((k, j) => { seats[k] = draw.official[j] ?? null })
          alternates = [...alternates, ...draw.alternates]
        }
        expected = panelOf(seats, alternates)
      }
    }
    if (expected) {
      const panelOk = samePanel(expected, round.panel)
      checks.push({ label: '本轮后的正式、候补和空缺席位', ok: panelOk, ...(panelOk ? {} : { detail: `应为正式 ${expected.official.join('、')}；候补 ${expected.alternates.join('、') || '无'}` }) })
      if (!panelOk) issues.push(`第 ${n} 轮：名单与重算结果不符`)
    }
    panel = round.panel
    const kind = round.fillsSeats ? 'redraw' : round.kind
    results.push({ round: n, kind, ok: checks.every((c) => c.ok) && issues.length === issuesBefore, checks, steps, firstBadStep, commitment })
  }
  if (rounds.length === 0) issues.push('没有已揭示的抽取')
  return { ok: issues.length === 0, rounds: results, issues }
}
