import type {
  RemunerationEntryKind, RemunerationLineStatus, RemunerationRole, RemunerationKind, PoolSettings
} from '../../../db/schema/index.js'
import { feeCap } from '../pool/pool.rules.js'

// The remuneration ledger's rules (听证取酬), pure: half-days from the actual session times, the rate of a member,
// the paying region, and how a correction is made. docs/remuneration.md explains each choice.

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const agrees = <A, B>(ok: Exact<A, B>) => ok

export const REMUNERATION_ROLES = ['host', 'officer', 'third_party', 'recorder'] as const
export const ENTRY_KINDS = ['original', 'reversal', 'replacement'] as const
export const LINE_STATUSES = ['unpaid', 'paid', 'not_payable', 'cancelled'] as const
agrees<typeof REMUNERATION_ROLES[number], RemunerationRole>(true)
agrees<typeof ENTRY_KINDS[number], RemunerationEntryKind>(true)
agrees<typeof LINE_STATUSES[number], RemunerationLineStatus>(true)

export const ROLE_NAMES: Record<RemunerationRole, string> = { host: '主持人', officer: '听证员', third_party: '第三方参与人员', recorder: '记录员' }
export const ENTRY_KIND_NAMES: Record<RemunerationEntryKind, string> = { original: '听证取酬', reversal: '冲销', replacement: '更正' }
export const STATUS_NAMES: Record<RemunerationLineStatus, string> = { unpaid: '待支付', paid: '已支付', not_payable: '无需支付（公益服务）', cancelled: '已作废（支付前冲销）' }
export const KIND_NAMES: Record<RemunerationKind, string> = { public_interest: '公益服务', fee_per_half_day: '按半天计酬' }

/** A half-day of service is up to 4 hours in session; each further 4 hours begun is one more (INFER, docs/remuneration.md). */
export const HALF_DAY_MINUTES = 240
/**
 * Morning ends and afternoon begins at 12:00 (Shanghai). A session that takes more than this many minutes of both
 * the morning and the afternoon of a day has cost the member both halves of that day, however short it was.
 */
export const NOON_GRACE_MINUTES = 30

const MINUTE = 60_000
const HALF_DAY_MS = 12 * 3600_000
const SHANGHAI_OFFSET = 8 * 3600_000

export type Session = { start: number, end: number }

/** Timeline actions that end a session in progress. */
const SESSION_ENDS = new Set(['suspend', 'postpone', 'conclude', 'terminate'])

/**
 * The sessions a hearing was actually held in, from its timeline (oldest first): each `open` up to the next action
 * that left the session (suspend, postpone, conclude, terminate). An open without an end yet is left out.
 */
export function sessionsOf (events: readonly { action: string, at: Date | number }[]): Session[] {
  const out: Session[] = []
  let open: number | null = null
  for (const e of events) {
    const at = Number(e.at instanceof Date ? e.at.getTime() : e.at)
    if (e.action === 'open') open = at
    else if (open !== null && SESSION_ENDS.has(e.action)) {
      out.push({ start: open, end: Math.max(open, at) })
      open = null
    }
  }
  return out
}

/** Minutes of [start, end) in each Shanghai half-day (00:00–12:00, 12:00–24:00), keyed by the half-day's start. */
function minutesPerHalfOfDay ({ start, end }: Session): Map<number, number> {
  const out = new Map<number, number>()
  let at = start
  while (at < end) {
    const halfStart = Math.floor((at + SHANGHAI_OFFSET) / HALF_DAY_MS) * HALF_DAY_MS - SHANGHAI_OFFSET
    const until = Math.min(end, halfStart + HALF_DAY_MS)
    out.set(halfStart, (out.get(halfStart) ?? 0) + (until - at) / MINUTE)
    at = until
  }
  return out
}

/**
 * Half-days of one session: by length, 1 for up to 4 hours and one more for each further 4 hours begun (a session
 * of no length still counts 1: the member came); and at least the number of half-days (mornings, afternoons) it
 * took more than NOON_GRACE_MINUTES of — so 10:00–14:00 is 2, 09:00–12:30 is 1, 14:00–18:01 is 2.
 */
export function halfDaysOfSession (session: Session): number {
  const minutes = Math.max(0, (session.end - session.start) / MINUTE)
  const byLength = Math.max(1, Math.ceil(minutes / HALF_DAY_MINUTES))
  const occupied = [...minutesPerHalfOfDay(session).values()].filter((m) => m > NOON_GRACE_MINUTES).length
  return Math.max(byLength, occupied)
}

