/** Part of the panel draw (see draw.algorithm.ts): the feasibility of the composition rules and the selection (step 5). */
import { drawInvalidInput, poolTooSmall } from './draw.errors.js'
import { columnsOf, DRAW_ALGORITHM_V1, ruleMasks, TIER_COUNT } from './draw.commitment.js'
import type { CanonicalRule, DrawOutcome, DrawSpec, DrawStep, IntSource, RevealExclusion } from './draw.types.js'

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

export function residualNeeds (rules: readonly CanonicalRule[], seatedMasks: readonly number[]): number[] {
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
