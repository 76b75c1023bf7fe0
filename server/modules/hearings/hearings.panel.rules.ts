import type { PanelDraw } from '../../../db/schema/index.js'
import { clonePanel } from '../draw/draw.algorithm.js'
import { DRAW_ALGORITHM_VERSION } from '../draw/draw.commitment.js'
import type { CanonicalCandidate, DrawRecord, DrawRound, DrawSpec, PreparedDraw } from '../draw/draw.types.js'
import type { ExclusionGroup } from '../draw/draw.eligibility.js'

/** Draw rows hold one DrawRound each (or a pending commitment for the next round); the record is their concatenation. */
export type StoredRound = { kind: 'round', round: DrawRound, eligibleCount: number, excluded: ExclusionGroup[] }
export type StoredCommitment = { kind: 'commitment', prepared: PreparedDraw, serverSecret: string, eligibleCount: number, excluded: ExclusionGroup[] }
export type StoredDraw = StoredRound | StoredCommitment
/** A panel_draws row with its record decoded (by the repository). */
export type PanelDrawRow = Omit<PanelDraw, 'record'> & { record: StoredDraw }

/**
 * How a spec's candidates are stored: the ids in list order, and per candidate the index of its shape (what it
 * has besides the id: attributes, tier, locality) in a list of the distinct shapes. A city pool has a few dozen
 * attribute combinations, so 100,000 candidates take about a tenth of the space of one object each (and as
 * much less time to write and read). `unpackStoredDraw` gives back the same candidates, in the same order.
 */
type PackedCandidates = { ids: number[], shape: number[], shapes: Omit<CanonicalCandidate, 'id'>[] }
type PackedSpec = Omit<DrawSpec, 'candidates'> & { packedCandidates: PackedCandidates }

export function packSpec (spec: DrawSpec): PackedSpec {
  const { candidates, ...rest } = spec
  const ids: number[] = new Array<number>(candidates.length)
  const shape: number[] = new Array<number>(candidates.length)
  const shapes: Omit<CanonicalCandidate, 'id'>[] = []
  const byKey = new Map<string, number>()
  const byObject = new Map<object, Map<string, number>>()
  candidates.forEach(({ id, ...others }, i) => {
    ids[i] = id
    // candidates made from one profile share its attributes object: key by object, then by locality
    const local = `${others.tier ?? ''}|${others.local ?? ''}`
    const keyed = byObject.get(others.attributes) ?? byObject.set(others.attributes, new Map()).get(others.attributes)!
    let k = keyed.get(local)
    if (k === undefined) {
      const key = JSON.stringify(others)
      k = byKey.get(key)
      if (k === undefined) { k = shapes.length; shapes.push(others); byKey.set(key, k) }
      keyed.set(local, k)
    }
    shape[i] = k
  })
  return { ...rest, packedCandidates: { ids, shape, shapes } }
}

function unpackSpec (spec: DrawSpec | PackedSpec): DrawSpec {
  if (!('packedCandidates' in spec)) return spec
  const { packedCandidates: { ids, shape, shapes }, ...rest } = spec
  return { ...rest, candidates: ids.map((id, i) => ({ id, ...shapes[shape[i]!]! })) }
}

/** The record as the draws table stores it (candidates packed). */
export function packStoredDraw (stored: StoredDraw): Record<string, unknown> {
  if (stored.kind === 'commitment') return { ...stored, prepared: { ...stored.prepared, spec: packSpec(stored.prepared.spec) } }
  const draw = stored.round.draw
  return draw ? { ...stored, round: { ...stored.round, draw: { ...draw, spec: packSpec(draw.spec) } } } : { ...stored }
}

/** A stored record as the draw works with it (candidates as objects); records written before packing pass unchanged. */
export function unpackStoredDraw (json: Record<string, unknown>): StoredDraw {
  // the one place the column's JSON is given its type: it was written by packStoredDraw (or, before it, as is)
  const stored = json as unknown as StoredDraw
  if (stored.kind === 'commitment') return { ...stored, prepared: { ...stored.prepared, spec: unpackSpec(stored.prepared.spec) } }
  const draw = stored.round.draw
  return draw ? { ...stored, round: { ...stored.round, draw: { ...draw, spec: unpackSpec(draw.spec) } } } : stored
}

/** The whole draw record of a hearing from its rows: every round so far, and the panel as it stands; null before the first draw. */
export function drawRecordOf (rows: readonly PanelDrawRow[]): DrawRecord | null {
  return drawRecordOfStored(rows.map((r) => r.record))
}

/** The same from the stored records alone (e.g. the rows read before a draw plus the round it stores). */
export function drawRecordOfStored (stored: readonly StoredDraw[]): DrawRecord | null {
  const rounds = stored.filter((r): r is StoredRound => r.kind === 'round').map((r) => r.round)
    .sort((a, b) => a.round - b.round)
  if (rounds.length === 0) return null
  return { algorithmVersion: rounds[0]!.draw?.spec.algorithmVersion ?? DRAW_ALGORITHM_VERSION, rounds, panel: clonePanel(rounds[rounds.length - 1]!.panel) }
}

/** The row of the commitment published for the next round and not revealed yet. */
export function pendingCommitmentOf (rows: readonly PanelDrawRow[]) {
  return rows.find((r): r is PanelDrawRow & { record: StoredCommitment } => r.record.kind === 'commitment')
}

/**
 * The regions a hearing's draw is local to: its own township (a village's township; a hearing of a county or
 * of the city is local to that region), the county around it and the city. Members outside the own region
 * are cross-region and need their consent; the draw takes the township first, then the county, then the city.
 */
export function drawLocalityOf (regionPath: string) {
  const ids = regionPath.split('/').filter(Boolean)
  const prefix = (n: number) => `/${ids.slice(0, Math.min(n, ids.length)).join('/')}/`
  return { ownPath: prefix(3), countyPath: prefix(2), cityPath: prefix(1) }
}

/** The state of the panel for the hearing's panel view: open seats wait for a witnessed replacement round. */
export function panelStateOf (rows: readonly PanelDrawRow[]) {
  const record = drawRecordOf(rows)
  const pending = pendingCommitmentOf(rows)
  const openSeats = record?.panel.vacant ?? []
  return {
    drawn: record !== null,
    seats: record ? record.panel.official.length + openSeats.length : null,
    filledSeats: record ? record.panel.official.length : 0,
    openSeats,
    alternatesLeft: record ? record.panel.alternates.length : 0,
    replacementRoundNeeded: openSeats.length > 0,
    nextRound: record === null ? 1 : openSeats.length > 0 ? record.rounds.length + 1 : null,
    pendingCommitment: pending ? { round: pending.round, commitment: pending.commitment } : null
  }
}
