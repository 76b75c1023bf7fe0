import type { Db, Tx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Hearing } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Rng } from '../../common/random.js'
import type { Actor } from '../../common/actor.js'
import { DomainError, versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { shanghaiMonthRange, shanghaiWeekRange } from '../../common/dates.js'
import { evaluatePool, drawInputFor, isForeignExclusion, storedExclusions } from '../draw/draw.eligibility.js'
import { prepareDraw, completeDraw, seatsOf } from '../draw/draw.algorithm.js'
import { planNextRound, completeNextRound, prepareRedraw, completeRedraw } from '../draw/draw.rounds.js'
import { verifyDraw } from '../draw/draw.verification.js'
import { poolTooSmall } from '../draw/draw.errors.js'
import { hearingRuleset } from '../rulesets/rulesets.config.js'
import { handlingRolesOfMatter } from '../case-teams/case-teams.lookup.service.js'
import { matterById } from '../matters/matters.lookup.service.js'
import { matterNotFound } from '../matters/matters.errors.js'
import { equivalentOrganisationIds } from '../organisations/organisations.lookup.service.js'
import type { DrawRecord, DrawRound, EligibilityHearing, RevealExclusion } from '../draw/draw.types.js'
import { drawLocalityOf, drawRecordOf, drawRecordOfStored, panelStateOf, pendingCommitmentOf, type PanelDrawRow, type StoredCommitment, type StoredDraw, type StoredRound } from './hearings.panel.rules.js'
import * as repo from './hearings.repository.js'
import * as panelRepo from './hearings.panel.repository.js'
import type { HearingsService } from './hearings.service.js'
import {
  drawWitnessRequired, panelAlreadyDrawn, panelNotDrawn, participantNotFound, participantNotWithdrawable, responseAlreadyGiven, hearingNotEditable,
  recusalNotFound, recusalAlreadyDecided, recusalWrongDecider
} from './hearings.errors.js'

export type PanelService = ReturnType<typeof createPanelService>

/** What the panel asks of the hearings service (given by the composition root). */
export type PanelHearings = Pick<HearingsService, 'requireHearing' | 'currentProblems' | 'checkParticipant' | 'thirdPartyProblems' | 'withSeatedPeople' | 'recordPanelChange'>

const DRAWABLE: readonly string[] = ['scheduled', 'notified']

/** Most excluded members named beside the record's ids; a city pool may exclude tens of thousands, counted but not all named. */
const EXCLUDED_NAMED = 500

/**
 * The members a draw page names: everyone picked, skipped, promoted or removed in any round, and the excluded
 * members of each commitment up to EXCLUDED_NAMED in all (the rest are listed by id). Members outside the
 * hearing's region who may not be drawn there are never named (isForeignExclusion).
 */
function memberIdsNamed (rows: readonly PanelDrawRow[]): number[] {
  const ids = new Set<number>()
  let excluded = 0
  for (const row of rows) {
    const stored = row.record
    for (const g of storedExclusions(stored)) {
      if (isForeignExclusion(g)) continue
      for (const id of g.memberIds) if (excluded++ < EXCLUDED_NAMED) ids.add(id)
    }
    if (stored.kind !== 'round') continue
    const round = stored.round
    for (const id of [...round.panel.official, ...round.panel.alternates, ...round.exclude, ...round.promotions.map((p) => p.promoted)]) ids.add(id)
    for (const g of [...round.alternatesExcluded ?? [], ...round.draw?.excludedAtReveal ?? []]) for (const id of g.memberIds) ids.add(id)
    for (const step of round.draw?.steps ?? []) ids.add(step.id)
  }
  return [...ids]
}

export function createPanelService ({ db, clock, rng, hearings }: { db: Db, clock: Clock, rng: Rng, hearings: PanelHearings }) {
  const secret = () => rng.bytes(32).toString('hex')
  const members = panelRepo.memberColumnsCache()

  /**
   * Eligible officers for the hearing, with every exclusion explained: from the city's officer pool (members
   * outside the hearing's own region left out without consent, with that reason), or from exactly
   * `memberIds` (a committed list re-checked at reveal, or the alternates before a promotion) by the same checks.
   */
  function eligibility (tx: Tx, actor: Actor, hearing: Hearing, memberIds?: readonly number[]) {
    const ruleset = hearingRuleset(hearing.ruleset)
    const matter = matterById(tx, hearing.matterId, actor.scopePath)
    if (!matter) throw matterNotFound({ matterId: hearing.matterId })
    const petitioners = panelRepo.petitionerFacts(tx, matter.id)
    const locality = drawLocalityOf(matter.regionPath)
    const start = hearing.startsAt.getTime()
    const end = hearing.endsAt.getTime()
    const [monthStart, monthEnd] = shanghaiMonthRange(start)
    const [weekStart, weekEnd] = shanghaiWeekRange(start)
    const pool = panelRepo.loadDrawPool(tx, {
      memberIds,
      cityPath: locality.cityPath,
      localPath: locality.ownPath,
      countyPath: locality.countyPath,
      hearing: { start, end, weekStart, weekEnd, monthStart, monthEnd },
      matterId: matter.id,
      petitionerIdNumbers: petitioners.idNumbers,
      excludeHearingId: hearing.id,
      coolingOffDays: ruleset.coolingOffDays,
      handlingRoles: handlingRolesOfMatter(tx, matter.id),
      cache: members,
      caps: ruleset.caps
    })
    const drawHearing: EligibilityHearing = {
      hearingId: hearing.id,
      start,
      end,
      venueId: hearing.venueId,
      matterId: matter.id,
      hostId: hearing.hostMemberId,
      recorderId: hearing.recorderMemberId,
      petitionerIds: petitioners.idNumbers.map((_, i) => i),
      petitionerIdNumbers: petitioners.idNumbers,
      petitionerVillageIds: petitioners.villageIds,
      respondentOrgIds: equivalentOrganisationIds(tx, [matter.respondentOrganisationId])
    }
    const result = evaluatePool({ pool, hearing: drawHearing, rules: { caps: ruleset.caps, coolingOffDays: ruleset.coolingOffDays, travelBufferMinutes: ruleset.travelBufferMinutes, crossRegion: ruleset.crossRegion } })
    return { eligible: result.drawCandidates(), excluded: result.exclusionGroups(), ruleset }
  }

  function storeRow (tx: Tx, actor: Actor, hearing: Hearing, round: number, algorithmVersion: string, commitment: string, record: StoredDraw, extra: { reason?: string | null, witnessName?: string | null }) {
    return panelRepo.insertDraw(tx, {
      hearingId: hearing.id,
      round,
      algorithmVersion,
      commitment,
      record,
      reason: extra.reason ?? null,
      operatorUserId: actor.userId,
      operatorName: actor.displayName,
      witnessName: extra.witnessName ?? null,
      createdAt: clock.now()
    })
  }

  /** Makes the participants rows match the record's current panel (ranks are seat numbers); returns who left and who joined. */
  function syncParticipants (tx: Tx, hearing: Hearing, record: DrawRecord, drawId: number, endedReason: (memberId: number) => string | null) {
    const now = clock.now()
    const existing = repo.participantsOf(tx, hearing.id).filter((p) => p.active && (p.kind === 'officer' || p.kind === 'alternate'))
    const wanted = new Map<number, { kind: 'officer' | 'alternate', rank: number }>()
    seatsOf(record.panel).forEach((id, i) => { if (id !== null) wanted.set(id, { kind: 'officer', rank: i + 1 }) })
    record.panel.alternates.forEach((id, i) => wanted.set(id, { kind: 'alternate', rank: i + 1 }))
    const left: number[] = []
    const joined: number[] = []
    for (const p of existing) {
      const w = wanted.get(p.memberId!)
      if (!w) {
        panelRepo.updateParticipant(tx, p.id, { active: false, endedReason: endedReason(p.memberId!) })
        left.push(p.memberId!)
      } else {
        if (w.kind !== p.kind || w.rank !== p.rank) panelRepo.updateParticipant(tx, p.id, { kind: w.kind, rank: w.rank })
        if (w.kind === 'officer' && p.kind === 'alternate') joined.push(p.memberId!)
        wanted.delete(p.memberId!)
      }
    }
    for (const [memberId, w] of wanted) {
      panelRepo.insertParticipant(tx, { hearingId: hearing.id, kind: w.kind, memberId, rank: w.rank, drawId, hearingStartsAt: hearing.startsAt, createdAt: now })
      if (w.kind === 'officer') joined.push(memberId)
    }
    return { left, joined }
  }

  function bump (tx: Tx, actor: Actor, hearing: Hearing, regionPath: string, action: string, details: Record<string, unknown>, reason: string | null = null, removedMemberIds: number[] = []) {
    return hearings.recordPanelChange(tx, actor, { hearing, regionPath, action, details, reason, removedMemberIds })
  }

  /**
   * Fixes the eligible list and the commitment of the next draw (nothing stored): the first round of a
   * hearing not drawn yet, or the redraw of the open seats (members never picked before, rules reduced by
   * those seated).
   */
  function prepareCommitment (tx: Tx, actor: Actor, hearing: Hearing, record: DrawRecord | null): { stored: StoredCommitment, round: number } {
    const { eligible, excluded, ruleset } = eligibility(tx, actor, hearing)
    const serverSecret = secret()
    const round = record === null ? 1 : record.rounds.length + 1
    const prepared = record === null
      ? prepareDraw(drawInputFor({ eligible, ruleset, procedure: hearing.procedure, seats: hearing.panelSize }), serverSecret)
      : prepareRedraw(record, eligible, serverSecret)
    const eligibleCount = prepared.spec.candidates.length
    recordAudit(tx, { actor, at: clock.now(), action: 'hearing.draw_commit', entityType: 'hearing', entityId: hearing.id, after: { round, commitment: prepared.commitment, eligible: eligibleCount } })
    return { stored: { kind: 'commitment', prepared, serverSecret, eligibleCount, excluded }, round }
  }

  /** The record so far when another draw may be made now: none yet, or open seats waiting for a redraw round. */
  function drawableRecord (hearing: Hearing, rows: readonly PanelDrawRow[]): DrawRecord | null {
    if (!DRAWABLE.includes(hearing.status)) throw hearingNotEditable({ hearingStatus: hearing.status })
    const record = drawRecordOf(rows)
    if (record && (record.panel.vacant ?? []).length === 0) throw panelAlreadyDrawn({ hearingId: hearing.id })
    return record
  }

  /**
   * The given members who may not sit on the hearing now, by the same checks as the commitment, against the
   * state inside this transaction (other hearings' seats, suspensions, unavailability, caps, recusal
   * grounds…); grouped by reasons, ids ascending. Members no longer in the pool are listed as such.
   */
  function excludedNow (tx: Tx, actor: Actor, hearing: Hearing, memberIds: readonly number[]): RevealExclusion[] {
    if (memberIds.length === 0) return []
    const { eligible, excluded } = eligibility(tx, actor, hearing, memberIds)
    const groups: RevealExclusion[] = excluded.map((g) => ({ reasons: g.reasons.map((r) => ({ code: r.code, message: r.message })), memberIds: [...g.memberIds].sort((a, b) => a - b) }))
    const judged = new Set<number>(eligible.ids)
    for (const g of excluded) for (const id of g.memberIds) judged.add(id)
    const gone = memberIds.filter((id) => !judged.has(id))
    if (gone.length > 0) groups.push({ reasons: [{ code: 'not_active', message: '已不在听证员库中' }], memberIds: [...gone].sort((a, b) => a - b) })
    return groups.sort((a, b) => a.memberIds[0]! - b.memberIds[0]!)
  }

  /** Reveals a commitment, skipping the members excluded at reveal; refuses when the rest cannot form the panel. */
  function reveal (committed: StoredCommitment, witnessValue: string, excludedAtReveal: RevealExclusion[]) {
    try {
      return completeDraw(committed.prepared, { serverSecret: committed.serverSecret, witnessValue }, excludedAtReveal)
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'scheduling.pool_too_small' || excludedAtReveal.length === 0) throw error
      const count = excludedAtReveal.reduce((n, g) => n + g.memberIds.length, 0)
      throw poolTooSmall({ ...error.extra, excludedAtReveal: count }, `生成承诺值后有 ${count} 人不再符合抽取条件，${error.detail ?? ''}；请重新生成承诺值`)
    }
  }

  /**
   * Replacement round after a decline or a granted recusal: the remaining alternates are re-checked now (one
   * who no longer qualifies leaves the queue, with the reasons), then the first suitable alternate is
   * promoted. Seats no alternate can fill stay open: the hearing waits for a witnessed redraw round
   * (commitment, then reveal). A commitment pending for that redraw is void, since the seats changed.
   */
  function replace (tx: Tx, actor: Actor, hearing: Hearing, regionPath: string, memberId: number, reason: string) {
    const rows = repo.drawsOf(tx, hearing.id)
    const record = drawRecordOf(rows)
    if (!record) throw panelNotDrawn({ hearingId: hearing.id })
    const pending = pendingCommitmentOf(rows)
    if (pending) panelRepo.deleteDraw(tx, pending.id)
    const alternatesExcluded = excludedNow(tx, actor, hearing, record.panel.alternates.filter((id) => id !== memberId))
    const planned = planNextRound(record, { exclude: [memberId], reason, alternatesExcluded })
    const next = completeNextRound(record, planned, null)
    const round = next.rounds[next.rounds.length - 1]!
    const row = storeRow(tx, actor, hearing, round.round, next.algorithmVersion, '', { kind: 'round', round, eligibleCount: 0, excluded: [] }, { reason })
    const whyLeft = new Map<number, string>()
    for (const g of alternatesExcluded) for (const id of g.memberIds) whyLeft.set(id, `候补不再符合条件：${g.reasons.map((r) => r.message).join('；')}`)
    const change = syncParticipants(tx, hearing, next, row.id, (id) => whyLeft.get(id) ?? reason)
    const openSeats = next.panel.vacant ?? []
    return bump(tx, actor, hearing, regionPath, 'panel_replacement', {
      round: round.round,
      ...change,
      ...(alternatesExcluded.length > 0 ? { alternatesExcluded } : {}),
      ...(openSeats.length > 0 ? { openSeats, replacementRoundNeeded: true } : {}),
      ...(pending ? { voidedCommitment: pending.commitment } : {})
    }, reason, change.left)
  }

  return {
    /**
     * Step one of a witnessed draw: fixes the eligible list and publishes the commitment; nothing is drawn
     * yet. The first round, or (round 2, 3…) the redraw of seats left open after declines or recusals.
     */
    commit (actor: Actor, hearingId: number, { witnessName }: { witnessName?: string | undefined }) {
      return writeTransaction(db, (tx) => {
        const { hearing } = hearings.requireHearing(tx, actor, hearingId)
        const rows = repo.drawsOf(tx, hearingId)
        const record = drawableRecord(hearing, rows)
        const pending = pendingCommitmentOf(rows)
        if (pending) panelRepo.deleteDraw(tx, pending.id)
        const { stored, round } = prepareCommitment(tx, actor, hearing, record)
        const { prepared } = stored
        const row = storeRow(tx, actor, hearing, round, prepared.spec.algorithmVersion, prepared.commitment, stored, { witnessName: witnessName ?? null })
        return { drawId: row.id, round, commitment: prepared.commitment, serverSecretHash: prepared.serverSecretHash, eligibleCount: stored.eligibleCount, excluded: stored.excluded, seats: prepared.spec.seats, alternates: prepared.spec.alternates }
      })
    },

    /**
     * Step two, or both steps at once, in one IMMEDIATE transaction: with a pending commitment, re-checks
     * every committed candidate against the current state, mixes in the witness's value and draws,
     * skipping those who no longer qualify; without one, commits and reveals together (the witness gives
     * their value on the spot). Seats the panel and alternates; for a redraw round, fills the open seats.
     */
    draw (actor: Actor, hearingId: number, { witnessValue = '', witnessName, version }: { witnessValue?: string | undefined, witnessName?: string | undefined, version?: number | undefined }) {
      return writeTransaction(db, (tx) => {
        const { hearing, regionPath } = hearings.requireHearing(tx, actor, hearingId)
        if (version !== undefined && version !== hearing.version) throw versionConflict({ currentVersion: hearing.version })
        const rows = repo.drawsOf(tx, hearingId)
        const before = drawableRecord(hearing, rows)
        const pending = pendingCommitmentOf(rows)
        // every round is witnessed: named at the reveal, or when its commitment was published
        const witness = witnessName ?? pending?.witnessName ?? null
        if (witness === null) throw drawWitnessRequired({ errors: [{ in: 'body', field: 'witnessName', message: '请填写见证人姓名（见证人可在生成承诺值时或揭示时登记）' }] })
        const fresh = pending ? null : prepareCommitment(tx, actor, hearing, before)
        const committed = pending ? pending.record : fresh!.stored
        const roundNumber = pending ? pending.round : fresh!.round
        const draw = reveal(committed, witnessValue, pending ? excludedNow(tx, actor, hearing, committed.prepared.spec.candidates.map((c) => c.id)) : [])
        let round: DrawRound
        if (before === null) {
          round = { round: 1, kind: 'initial', reason: null, exclude: [], promotions: [], draw, panel: { official: draw.official, alternates: draw.alternates } }
        } else {
          const seatsText = (before.panel.vacant ?? []).map((s) => `第 ${s} 席`).join('、')
          const next = completeRedraw(before, draw, `补抽空缺席位（${seatsText}）`)
          round = next.rounds[next.rounds.length - 1]!
        }
        const stored: StoredRound = { kind: 'round', round, eligibleCount: committed.eligibleCount, excluded: committed.excluded }
        let drawId: number
        if (pending) {
          panelRepo.revealDraw(tx, pending.id, { record: stored, reason: round.reason, witnessName: witness })
          drawId = pending.id
        } else {
          drawId = storeRow(tx, actor, hearing, roundNumber, draw.spec.algorithmVersion, draw.commitment, stored, { reason: round.reason, witnessName: witness }).id
        }
        // the rounds read above and the one just stored (a pending commitment is now this round)
        const record = drawRecordOfStored([...rows.map((r) => r.record), stored])!
        const change = syncParticipants(tx, hearing, record, drawId, () => null)
        const excludedAtReveal = draw.excludedAtReveal ?? []
        const skipped = draw.steps.filter((s) => s.skipped).map((s) => s.id)
        const after = bump(tx, actor, hearing, regionPath, before === null ? 'panel_drawn' : 'panel_redrawn', {
          round: round.round,
          official: draw.official,
          alternates: draw.alternates,
          seed: draw.seed,
          ...(before === null ? {} : { joined: change.joined }),
          ...(excludedAtReveal.length > 0 ? { excludedAtReveal, skipped } : {})
        }, round.reason)
        return { hearing: after, drawId, round: round.round, official: draw.official, alternates: draw.alternates, seed: draw.seed, commitment: draw.commitment, eligibleCount: committed.eligibleCount, excluded: committed.excluded, excludedAtReveal }
      })
    },

    record (actor: Actor, hearingId: number) {
      hearings.requireHearing(db, actor, hearingId)
      const rows = repo.drawsOf(db, hearingId)
      return { rows, record: drawRecordOf(rows), state: panelStateOf(rows), members: panelRepo.memberNames(db, memberIdsNamed(rows)) }
    },

    /** Re-runs the stored draw from its own inputs and says whether the same panel comes out; every round with its witness. */
    verify (actor: Actor, hearingId: number) {
      hearings.requireHearing(db, actor, hearingId)
      const rows = repo.drawsOf(db, hearingId)
      const record = drawRecordOf(rows)
      if (!record) throw panelNotDrawn({ hearingId })
      const result = verifyDraw(record)
      const rowOf = new Map(rows.map((r) => [r.round, r]))
      return {
        ...result,
        algorithmVersion: record.algorithmVersion,
        rounds: result.rounds.map((r) => ({ ...r, witnessName: r.witnessValue === null ? null : rowOf.get(r.round)?.witnessName ?? null }))
      }
    },

    /**
     * A panel member accepts or declines; a decline promotes an alternate (or redraws) and bumps the sequence. Kept
     * with the answer: who recorded it (the actor) and, for an answer recorded on the member's behalf, who gave it.
     */
    respond (actor: Actor, hearingId: number, participantId: number, { response, reason, answeredBy }: { response: 'accepted' | 'declined', reason?: string | undefined, answeredBy?: string | undefined }) {
      return writeTransaction(db, (tx) => {
        const { hearing, regionPath } = hearings.requireHearing(tx, actor, hearingId)
        const p = repo.participantsOf(tx, hearingId).find((x) => x.id === participantId && x.active)
        if (!p || p.memberId === null) throw participantNotFound({ participantId })
        if (p.response !== 'pending') throw responseAlreadyGiven({ participantId, response: p.response })
        panelRepo.updateParticipant(tx, p.id, { response, responseReason: reason ?? null, respondedAt: clock.now(), responseAnsweredBy: answeredBy ?? null, responseRecordedBy: actor.displayName })
        if (response === 'accepted') {
          recordAudit(tx, { actor, at: clock.now(), action: 'hearing.panel_accept', entityType: 'hearing', entityId: hearingId, regionPath, after: { participantId, memberId: p.memberId } })
          return { hearing, problems: hearings.currentProblems(tx, actor, hearing) }
        }
        const after = replace(tx, actor, hearing, regionPath, p.memberId, `拒绝参加：${reason ?? '未说明理由'}`)
        return { hearing: after, problems: hearings.currentProblems(tx, actor, after) }
      })
    },

    /**
     * What seating this pool member as a third party would meet, by the same checks as adding them (errors refuse
     * the addition, warnings do not); nothing is written. For the picker, before the coordinator adds anyone.
     */
    previewParticipant (actor: Actor, hearingId: number, memberId: number) {
      const { hearing } = hearings.requireHearing(db, actor, hearingId)
      return { problems: hearings.thirdPartyProblems(db, actor, hearing, memberId) }
    },

    /** Adds a third-party participant (from the pool) or a respondent representative (by name). */
    addParticipant (actor: Actor, hearingId: number, input: { kind: 'third_party' | 'respondent_rep', memberId?: number | undefined, name?: string | undefined, organisation?: string | undefined, position?: string | undefined, email?: string | undefined }) {
      return writeTransaction(db, (tx) => {
        const { hearing, regionPath } = hearings.requireHearing(tx, actor, hearingId)
        if (!['draft', 'scheduled', 'notified'].includes(hearing.status)) throw hearingNotEditable({ hearingStatus: hearing.status })
        // inside this IMMEDIATE transaction, so two processes cannot both seat one person on overlapping hearings
        hearings.checkParticipant(tx, actor, hearing, input)
        const row = panelRepo.insertParticipant(tx, { hearingId, kind: input.kind, memberId: input.memberId ?? null, name: input.name ?? null, organisation: input.organisation ?? null, position: input.position ?? null, email: input.email ?? null, response: 'accepted', hearingStartsAt: hearing.startsAt, createdAt: clock.now() })
        const after = bump(tx, actor, hearing, regionPath, 'participant_added', { participantId: row.id, kind: input.kind })
        return { participant: hearings.withSeatedPeople(tx, [row])[0]!, hearing: after }
      })
    },

    /**
     * Takes a third party or a respondent representative off the hearing, with the reason; the row stays as
     * history. Officers and alternates leave only by declining or by a granted recusal (which replace them).
     */
    withdrawParticipant (actor: Actor, hearingId: number, participantId: number, { reason }: { reason: string }) {
      return writeTransaction(db, (tx) => {
        const { hearing, regionPath } = hearings.requireHearing(tx, actor, hearingId)
        if (!['draft', 'scheduled', 'notified'].includes(hearing.status)) throw hearingNotEditable({ hearingStatus: hearing.status })
        const p = repo.participantsOf(tx, hearingId).find((x) => x.id === participantId && x.active)
        if (!p) throw participantNotFound({ participantId })
        if (p.kind !== 'third_party' && p.kind !== 'respondent_rep') throw participantNotWithdrawable({ participantId, kind: p.kind })
        panelRepo.updateParticipant(tx, p.id, { active: false, endedReason: reason })
        const after = bump(tx, actor, hearing, regionPath, 'participant_withdrawn', { participantId, kind: p.kind, memberId: p.memberId }, reason)
        return { hearing: after, problems: hearings.currentProblems(tx, actor, after) }
      })
    },

    requestRecusal (actor: Actor, hearingId: number, input: { targetKind: 'host' | 'officer' | 'recorder', targetMemberId: number, requestedBy: string, reason: string }) {
      return writeTransaction(db, (tx) => {
        const { hearing, regionPath } = hearings.requireHearing(tx, actor, hearingId)
        const onHearing = input.targetKind === 'host'
          ? hearing.hostMemberId === input.targetMemberId
          : input.targetKind === 'recorder'
            ? hearing.recorderMemberId === input.targetMemberId
            : repo.participantsOf(tx, hearingId).some((p) => p.active && p.kind === 'officer' && p.memberId === input.targetMemberId)
        if (!onHearing) throw participantNotFound({ memberId: input.targetMemberId })
        const row = panelRepo.insertRecusalRequest(tx, { hearingId, ...input, createdAt: clock.now() })
        recordAudit(tx, { actor, at: clock.now(), action: 'hearing.recusal_request', entityType: 'hearing', entityId: hearingId, regionPath, after: row })
        return row
      })
    },

    /** Decides a recusal request: the agency head for the host, the host for officers and the recorder (S-A2). */
    decideRecusal (actor: Actor, hearingId: number, requestId: number, input: { decision: 'granted' | 'denied', decidedBy: string, deciderRole: 'agency_head' | 'host', reason: string }) {
      return writeTransaction(db, (tx) => {
        const { hearing, regionPath } = hearings.requireHearing(tx, actor, hearingId)
        const request = panelRepo.findRecusalRequest(tx, hearingId, requestId)
        if (!request) throw recusalNotFound({ requestId })
        if (request.decision !== null) throw recusalAlreadyDecided({ requestId })
        const expected = request.targetKind === 'host' ? 'agency_head' : 'host'
        if (input.deciderRole !== expected) throw recusalWrongDecider({ expected })
        const decided = panelRepo.decideRecusalRequest(tx, requestId, { decision: input.decision, decidedBy: input.decidedBy, decisionReason: input.reason, decidedAt: clock.now() })
        recordAudit(tx, { actor, at: clock.now(), action: 'hearing.recusal_decision', entityType: 'hearing', entityId: hearingId, regionPath, before: request, after: decided })
        let after = hearing
        if (input.decision === 'granted' && request.targetKind === 'officer') {
          after = replace(tx, actor, hearing, regionPath, request.targetMemberId, `回避：${request.reason}`)
        }
        return { request: decided, hearing: after, problems: hearings.currentProblems(tx, actor, after) }
      })
    }
  }
}
