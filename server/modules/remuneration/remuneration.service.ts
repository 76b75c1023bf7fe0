import type { Db, Tx, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { RemunerationLine, RemunerationLineStatus } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { shanghaiDateOf, yearOf } from '../../common/dates.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { requireRegion } from '../regions/regions.service.js'
import { hearingById, participantsOfHearing } from '../hearings/hearings.lookup.service.js'
import { hearingNotFound } from '../hearings/hearings.errors.js'
import type { HearingChangeEvent } from '../hearings/hearings.service.js'
import { memberById, poolSettings } from '../pool/pool.lookup.service.js'
import { feeCap } from '../pool/pool.rules.js'
import * as repo from './remuneration.repository.js'
import { correctionPlan, initialStatus, payerOf, rateOf, servedMembers, serviceOf, sessionsOf, type Session } from './remuneration.rules.js'
import { ledgerWorkbook } from './remuneration.ledger-sheet.js'
import * as errors from './remuneration.errors.js'

export type LineQuery = {
  year?: number | undefined
  regionId?: number | undefined
  memberId?: number | undefined
  status?: RemunerationLineStatus | undefined
  hearingId?: number | undefined
}

/** What the audit log keeps of a line. */
const snapshot = (line: RemunerationLine) => ({
  hearingId: line.hearingId,
  memberId: line.memberId,
  role: line.role,
  entryKind: line.entryKind,
  relatedLineId: line.relatedLineId,
  reason: line.reason,
  payerRegionId: line.payerRegionId,
  halfDays: line.halfDays,
  rateFen: line.rateFen,
  amountFen: line.amountFen,
  status: line.status,
  batchId: line.batchId,
  paidOn: line.paidOn
})

export function createRemunerationService ({ db, clock }: { db: Db, clock: Clock }) {
  /**
   * Makes the missing original lines of a concluded hearing, inside the caller's transaction: one per member who
   * served and has none yet, so running it again (the listener, then the route) adds nothing.
   */
  function generateFor (tx: DbOrTx, actor: Actor, hearingId: number): RemunerationLine[] {
    const found = hearingById(tx, hearingId, null)
    if (!found || found.hearing.status !== 'concluded') return []
    const { hearing } = found
    const existing = new Set(repo.originalLinesOfHearing(tx, hearingId).map((line) => line.memberId))
    const served = servedMembers(hearing, participantsOfHearing(tx, hearingId)).filter((s) => !existing.has(s.memberId))
    if (served.length === 0) return []
    const held = sessionsOf(repo.eventsOfHearing(tx, hearingId))
    // a hearing concluded without an open on record (data from before the timeline): its scheduled time
    const sessions: Session[] = held.length > 0 ? held : [{ start: hearing.startsAt.getTime(), end: hearing.endsAt.getTime() }]
    const { halfDays, minutes } = serviceOf(sessions)
    const chain = repo.regionChain(tx, found.regionPath)
    const payer = payerOf(chain, chain.find((r) => r.id === hearing.regionId) ?? chain[chain.length - 1]!)
    const settings = poolSettings(tx)
    const serviceDate = shanghaiDateOf(sessions[0]!.start)
    const now = clock.now()
    const created: RemunerationLine[] = []
    for (const s of served) {
      const member = memberById(tx, s.memberId)?.member
      if (!member) continue
      const rate = rateOf(member, settings)
      const amountFen = halfDays * rate.rateFen
      const reasons = [
        held.length === 0 ? '听证时间线中没有开始、结束记录，按排定时间计算' : null,
        rate.capped ? `每半天报酬 ${member.feePerHalfDayYuan} 元超过现行上限，按上限 ${rate.capYuan} 元计算` : null
      ].filter((r): r is string => r !== null)
      created.push(repo.insertLine(tx, {
        hearingId,
        memberId: member.id,
        memberName: member.name,
        role: s.role,
        entryKind: 'original',
        relatedLineId: null,
        reason: reasons.length > 0 ? reasons.join('；') : null,
        payerRegionId: payer.id,
        serviceDate,
        year: yearOf(serviceDate),
        startedAt: new Date(sessions[0]!.start),
        endedAt: new Date(sessions[sessions.length - 1]!.end),
        minutes,
        halfDays,
        remunerationKind: member.remunerationKind,
        rateFen: rate.rateFen,
        amountFen,
        status: initialStatus(amountFen),
        createdByName: actor.displayName,
        createdAt: now,
        updatedAt: now
      }))
    }
    recordAudit(tx, {
      actor,
      at: now,
      action: 'remuneration.generate',
      entityType: 'hearing',
      entityId: hearingId,
      regionPath: payer.path,
      after: { lines: created.map((line) => ({ id: line.id, memberId: line.memberId, role: line.role, halfDays: line.halfDays, amountFen: line.amountFen })) }
    })
    return created
  }

  function requireLine (tx: DbOrTx, actor: Actor, id: number) {
    const line = repo.findLine(tx, id, actor.scopePath)
    if (!line) throw errors.lineNotFound({ lineId: id })
    return line
  }

  function filterOf (actor: Actor, query: LineQuery): repo.LineFilter {
    return {
      scopePath: actor.scopePath,
      regionPath: query.regionId !== undefined ? requireRegion(db, actor, query.regionId).path : undefined,
      year: query.year,
      memberId: query.memberId,
      status: query.status,
      hearingId: query.hearingId
    }
  }

  return {
    /** The hearing listener: a hearing that concludes gets its lines in the same transaction. */
    hearingListener (tx: Tx, event: HearingChangeEvent) {
      if (event.kind === 'transition' && event.hearing.status === 'concluded' && event.previous?.status !== 'concluded') generateFor(tx, event.actor, event.hearing.id)
    },

    /**
     * Makes the missing lines of the concluded hearings in the actor's scope (or of one hearing): for hearings
     * concluded before the ledger existed. Idempotent: a member's line is made once per hearing.
     */
    generate (actor: Actor, input: { hearingId?: number | undefined }) {
      return writeTransaction(db, (tx) => {
        const ids = repo.concludedHearingIds(tx, actor.scopePath, input.hearingId)
        if (input.hearingId !== undefined && ids.length === 0) {
          const found = hearingById(tx, input.hearingId, actor.scopePath)
          if (!found) throw hearingNotFound({ hearingId: input.hearingId })
          throw errors.hearingNotConcluded({ hearingId: input.hearingId, hearingStatus: found.hearing.status })
        }
        const created = ids.flatMap((id) => generateFor(tx, actor, id))
        return { hearings: ids.length, created: created.length === 0 ? [] : repo.findLinesByIds(tx, created.map((line) => line.id), null) }
      })
    },

    list (actor: Actor, query: LineQuery) {
      return repo.listLines(db, filterOf(actor, query))
    },

    /** One page of the list (oldest service first) and the totals of every line the filters match. */
    page (actor: Actor, query: LineQuery & { page?: number | undefined, pageSize?: number | undefined }) {
      const filter = filterOf(actor, query)
      const page = query.page ?? 1
      const pageSize = query.pageSize ?? 50
      return { lines: repo.listLines(db, filter, { limit: pageSize, offset: (page - 1) * pageSize }), totals: repo.lineTotals(db, filter), page, pageSize }
    },

    get (actor: Actor, id: number) {
      return requireLine(db, actor, id)
    },

    /** The lines of the pool member the actor's account is linked to (any paying region). */
    mine (actor: Actor, query: { year?: number | undefined }) {
      const memberId = actor.userId === null ? null : repo.poolMemberOfUser(db, actor.userId)
      if (memberId === null) throw errors.noLinkedMember()
      return { memberId, lines: repo.listLines(db, { scopePath: null, memberId, year: query.year }) }
    },

    totals (actor: Actor, query: { year: number, by: 'member' | 'township', regionId?: number | undefined }) {
      return repo.totals(db, { ...filterOf(actor, { year: query.year, regionId: query.regionId }), by: query.by })
    },

    /**
     * Records that a township's finance office paid the listed lines on `paidOn` under `reference`: all of them
     * unpaid, in the actor's scope and of one paying region, or nothing is written.
     */
    createBatch (actor: Actor, input: { lineIds: number[], paidOn: string, reference: string, note?: string | null | undefined }) {
      return writeTransaction(db, (tx) => {
        const today = shanghaiDateOf(clock.now())
        if (input.paidOn > today) throw errors.paidOnInFuture({ errors: [{ in: 'body', field: 'paidOn', message: `支付日期（${input.paidOn}）不能晚于今天（${today}）` }] })
        const lines = repo.findLinesByIds(tx, input.lineIds, actor.scopePath)
        const found = new Set(lines.map((line) => line.id))
        const missing = input.lineIds.filter((id) => !found.has(id))
        if (missing.length > 0) throw errors.lineNotFound({ lineIds: missing }, `报酬明细 ${missing.join('、')} 不存在或无权访问`)
        const notUnpaid = lines.filter((line) => line.status !== 'unpaid')
        if (notUnpaid.length > 0) {
          throw errors.lineNotUnpaid({ lines: notUnpaid.map((line) => ({ id: line.id, status: line.status })) }, `报酬明细 ${notUnpaid.map((line) => line.id).join('、')} 不是待支付状态`)
        }
        const payers = [...new Set(lines.map((line) => line.payerRegionId))]
        if (payers.length > 1) throw errors.batchMixedPayers({ payerRegionIds: payers })
        const totalFen = lines.reduce((n, line) => n + line.amountFen, 0)
        if (totalFen < 0) throw errors.batchNegativeTotal({ totalFen }, '冲销金额大于待支付金额：请与该单位其他待支付明细一并结算')
        const now = clock.now()
        const batch = repo.insertBatch(tx, {
          payerRegionId: payers[0]!,
          paidOn: input.paidOn,
          reference: input.reference.trim(),
          note: input.note?.trim() || null,
          lineCount: lines.length,
          totalFen,
          createdByUserId: actor.userId,
          createdByName: actor.displayName,
          createdAt: now
        })
        if (repo.markPaid(tx, input.lineIds, { batchId: batch.id, paidOn: input.paidOn, updatedAt: now }) !== lines.length) throw versionConflict({})
        recordAudit(tx, {
          actor,
          at: now,
          action: 'remuneration.pay',
          entityType: 'remuneration_batch',
          entityId: batch.id,
          regionPath: lines[0]!.payerPath,
          after: { paidOn: batch.paidOn, reference: batch.reference, lineIds: input.lineIds, totalFen }
        })
        return { batch, lines: repo.findLinesByIds(tx, input.lineIds, null), payerName: lines[0]!.payerName }
      })
    },

    /**
     * Corrects a line: never by editing it, but by a reversal line (the negated figures, with the reason) and, when
     * new half-days or a new rate are given, a replacement line. See `correctionPlan` for the statuses.
     */
    correct (actor: Actor, id: number, input: { reason: string, halfDays?: number | undefined, rateYuan?: number | undefined, version: number }) {
      return writeTransaction(db, (tx) => {
        const line = requireLine(tx, actor, id)
        if (line.version !== input.version) throw versionConflict({ currentVersion: line.version })
        if (line.entryKind === 'reversal' || line.status === 'cancelled') throw errors.lineNotCorrectable({ lineId: id, entryKind: line.entryKind, status: line.status })
        if (repo.reversalOf(tx, id)) throw errors.lineAlreadyReversed({ lineId: id })
        if (input.rateYuan !== undefined) {
          const member = memberById(tx, line.memberId)?.member
          const cap = feeCap(poolSettings(tx), member?.seniorTitle ?? false)
          if (input.rateYuan > cap) throw errors.rateAboveCap({ errors: [{ in: 'body', field: 'rateYuan', message: `每半天报酬不能超过 ${cap} 元` }] })
        }
        const plan = correctionPlan(line, { halfDays: input.halfDays, rateFen: input.rateYuan === undefined ? undefined : input.rateYuan * 100 })
        const now = clock.now()
        const reason = input.reason.trim()
        const base = {
          hearingId: line.hearingId,
          memberId: line.memberId,
          memberName: line.memberName,
          role: line.role,
          relatedLineId: line.id,
          reason,
          payerRegionId: line.payerRegionId,
          serviceDate: line.serviceDate,
          year: line.year,
          startedAt: line.startedAt,
          endedAt: line.endedAt,
          remunerationKind: line.remunerationKind,
          createdByName: actor.displayName,
          createdAt: now,
          updatedAt: now
        }
        if (plan.originalStatus !== line.status) repo.updateLine(tx, line.id, { status: plan.originalStatus, version: line.version + 1, updatedAt: now })
        const reversal = repo.insertLine(tx, { ...base, entryKind: 'reversal', minutes: -line.minutes, ...plan.reversal })
        const replacement = plan.replacement ? repo.insertLine(tx, { ...base, entryKind: 'replacement', minutes: line.minutes, ...plan.replacement }) : null
        recordAudit(tx, {
          actor,
          at: now,
          action: 'remuneration.correct',
          entityType: 'remuneration_line',
          entityId: line.id,
          regionPath: line.payerPath,
          before: snapshot(line),
          after: { reason, reversal: snapshot(reversal), replacement: replacement ? snapshot(replacement) : null }
        })
        const ids = [line.id, reversal.id, ...(replacement ? [replacement.id] : [])]
        return repo.findLinesByIds(tx, ids, null)
      })
    },

    /** The year's ledger as an .xlsx for the finance office: every line, a totals row, and totals per member. */
    async ledgerXlsx (actor: Actor, query: { year: number, regionId?: number | undefined }) {
      const filter = filterOf(actor, { year: query.year, regionId: query.regionId })
      const lines = repo.listLines(db, filter)
      const byMember = repo.totals(db, { ...filter, by: 'member' })
      const byTownship = repo.totals(db, { ...filter, by: 'township' })
      return ledgerWorkbook({ year: query.year, lines, byMember, byTownship })
    }
  }
}
