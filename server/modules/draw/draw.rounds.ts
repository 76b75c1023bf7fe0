/** Part of the panel draw (see draw.algorithm.ts): replacement rounds (step 6) and redraw rounds. */
import { drawRoundInvalid } from './draw.errors.js'
import { canonicalSpec, columnsAt, columnsOf, toDrawColumns } from './draw.commitment.js'
import { canMeetRules, residualNeeds } from './draw.selection.js'
import { clonePanel, completeDraw, prepareDraw, seatsOf } from './draw.algorithm.js'
import type {
  CanonicalCandidate, CanonicalRule, CompletedDraw, DrawCandidate, DrawColumns, DrawRecord, DrawRound, DrawSpec, Entropy, Panel, PlannedRound,
  PreparedDraw, RevealExclusion, RoundChange
} from './draw.types.js'

// ---------------------------------------------------------------- replacement rounds (step 6)

/** The candidates whose id passes `keep`, in their order. */
function filterColumns (columns: DrawColumns, keep: (id: number) => boolean): DrawColumns {
  const at: number[] = []
  for (let i = 0; i < columns.ids.length; i++) if (keep(columns.ids[i]!)) at.push(i)
  return columnsAt(columns, at)
}

function panelOf (seats: readonly (number | null)[], alternates: readonly number[]): Panel {
  const panel: Panel = { official: seats.filter((s): s is number => s !== null), alternates: [...alternates] }
  const vacant = seats.flatMap((s, i) => (s === null ? [i + 1] : []))
  if (vacant.length > 0) panel.vacant = vacant
  return panel
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
