import type { Db, Tx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import {
  hearingEventsTable, type Hearing, type HearingParticipant, type HearingProcedure, type HearingStatus
} from '../../../db/schema/index.js'
import type { Clock } from '../../shared/clock.js'
import type { Rng } from '../../shared/random.js'
import type { Actor } from '../../shared/actor.js'
import { invalidRequest, versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { requireRegion } from '../regions/regions.service.js'
import { requireVenue } from '../venues/venues.service.js'
import * as mattersRepo from '../matters/matters.repository.js'
import { matterHearability } from '../matters/matters.rules.js'
import { equivalentOrganisationIds } from '../organisations/organisations.repository.js'
import { getSettings } from '../pool/pool.repository.js'
import { mayAssignToHearing } from '../pool/pool.access.js'
import { shanghaiMonthRange } from '../scheduling/dates.js'
import type { WorkCalendar } from '../scheduling/workdays.js'
import type { RulesetConfig } from '../scheduling/rulesets.js'
import type { EligibilityHearing } from '../scheduling/eligibility.js'
import * as repo from './hearings.repository.js'
import { hearingProblems, hasErrors, type Problem, type ProblemInput, type PersonCandidate } from './hearings.problems.js'
import { HEARING_ACTIONS, EDITABLE_STATUSES, TERMINATION_GROUNDS, transitionAllowed, type HearingAction, type TerminationGround } from './hearings.lifecycle.js'
import {
  hearingHasProblems, hearingInvalidTime, hearingInvalidTransition, hearingNewTimeRequired, hearingNotEditable,
  hearingNotFound, hearingReasonRequired, memberNotFound
} from './hearings.errors.js'
import { matterNotFound } from '../matters/matters.errors.js'

export type HearingsService = ReturnType<typeof createHearingsService>

/** The ruleset that applies in a region (resolved through its ancestors), with a label and fingerprint. */
export type RulesetResolver = (tx: Tx | Db, regionId: number) => { config: RulesetConfig, label: string, fingerprint: string }
/** Working-day calendar with the bureau's holiday overrides. */
export type CalendarLoader = (tx: Tx | Db) => WorkCalendar

export type HearingInput = {
  matterId: number
  procedure: HearingProcedure
  isPublic?: boolean | undefined
  nonPublicReason?: string | null | undefined
  startsAt: Date
  endsAt: Date
  venueId: number
  hostMemberId: number
  recorderMemberId: number
  panelSize?: number | undefined
  noticeServedOn?: string | null | undefined
}

export type HearingChange = Partial<Omit<HearingInput, 'matterId'>> & { version: number }

/**
 * What changed about a hearing, told to listeners (calendar invites, mail) inside the same transaction,
 * so a message is stored exactly when the change is. `removedMemberIds` left the hearing (decline,
 * recusal, replacement, host or recorder changed); everyone else still on it gets the update.
 */
export type HearingChangeEvent = {
  actor: Actor
  kind: 'created' | 'updated' | 'transition' | 'panel'
  hearing: Hearing
  previous: Hearing | null
  removedMemberIds: number[]
}
export type HearingChangeListener = (tx: Tx, event: HearingChangeEvent) => void

/** The county (or higher) subtree a hearing draws local members from. */
export function localPathOf (regionPath: string) {
  const ids = regionPath.split('/').filter(Boolean)
  return ids.length <= 2 ? regionPath : `/${ids.slice(0, 2).join('/')}/`
}

/** A participant row of a pool member with the member's name and unit (as in the minutes: the pool's record first). */
function withSeatedPerson (p: HearingParticipant, people: ReadonlyMap<number, repo.SeatedPerson>): HearingParticipant {
  const person = p.memberId === null ? undefined : people.get(p.memberId)
  return person ? { ...p, name: person.name, organisation: person.unit ?? p.organisation } : p
}

export function createHearingsService ({ db, clock, rng, resolveRuleset, loadCalendar }: {
  db: Db
  clock: Clock
  rng: Rng
  resolveRuleset: RulesetResolver
  loadCalendar: CalendarLoader
}) {
  const listeners: HearingChangeListener[] = []
  function emit (tx: Tx, event: HearingChangeEvent) {
    for (const listener of listeners) listener(tx, event)
  }

  /**
   * Everything the checks need, loaded in `tx` (the preview's read or the commit's write transaction). A stored
   * hearing's seated third parties are checked too, plus `proposedThirdPartyId` when one is being added.
   * `chosenMemberIds` are the people the actor picks now: one the actor may not assign (outside their subtree and
   * not shared with consent) answers exactly like an id that does not exist. People already seated are not asked.
   */
  function problemInput (tx: Tx | Db, actor: Actor, input: HearingInput & {
    hearingId: number | null
    panelMemberIds: number[]
    drawn: boolean
    ruleset?: RulesetConfig | undefined
    chosenMemberIds?: readonly number[] | undefined
    proposedThirdPartyId?: number | undefined
  }) {
    const matter = mattersRepo.findById(tx, input.matterId, actor.scopePath)
    if (!matter) throw matterNotFound({ matterId: input.matterId })
    const region = requireRegion(tx, actor, matter.regionId)
    const venue = requireVenue(tx, actor, input.venueId).venue
    const resolved = resolveRuleset(tx, region.id)
    const ruleset = input.ruleset ?? resolved.config
    const stages = mattersRepo.stagesOf(tx, [matter.id])
    const hearability = matterHearability({ ...matter, stages }, { privacy: ruleset.privacy, hearingStages: ruleset.hearingStages })
    const petitioners = repo.petitionersOf(tx, matter.id)
    const start = input.startsAt.getTime()
    const end = input.endsAt.getTime()
    const [monthStart, monthEnd] = shanghaiMonthRange(start)
    const localPath = localPathOf(region.path)
    const hearing: EligibilityHearing = {
      hearingId: input.hearingId,
      start,
      end,
      venueId: venue.id,
      matterId: matter.id,
      hostId: input.hostMemberId,
      recorderId: input.recorderMemberId,
      petitionerIds: petitioners.map((_, i) => i),
      petitionerIdNumbers: petitioners.map((p) => p.idNumber),
      petitionerVillageIds: petitioners.map((p) => p.homeVillageRegionId).filter((v): v is number => v !== null),
      respondentOrgIds: equivalentOrganisationIds(tx, [matter.respondentOrganisationId])
    }
    const thirdPartyIds = input.hearingId === null
      ? []
      : repo.participantsOf(tx, input.hearingId).filter((p) => p.active && p.kind === 'third_party' && p.memberId !== null).map((p) => p.memberId!)
    if (input.proposedThirdPartyId !== undefined) thirdPartyIds.push(input.proposedThirdPartyId)
    const people = repo.loadCandidates(tx, {
      memberIds: [...new Set([input.hostMemberId, input.recorderMemberId, ...input.panelMemberIds, ...thirdPartyIds])],
      // earlier service on the matter is a recusal ground for third parties as for officers
      officerIds: [...new Set([...input.panelMemberIds, ...thirdPartyIds])],
      localPath,
      hearing: { start, end, monthStart, monthEnd },
      matterId: matter.id,
      petitionerIdNumbers: hearing.petitionerIdNumbers,
      excludeHearingId: input.hearingId,
      coolingOffDays: ruleset.coolingOffDays
    })
    const byId = new Map(people.map((p) => [p.id, p]))
    for (const id of input.chosenMemberIds ?? []) {
      const person = byId.get(id)
      if (!person || !mayAssignToHearing(actor, { homeRegionPath: person.homeRegionPath, consentCrossRegion: person.crossRegionConsent, status: person.status })) {
        throw memberNotFound({ memberId: id })
      }
    }
    const host = byId.get(input.hostMemberId)
    if (!host) throw memberNotFound({ memberId: input.hostMemberId })
    const recorder = byId.get(input.recorderMemberId)
    if (!recorder) throw memberNotFound({ memberId: input.recorderMemberId })
    const settings = getSettings(tx)
    const problem: ProblemInput = {
      now: clock.now().getTime(),
      hearing: { ...hearing, procedure: input.procedure, isPublic: input.isPublic ?? true, panelSize: input.panelSize ?? ruleset.panel[input.procedure].default },
      matter: { id: matter.id, hearable: hearability.hearable, reasons: hearability.reasons, confidentiality: hearability.confidentiality },
      venue: { id: venue.id, name: venue.name, active: venue.active },
      venueClashes: repo.venueBookings(tx, { venueId: venue.id, start, end, excludeHearingId: input.hearingId })
        .map((b) => ({ id: b.id, start: b.startsAt.getTime(), end: b.endsAt.getTime(), caseNumber: b.caseNumber })),
      host: host as PersonCandidate,
      recorder: recorder as PersonCandidate,
      panel: input.panelMemberIds.map((id) => byId.get(id)).filter((p): p is repo.CandidateRow => p !== undefined) as PersonCandidate[],
      thirdParties: thirdPartyIds.map((id) => byId.get(id)).filter((p): p is repo.CandidateRow => p !== undefined) as PersonCandidate[],
      drawn: input.drawn,
      ruleset,
      trainedHostYears: settings.trainedHostYears,
      noticeServedOn: input.noticeServedOn ?? null,
      calendar: loadCalendar(tx),
      recused: input.hearingId === null
        ? []
        : repo.recusalRequestsOf(tx, input.hearingId).filter((r) => r.decision === 'granted').map((r) => ({ kind: r.targetKind, memberId: r.targetMemberId }))
    }
    return { problem, matter, region, venue, ruleset, resolved, petitioners, localPath }
  }

  function assertTimes (startsAt: Date, endsAt: Date) {
    if (!(endsAt > startsAt)) throw hearingInvalidTime({ errors: [{ in: 'body', field: 'endsAt', message: '结束时间必须晚于开始时间' }] })
    if (endsAt.getTime() - startsAt.getTime() > repo.MAX_HEARING_MS) throw hearingInvalidTime({ errors: [{ in: 'body', field: 'endsAt', message: '一场听证不能超过 12 小时' }] })
  }

  function activeOfficers (tx: Tx | Db, hearingId: number) {
    return repo.participantsOf(tx, hearingId).filter((p) => p.active && p.kind === 'officer' && p.memberId !== null)
  }

  function recordEvent (tx: Tx, actor: Actor, hearing: Hearing, e: { action: string, fromStatus?: HearingStatus | null, toStatus?: HearingStatus | null, reason?: string | null, details?: Record<string, unknown> }) {
    tx.insert(hearingEventsTable).values({
      hearingId: hearing.id,
      action: e.action,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      reason: e.reason ?? null,
      details: e.details ?? null,
      sequence: hearing.sequence,
      actorUserId: actor.userId,
      actorName: actor.displayName,
      at: clock.now()
    }).run()
  }

  function requireHearing (tx: Tx | Db, actor: Actor, id: number) {
    const found = repo.findHearing(tx, id, actor.scopePath)
    if (!found) throw hearingNotFound({ hearingId: id })
    return found
  }

  /**
   * Checks a participant about to be added to a stored hearing, inside the caller's write transaction. A third
   * party comes from the pool and is checked like an officer (and must be one the actor may assign); a respondent
   * representative is named, not a pool member. A third party with error-level problems of their own is refused
   * (409 with those problems), except on a draft, which keeps them as problems to resolve before it is scheduled.
   */
  function checkParticipant (tx: Tx, actor: Actor, hearing: Hearing, input: { kind: 'third_party' | 'respondent_rep', memberId?: number | undefined }) {
    if (input.kind === 'respondent_rep') {
      if (input.memberId !== undefined) throw invalidRequest({ errors: [{ in: 'body', field: 'memberId', message: '被反映单位代表不是听证员库人员，请填写姓名和单位，不填 memberId' }] })
      return
    }
    if (input.memberId === undefined) throw invalidRequest({ errors: [{ in: 'body', field: 'memberId', message: '第三方参与人员须从听证员库中选择（填写 memberId）' }] })
    const memberId = input.memberId
    const { problem } = problemInput(tx, actor, {
      ...hearing,
      hearingId: hearing.id,
      panelMemberIds: activeOfficers(tx, hearing.id).map((o) => o.memberId!),
      drawn: repo.drawsOf(tx, hearing.id).length > 0,
      ruleset: hearing.ruleset as unknown as RulesetConfig,
      chosenMemberIds: [memberId],
      proposedThirdPartyId: memberId
    })
    const own = hearingProblems(problem).filter((p) => p.severity === 'error' && p.subject.kind === 'third_party' && p.subject.id === memberId)
    if (hearing.status !== 'draft' && own.length > 0) throw hearingHasProblems({ problems: own })
  }

  /** Participant rows with the seated members' names and units filled in. */
  function withSeatedPeople (tx: Tx | Db, rows: HearingParticipant[]) {
    const people = repo.seatedPeople(tx, rows.map((p) => p.memberId).filter((m): m is number => m !== null))
    return rows.map((p) => withSeatedPerson(p, people))
  }

  /** Re-runs every check for a stored hearing (inside the caller's transaction). */
  function currentProblems (tx: Tx | Db, actor: Actor, hearing: Hearing): Problem[] {
    const officers = activeOfficers(tx, hearing.id)
    const { problem } = problemInput(tx, actor, {
      ...hearing,
      hearingId: hearing.id,
      panelMemberIds: officers.map((o) => o.memberId!),
      drawn: repo.drawsOf(tx, hearing.id).length > 0,
      ruleset: hearing.ruleset as unknown as RulesetConfig
    })
    return hearingProblems(problem)
  }

  return {
    /** Registers a listener for every committed change (called inside the change's transaction). */
    onChange (listener: HearingChangeListener) { listeners.push(listener) },
    emit,
    problemInput,
    currentProblems,
    checkParticipant,
    withSeatedPeople,
    requireHearing,
    recordEvent,
    activeOfficers,

    /** The problems a hearing would have, without writing anything. */
    preview (actor: Actor, input: HearingInput) {
      assertTimes(input.startsAt, input.endsAt)
      const { problem, resolved } = problemInput(db, actor, { ...input, hearingId: null, panelMemberIds: [], drawn: false, chosenMemberIds: [input.hostMemberId, input.recorderMemberId] })
      return { problems: hearingProblems(problem), ruleset: { label: resolved.label, fingerprint: resolved.fingerprint }, panelSize: problem.hearing.panelSize }
    },

    /**
     * Schedules a hearing (or saves a draft). The checks run again inside an IMMEDIATE transaction, which
     * holds SQLite's write lock from the start, so two processes cannot both pass the double-booking check.
     */
    create (actor: Actor, input: HearingInput & { draft?: boolean | undefined }) {
      assertTimes(input.startsAt, input.endsAt)
      return writeTransaction(db, (tx) => {
        const { problem, matter, resolved } = problemInput(tx, actor, { ...input, hearingId: null, panelMemberIds: [], drawn: false, chosenMemberIds: [input.hostMemberId, input.recorderMemberId] })
        const problems = hearingProblems(problem)
        if (!input.draft && hasErrors(problems)) throw hearingHasProblems({ problems })
        const now = clock.now()
        const inserted = repo.insertHearing(tx, {
          matterId: matter.id,
          regionId: matter.regionId,
          procedure: input.procedure,
          isPublic: input.isPublic ?? true,
          nonPublicReason: input.nonPublicReason ?? null,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          venueId: input.venueId,
          hostMemberId: input.hostMemberId,
          recorderMemberId: input.recorderMemberId,
          panelSize: problem.hearing.panelSize,
          status: input.draft ? 'draft' : 'scheduled',
          rulesetLabel: resolved.label,
          rulesetFingerprint: resolved.fingerprint,
          ruleset: resolved.config as unknown as Record<string, unknown>,
          uid: `pending-${rng.bytes(12).toString('hex')}`,
          sequence: 0,
          noticeServedOn: input.noticeServedOn ?? null,
          createdByUserId: actor.userId,
          createdAt: now,
          updatedAt: now
        })
        const hearing = repo.updateHearing(tx, inserted.id, { uid: `hearing-${inserted.id}` })
        recordEvent(tx, actor, hearing, { action: 'create', toStatus: hearing.status, details: { warnings: problems.filter((p) => p.severity === 'warning').map((p) => p.type) } })
        recordAudit(tx, { actor, at: now, action: 'hearing.create', entityType: 'hearing', entityId: hearing.id, regionPath: matter.regionPath, after: hearing })
        emit(tx, { actor, kind: 'created', hearing, previous: null, removedMemberIds: [] })
        return { hearing, problems }
      })
    },

    /** Changes time, venue, people or form; every change bumps the calendar sequence. Stale versions get 409. */
    update (actor: Actor, id: number, change: HearingChange) {
      return writeTransaction(db, (tx) => {
        const { hearing: before, regionPath } = requireHearing(tx, actor, id)
        if (change.version !== before.version) throw versionConflict({ currentVersion: before.version })
        if (!EDITABLE_STATUSES.includes(before.status)) throw hearingNotEditable({ hearingStatus: before.status })
        const next = { ...before, ...Object.fromEntries(Object.entries(change).filter(([k, v]) => v !== undefined && k !== 'version')) } as Hearing
        assertTimes(next.startsAt, next.endsAt)
        const officers = activeOfficers(tx, id)
        const { problem } = problemInput(tx, actor, {
          ...next,
          hearingId: id,
          panelMemberIds: officers.map((o) => o.memberId!),
          drawn: repo.drawsOf(tx, id).length > 0,
          ruleset: before.ruleset as unknown as RulesetConfig,
          chosenMemberIds: [next.hostMemberId, next.recorderMemberId].filter((m) => m !== before.hostMemberId && m !== before.recorderMemberId)
        })
        const problems = hearingProblems(problem)
        if (before.status !== 'draft' && hasErrors(problems)) throw hearingHasProblems({ problems })
        const after = repo.updateHearing(tx, id, {
          startsAt: next.startsAt,
          endsAt: next.endsAt,
          venueId: next.venueId,
          hostMemberId: next.hostMemberId,
          recorderMemberId: next.recorderMemberId,
          procedure: next.procedure,
          isPublic: next.isPublic,
          nonPublicReason: next.nonPublicReason,
          panelSize: problem.hearing.panelSize,
          noticeServedOn: next.noticeServedOn,
          sequence: before.sequence + 1,
          version: before.version + 1,
          updatedAt: clock.now()
        })
        repo.syncParticipantStart(tx, id, after.startsAt)
        recordEvent(tx, actor, after, { action: 'update', details: { changed: Object.keys(change).filter((k) => k !== 'version') } })
        recordAudit(tx, { actor, at: clock.now(), action: 'hearing.update', entityType: 'hearing', entityId: id, regionPath, before, after })
        const removedMemberIds = [before.hostMemberId, before.recorderMemberId].filter((m) => m !== after.hostMemberId && m !== after.recorderMemberId)
        emit(tx, { actor, kind: 'updated', hearing: after, previous: before, removedMemberIds })
        return { hearing: after, problems, previous: before }
      })
    },

    transition (actor: Actor, id: number, input: { action: HearingAction, version: number, reason?: string | undefined, ground?: TerminationGround | undefined, startsAt?: Date | undefined, endsAt?: Date | undefined, venueId?: number | undefined, noticeServedOn?: string | undefined }) {
      return writeTransaction(db, (tx) => {
        const { hearing: before, regionPath } = requireHearing(tx, actor, id)
        if (input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        const spec = HEARING_ACTIONS[input.action]
        if (!transitionAllowed(before.status, input.action)) throw hearingInvalidTransition({ hearingStatus: before.status, action: input.action, allowedFrom: spec.from })
        const reason = input.action === 'terminate' && input.ground ? [TERMINATION_GROUNDS[input.ground], input.reason].filter(Boolean).join('：') : input.reason
        if (spec.needsReason && !reason) throw hearingReasonRequired({ action: input.action })
        if (spec.needsNewTime && (!input.startsAt || !input.endsAt)) throw hearingNewTimeRequired({ action: input.action })
        const changes: Partial<Hearing> = {}
        if (spec.needsNewTime) {
          assertTimes(input.startsAt!, input.endsAt!)
          Object.assign(changes, { startsAt: input.startsAt, endsAt: input.endsAt, ...(input.venueId ? { venueId: input.venueId } : {}), noticeServedOn: null })
        }
        if (input.action === 'notify') changes.noticeServedOn = input.noticeServedOn ?? before.noticeServedOn
        const next = { ...before, ...changes, status: spec.to } as Hearing
        if (spec.to === 'scheduled' || input.action === 'notify') {
          const officers = activeOfficers(tx, id)
          const { problem } = problemInput(tx, actor, { ...next, hearingId: id, panelMemberIds: officers.map((o) => o.memberId!), drawn: repo.drawsOf(tx, id).length > 0, ruleset: before.ruleset as unknown as RulesetConfig })
          const problems = hearingProblems(problem)
          if (hasErrors(problems)) throw hearingHasProblems({ problems })
        }
        const after = repo.updateHearing(tx, id, { ...changes, status: spec.to, statusReason: reason ?? null, sequence: before.sequence + 1, version: before.version + 1, updatedAt: clock.now() })
        if (spec.needsNewTime) repo.syncParticipantStart(tx, id, after.startsAt)
        recordEvent(tx, actor, after, { action: input.action, fromStatus: before.status, toStatus: spec.to, reason: reason ?? null, details: input.ground ? { ground: input.ground, waiver: input.ground === 'unexcused_absence' } : {} })
        recordAudit(tx, { actor, at: clock.now(), action: `hearing.${input.action}`, entityType: 'hearing', entityId: id, regionPath, before, after })
        emit(tx, { actor, kind: 'transition', hearing: after, previous: before, removedMemberIds: [] })
        return { hearing: after, previous: before }
      })
    },

    get (actor: Actor, id: number) {
      const found = requireHearing(db, actor, id)
      const participants = repo.participantsOf(db, id)
      const { hostMemberId, recorderMemberId } = found.hearing
      // whoever may see the hearing sees who sits on it (name and unit), also people from outside their own region
      const people = repo.seatedPeople(db, [hostMemberId, recorderMemberId, ...participants.map((p) => p.memberId).filter((m): m is number => m !== null)])
      return {
        ...found,
        host: people.get(hostMemberId) ?? null,
        recorder: people.get(recorderMemberId) ?? null,
        participants: participants.map((p) => withSeatedPerson(p, people)),
        events: repo.eventsOf(db, id),
        draws: repo.drawsOf(db, id),
        recusalRequests: repo.recusalRequestsOf(db, id),
        problems: ['scheduled', 'notified', 'draft'].includes(found.hearing.status) ? currentProblems(db, actor, found.hearing) : []
      }
    },

    list: (actor: Actor, filter: Omit<Parameters<typeof repo.listHearings>[1], 'scopePath'>) => repo.listHearings(db, { scopePath: actor.scopePath, ...filter })
  }
}