/** Half-days and minutes of a hearing: the sum over its sessions. */
export function serviceOf (sessions: readonly Session[]) {
  return {
    halfDays: sessions.reduce((n, s) => n + halfDaysOfSession(s), 0),
    minutes: Math.round(sessions.reduce((n, s) => n + (s.end - s.start) / MINUTE, 0))
  }
}

/**
 * The rate per half-day in fen. A public-interest member (公益服务) is paid nothing (the pool settings hold no
 * subsidy). A fee member gets the fee of their pool record, but never more than the cap in force (the settings may
 * have been lowered since the fee was set): `capped` says so.
 */
export function rateOf (member: { remunerationKind: RemunerationKind, feePerHalfDayYuan: number | null, seniorTitle: boolean }, settings: Pick<PoolSettings, 'feeCapYuan' | 'seniorFeeCapYuan'>) {
  if (member.remunerationKind !== 'fee_per_half_day' || member.feePerHalfDayYuan === null) return { rateFen: 0, capped: false, capYuan: null }
  const capYuan = feeCap(settings, member.seniorTitle)
  const yuan = Math.min(member.feePerHalfDayYuan, capYuan)
  return { rateFen: yuan * 100, capped: yuan < member.feePerHalfDayYuan, capYuan }
}

/** A new line's status: nothing to pay is `not_payable`, otherwise `unpaid`. */
export function initialStatus (amountFen: number): RemunerationLineStatus {
  return amountFen === 0 ? 'not_payable' : 'unpaid'
}

/**
 * Who pays: the township (乡镇（街道）) the hearing's region lies in, that is the township itself or the parent of a
 * village. A hearing held by a county or the city is paid by that region. `chain` is the hearing region's ancestors
 * and itself.
 */
export function payerOf<R extends { level: string }> (chain: readonly R[], own: R): R {
  return chain.find((r) => r.level === 'township') ?? own
}

/**
 * The members who served at a hearing and are paid for it, each once, in this order: host, officers (the seats
 * still held at the end), third parties from the pool, recorder. The recorder is paid like everyone else, according
 * to their own pool record (a recorder who is township staff is registered 公益服务 and so gets 0).
 */
export function servedMembers (hearing: { hostMemberId: number, recorderMemberId: number }, participants: readonly { kind: string, memberId: number | null, active: boolean }[]) {
  const out: { memberId: number, role: RemunerationRole }[] = []
  const add = (memberId: number | null, role: RemunerationRole) => {
    if (memberId !== null && !out.some((o) => o.memberId === memberId)) out.push({ memberId, role })
  }
  add(hearing.hostMemberId, 'host')
  for (const p of participants) if (p.active && p.kind === 'officer') add(p.memberId, 'officer')
  for (const p of participants) if (p.active && p.kind === 'third_party') add(p.memberId, 'third_party')
  add(hearing.recorderMemberId, 'recorder')
  return out
}

/**
 * What a correction writes. The line is reversed by a line with the negated half-days and amount. An unpaid line
 * and its reversal are both `cancelled` (nothing was paid, nothing is owed); a paid line's reversal is `unpaid`, to
 * be settled (offset) in the township's next batch. With new figures a replacement line follows.
 */
export function correctionPlan (line: { status: RemunerationLineStatus, halfDays: number, rateFen: number, amountFen: number }, change: { halfDays?: number | undefined, rateFen?: number | undefined }) {
  const reversalStatus: RemunerationLineStatus = line.status === 'paid' ? (line.amountFen === 0 ? 'not_payable' : 'unpaid') : line.status === 'not_payable' ? 'not_payable' : 'cancelled'
  const originalStatus: RemunerationLineStatus = line.status === 'unpaid' ? 'cancelled' : line.status
  const replace = change.halfDays !== undefined || change.rateFen !== undefined
  const halfDays = change.halfDays ?? line.halfDays
  const rateFen = change.rateFen ?? line.rateFen
  return {
    originalStatus,
    reversal: { halfDays: -line.halfDays, rateFen: line.rateFen, amountFen: -line.amountFen, status: reversalStatus },
    replacement: replace ? { halfDays, rateFen, amountFen: halfDays * rateFen, status: initialStatus(halfDays * rateFen) } : null
  }
}

/** Fen as yuan with two decimals, e.g. 40000 → 400.00 (a number, for spreadsheets and JSON). */
export function yuan (fen: number): number {
  return Math.round(fen) / 100
}
