import type { Db, Tx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type {
  Hearing, HearingParticipant, HearingProcedure, HearingStatus, NoticeWaiver, NoticeWaiverMethod
} from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Rng } from '../../common/random.js'
import type { Actor } from '../../common/actor.js'
import { invalidRequest, versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { requireRegion } from '../regions/regions.service.js'
import { requireVenue } from '../venues/venues.service.js'
import { matterById, stagesOfMatters } from '../matters/matters.lookup.service.js'
import { matterHearability } from '../matters/matters.rules.js'
import { hearingDeadlineOf } from '../matters/matters.deadlines.service.js'
import { equivalentOrganisationIds } from '../organisations/organisations.lookup.service.js'
import { poolSettings } from '../pool/pool.lookup.service.js'
import { handlingRolesOfMatter } from '../case-teams/case-teams.lookup.service.js'
import { mayAssignToHearing } from '../pool/pool.access.rules.js'
import { shanghaiDateOf, shanghaiMonthRange } from '../../common/dates.js'
import { noticeLeadTimeOk } from '../matters/matters.time-limits.rules.js'
import { toApiTime } from '../../common/time.js'
import type { WorkCalendar } from '../../common/workdays.js'
import { PROCEDURE_NAMES, hearingRuleset, type RulesetConfig } from '../rulesets/rulesets.config.js'
import type { EligibilityHearing } from '../draw/draw.types.js'
import * as repo from './hearings.repository.js'
import { hearingProblems, hasErrors, type Problem, type ProblemInput, type PersonCandidate } from './hearings.problems.js'
import {
  HEARING_ACTIONS, EDITABLE_STATUSES, TERMINATION_GROUNDS, TERMINATION_GROUND_RULES, openingWindow, shanghaiMinute, transitionAllowed, type HearingAction, type TerminationGround
} from './hearings.lifecycle.js'
import { HEARING_STATUS_NAMES } from './hearings.status.rules.js'
import {
  hearingAnnouncementRequired, hearingDateInFuture, hearingGroundNotApplicable, hearingGroundRequired, hearingHasProblems, hearingInvalidTime,
  hearingInvalidTransition, hearingNewTimeRequired, hearingNotEditable, hearingNotFound, hearingNoticeDateRequired, hearingNoticeTooShort,
  hearingNotOpeningTime, hearingPanelIncomplete, hearingReasonRequired, memberNotFound
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

/** A status change as asked for; which fields fit depends on the action (checked by the service). */
export type TransitionInput = {
  action: HearingAction
  version: number
  reason?: string | undefined
  ground?: TerminationGround | undefined
  startsAt?: Date | undefined
  endsAt?: Date | undefined
  venueId?: number | undefined
  noticeServedOn?: string | undefined
  noticeWaiver?: { date: string, method: NoticeWaiverMethod, recordedBy?: string | undefined } | undefined
  announcedOn?: string | undefined
}

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
    /** A stored hearing's ruleset snapshot as its column holds it (read through hearingRuleset); absent: the region's ruleset now. */
    ruleset?: Record<string, unknown> | undefined
    chosenMemberIds?: readonly number[] | undefined
    proposedThirdPartyId?: number | undefined
    noticeWaiver?: NoticeWaiver | null | undefined
  }) {
    const matter = matterById(tx, input.matterId, actor.scopePath)
    if (!matter) throw matterNotFound({ matterId: input.matterId })
    const region = requireRegion(tx, actor, matter.regionId)
    const venue = requireVenue(tx, actor, input.venueId).venue
    const resolved = resolveRuleset(tx, region.id)
    // a hearing's stored snapshot may predate settings (or their shape): read it through hearingRuleset
    const ruleset = input.ruleset ? hearingRuleset(input.ruleset) : resolved.config
    const stages = stagesOfMatters(tx, [matter.id])
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
      coolingOffDays: ruleset.coolingOffDays,
      handlingRoles: handlingRolesOfMatter(tx, matter.id)
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
    const settings = poolSettings(tx)
    const calendar = loadCalendar(tx)
    // hearing time runs from the decision to hold it: today for a new hearing, its creation for a stored one
    const decidedAt = input.hearingId === null ? clock.now() : (repo.findHearing(tx, input.hearingId, null)?.hearing.createdAt ?? clock.now())
    const deadline = hearingDeadlineOf(tx, { matterId: matter.id, hearingId: input.hearingId, pauseFrom: shanghaiDateOf(decidedAt), hearingDate: shanghaiDateOf(start), calendar })
    const problem: ProblemInput = {
      now: clock.now().getTime(),
      hearing: { ...hearing, procedure: input.procedure, isPublic: input.isPublic ?? ruleset.publicity[input.procedure].defaultPublic, panelSize: input.panelSize ?? ruleset.panel[input.procedure].default },
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
      noticeWaived: input.noticeWaiver != null,
      calendar,
      deadline,
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

  /**
   * A stored hearing with a change applied, and its problems: its own booking is not a clash, its panel, draw and
   * frozen ruleset count, and only people new to it are checked as chosen (update and its preview).
   */
  function changedProblems (tx: Tx | Db, actor: Actor, before: Hearing, change: Partial<Omit<HearingInput, 'matterId'>>) {
    const next = { ...before, ...Object.fromEntries(Object.entries(change).filter(([k, v]) => v !== undefined && k !== 'version')) } as Hearing
    assertTimes(next.startsAt, next.endsAt)
    const officers = activeOfficers(tx, before.id)
    const { problem } = problemInput(tx, actor, {
      ...next,
      hearingId: before.id,
      panelMemberIds: officers.map((o) => o.memberId!),
      drawn: repo.drawsOf(tx, before.id).length > 0,
      ruleset: before.ruleset,
      chosenMemberIds: [next.hostMemberId, next.recorderMemberId].filter((m) => m !== before.hostMemberId && m !== before.recorderMemberId)
    })
    return { next, problem, problems: hearingProblems(problem) }
  }

  function activeOfficers (tx: Tx | Db, hearingId: number) {
    return repo.participantsOf(tx, hearingId).filter((p) => p.active && p.kind === 'officer' && p.memberId !== null)
  }

  /** One entry of the hearing's timeline: who (user id and name), when, why, and the request that made it. */
  function recordEvent (tx: Tx, actor: Actor, hearing: Hearing, e: { action: string, fromStatus?: HearingStatus | null, toStatus?: HearingStatus | null, reason?: string | null, ground?: TerminationGround | null, details?: Record<string, unknown> }) {
    repo.insertEvent(tx, {
      hearingId: hearing.id,
      action: e.action,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      reason: e.reason ?? null,
      ground: e.ground ?? null,
      details: e.details ?? null,
      sequence: hearing.sequence,
      actorUserId: actor.userId,
      actorName: actor.displayName,
      requestId: actor.requestId,
      at: clock.now()
    })
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
    const own = thirdPartyProblems(tx, actor, hearing, input.memberId).filter((p) => p.severity === 'error')
    if (hearing.status !== 'draft' && own.length > 0) throw hearingHasProblems({ problems: own })
  }

  /** The problems (errors and warnings) seating this pool member as a third party on the hearing would have. */
  function thirdPartyProblems (tx: Tx | Db, actor: Actor, hearing: Hearing, memberId: number): Problem[] {
    const { problem } = problemInput(tx, actor, {
      ...hearing,
      hearingId: hearing.id,
      panelMemberIds: activeOfficers(tx, hearing.id).map((o) => o.memberId!),
      drawn: repo.drawsOf(tx, hearing.id).length > 0,
      ruleset: hearing.ruleset,
      chosenMemberIds: [memberId],
      proposedThirdPartyId: memberId
    })
    return hearingProblems(problem).filter((p) => p.subject.kind === 'third_party' && p.subject.id === memberId)
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
      ruleset: hearing.ruleset
    })
    return hearingProblems(problem)
  }

  /** Refuses fields that do not belong to the action, so nothing a client sends is silently ignored. */
  function assertTransitionFields (input: TransitionInput) {
    const spec = HEARING_ACTIONS[input.action]
    const errors: { in: 'body', field: string, message: string }[] = []
    const misplaced = (field: keyof TransitionInput, message: string) => { if (input[field] !== undefined) errors.push({ in: 'body', field, message }) }
    if (input.action !== 'terminate') misplaced('ground', '只有终结（terminate）才填写终结理由')
    if (input.action !== 'notify') {
      misplaced('noticeServedOn', '只有登记通知送达（notify）才填写送达日期')
      misplaced('noticeWaiver', '只有登记通知送达（notify）才登记信访人同意缩短通知期限的意见')
    }
    if (input.action !== 'notify' && input.action !== 'open') misplaced('announcedOn', '公告发布日期在登记通知送达（notify）或开始听证（open）时填写')
    if (!spec.needsNewTime) {
      for (const field of ['startsAt', 'endsAt', 'venueId'] as const) misplaced(field, '只有延期（postpone）、恢复（resume）才重新确定时间和场所')
    }
    if (errors.length > 0) throw invalidRequest({ errors })
  }

  function assertNotFuture (date: string, now: Date, field: string, what: string) {
    const today = shanghaiDateOf(now)
    if (date > today) throw hearingDateInFuture({ errors: [{ in: 'body', field, message: `${what}（${date}）不能晚于今天（${today}）` }] }, `${what}（${date}）不能晚于今天（${today}）`)
  }

  /** The termination ground: required, and one that fits the hearing's state (see TERMINATION_GROUND_RULES). */
  function checkTerminationGround (hearing: Hearing, ruleset: RulesetConfig, input: TransitionInput, now: Date): TerminationGround {
    const ground = input.ground
    if (!ground) {
      throw hearingGroundRequired({ errors: [{ in: 'body', field: 'ground', message: '请选择终结理由' }], grounds: TERMINATION_GROUNDS },
        `终结理由：${Object.entries(TERMINATION_GROUNDS).map(([code, name]) => `${code}（${name}）`).join('、')}`)
    }
    const rule = TERMINATION_GROUND_RULES[ground]
    const name = TERMINATION_GROUNDS[ground]
    if (!rule.from.includes(hearing.status)) {
      throw hearingGroundNotApplicable({ ground, hearingStatus: hearing.status, allowedFrom: rule.from }, `听证${HEARING_STATUS_NAMES[hearing.status]}，不能以“${name}”终结`)
    }
    if (ground === 'unexcused_absence') {
      if (!hearing.noticeServedOn) throw hearingGroundNotApplicable({ ground, hearingStatus: hearing.status }, '尚未登记听证通知送达，不能认定信访人无正当理由不到场')
      const window = openingWindow(hearing, ruleset)
      if (now.getTime() < window.earliest) {
        throw hearingGroundNotApplicable({ ground, hearingStatus: hearing.status, earliestAt: toApiTime(new Date(window.earliest)) }, `听证排定于 ${shanghaiMinute(hearing.startsAt.getTime())}，此前不能认定信访人不到场`)
      }
    }
    if (rule.needsReason && !input.reason) throw hearingReasonRequired({ action: input.action, ground }, `以“${name}”终结须说明具体理由`)
    return ground
  }

  /** The service date of the notice and, when it is too late for the lead time, the petitioner's recorded consent. */
  function checkNotice (tx: Tx, hearing: Hearing, ruleset: RulesetConfig, input: TransitionInput, now: Date) {
    const servedOn = input.noticeServedOn ?? hearing.noticeServedOn
    if (!servedOn) throw hearingNoticeDateRequired({ errors: [{ in: 'body', field: 'noticeServedOn', message: '请填写听证通知书送达信访人的日期' }] })
    assertNotFuture(servedOn, now, 'noticeServedOn', '送达日期')
    const waiver: NoticeWaiver | null = input.noticeWaiver
      ? { date: input.noticeWaiver.date, method: input.noticeWaiver.method, recordedBy: input.noticeWaiver.recordedBy ?? null }
      : null
    if (waiver) assertNotFuture(waiver.date, now, 'noticeWaiver.date', '信访人同意缩短通知期限的日期')
    const rule = ruleset.noticeLeadTime[hearing.procedure]
    const lead = noticeLeadTimeOk(servedOn, shanghaiDateOf(hearing.startsAt), rule, loadCalendar(tx))
    if (!lead.ok && !waiver) {
      throw hearingNoticeTooShort({
        procedure: hearing.procedure,
        requiredDays: lead.requiredDays,
        unit: lead.unit,
        clearDays: lead.clearDays,
        noticeServedOn: servedOn,
        hearingDate: shanghaiDateOf(hearing.startsAt),
        earliestHearingDate: lead.earliestHearingDate,
        latestServiceDate: lead.latestServiceDate
      }, `${PROCEDURE_NAMES[hearing.procedure]}：${lead.message}。信访人同意缩短通知期限的，请同时登记其意见（noticeWaiver：日期、方式）`)
    }
    return { servedOn, waiver, leadTime: { requiredDays: lead.requiredDays, unit: lead.unit, clearDays: lead.clearDays, met: lead.ok } }
  }

  function assertOpeningTime (hearing: Hearing, ruleset: RulesetConfig, now: Date) {
    const window = openingWindow(hearing, ruleset)
    const at = now.getTime()
    if (at >= window.earliest && at < window.latest) return
    const until = shanghaiMinute(window.latest - 60_000)
    throw hearingNotOpeningTime({ earliestOpenAt: toApiTime(new Date(window.earliest)), latestOpenAt: toApiTime(new Date(window.latest)) },
      `本场听证排定于 ${shanghaiMinute(hearing.startsAt.getTime())} 开始，可在 ${shanghaiMinute(window.earliest)} 至 ${until} 之间宣布开始${at >= window.latest ? '；已过排定时间的，请先延期并重新通知' : ''}`)
  }

  /**
   * A hearing opens with its panel: as many officers seated (drawn, or their alternates and replacement rounds) as
   * it was scheduled with. Before a draw the problems list cannot say so (the panel is not known yet), so opening
   * without one would hold a general hearing without officers.
   */
  function assertPanelSeated (tx: Tx, hearing: Hearing) {
    const seated = activeOfficers(tx, hearing.id).length
    if (seated >= hearing.panelSize) return
    throw hearingPanelIncomplete({ panelSize: hearing.panelSize, seated }, seated === 0
      ? `本场听证应有听证员 ${hearing.panelSize} 人，尚未抽取；请先经见证随机抽取`
      : `本场听证应有听证员 ${hearing.panelSize} 人，现有 ${seated} 人；请先递补或经见证补抽`)
  }

  /** A public hearing whose procedure must be announced opens only after an announcement published in time. */
  function assertAnnounced (tx: Tx, hearing: Hearing, ruleset: RulesetConfig) {
    const publicity = ruleset.publicity[hearing.procedure]
    if (!hearing.isPublic || !publicity.announce) return
    const hearingDate = shanghaiDateOf(hearing.startsAt)
    const name = PROCEDURE_NAMES[hearing.procedure]
    const unit = publicity.announceLeadTime.unit === 'working' ? '个工作日' : '日'
    if (!hearing.announcedOn) {
      throw hearingAnnouncementRequired({ requiredDays: publicity.announceLeadTime.days, unit: publicity.announceLeadTime.unit, hearingDate },
        `公开举行的${name}听证须于听证日前 ${publicity.announceLeadTime.days}${unit}发布听证公告；尚未登记公告发布日期（announcedOn）`)
    }
    const lead = noticeLeadTimeOk(hearing.announcedOn, hearingDate, publicity.announceLeadTime, loadCalendar(tx))
    if (!lead.ok) {
      throw hearingAnnouncementRequired({ requiredDays: lead.requiredDays, unit: lead.unit, clearDays: lead.clearDays, announcedOn: hearing.announcedOn, hearingDate, latestAnnouncementDate: lead.latestServiceDate },
        `听证公告于 ${hearing.announcedOn} 发布，距听证日（${hearingDate}）仅 ${lead.clearDays}${unit}，公开举行的${name}听证应提前 ${lead.requiredDays}${unit}公告（最迟 ${lead.latestServiceDate}）；不能按期公告的，请延期或依法决定不公开举行`)
    }
  }

  return {
    /** Registers a listener for every committed change (called inside the change's transaction). */
    onChange (listener: HearingChangeListener) { listeners.push(listener) },
    currentProblems,
    checkParticipant,
    thirdPartyProblems,
    withSeatedPeople,
    requireHearing,

    /**
     * A change of the panel or the participants, inside the caller's write transaction: bumps the calendar
     * sequence and the version, records the timeline entry and the audit, and tells the listeners.
     */
    recordPanelChange (tx: Tx, actor: Actor, { hearing, regionPath, action, details, reason = null, removedMemberIds = [] }: {
      hearing: Hearing, regionPath: string, action: string, details: Record<string, unknown>, reason?: string | null, removedMemberIds?: number[]
    }) {
      const after = repo.updateHearing(tx, hearing.id, { sequence: hearing.sequence + 1, version: hearing.version + 1, updatedAt: clock.now() })
      recordEvent(tx, actor, after, { action, reason, details })
      recordAudit(tx, { actor, at: clock.now(), action: `hearing.${action}`, entityType: 'hearing', entityId: hearing.id, regionPath, after: details })
      emit(tx, { actor, kind: 'panel', hearing: after, previous: hearing, removedMemberIds })
      return after
    },

    /** The problems a hearing would have, without writing anything. */
    preview (actor: Actor, input: HearingInput) {
      assertTimes(input.startsAt, input.endsAt)
      const { problem, resolved } = problemInput(db, actor, { ...input, hearingId: null, panelMemberIds: [], drawn: false, chosenMemberIds: [input.hostMemberId, input.recorderMemberId] })
      return { problems: hearingProblems(problem), ruleset: { label: resolved.label, fingerprint: resolved.fingerprint }, panelSize: problem.hearing.panelSize }
    },

    /**
     * The problems a stored hearing would have with a new time, venue or people (rescheduling, postponing,
     * resuming), without writing anything.
     */
    previewChange (actor: Actor, id: number, change: Partial<Omit<HearingInput, 'matterId'>>) {
      const { hearing: before } = requireHearing(db, actor, id)
      const { problem, problems } = changedProblems(db, actor, before, change)
      return { problems, ruleset: { label: before.rulesetLabel, fingerprint: before.rulesetFingerprint }, panelSize: problem.hearing.panelSize }
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
          isPublic: problem.hearing.isPublic,
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
          ruleset: resolved.config,
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
        const { next, problem, problems } = changedProblems(tx, actor, before, change)
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

    /**
     * Changes a hearing's status. Every change is kept in the timeline with who, when, why (reason, ground) and the
     * request. `notify` records the service date, which must not be in the future and must keep the procedure's
     * lead time unless the petitioner's consent to a shorter period is recorded with it; `open` is accepted only in
     * the ruleset's window on the scheduled day, and for a public hearing that must be announced, after a timely
     * announcement; `terminate` needs a ground that fits the situation.
     */
    transition (actor: Actor, id: number, input: TransitionInput) {
      return writeTransaction(db, (tx) => {
        const { hearing: before, regionPath } = requireHearing(tx, actor, id)
        if (input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        const spec = HEARING_ACTIONS[input.action]
        if (!transitionAllowed(before.status, input.action)) throw hearingInvalidTransition({ hearingStatus: before.status, action: input.action, allowedFrom: spec.from })
        assertTransitionFields(input)
        const ruleset = hearingRuleset(before.ruleset)
        const now = clock.now()
        const details: Record<string, unknown> = {}
        const changes: Partial<Hearing> = {}

        let reason = input.reason
        if (input.action === 'terminate') {
          const ground = checkTerminationGround(before, ruleset, input, now)
          reason = [TERMINATION_GROUNDS[ground], input.reason].filter(Boolean).join('：')
          changes.terminationGround = ground
          Object.assign(details, { ground, waivesHearing: ground === 'unexcused_absence' })
        }
        if (spec.needsReason && !reason) throw hearingReasonRequired({ action: input.action })
        if (spec.needsNewTime && (!input.startsAt || !input.endsAt)) throw hearingNewTimeRequired({ action: input.action })
        if (spec.needsNewTime) {
          assertTimes(input.startsAt!, input.endsAt!)
          // a new time needs a new notice (and announcement): what was served was for the old one
          Object.assign(changes, { startsAt: input.startsAt, endsAt: input.endsAt, ...(input.venueId ? { venueId: input.venueId } : {}), noticeServedOn: null, noticeWaiver: null, announcedOn: null })
          Object.assign(details, { startsAt: toApiTime(input.startsAt!), endsAt: toApiTime(input.endsAt!), ...(input.venueId ? { venueId: input.venueId } : {}) })
        }
        if (input.action === 'notify') {
          const notice = checkNotice(tx, before, ruleset, input, now)
          Object.assign(changes, { noticeServedOn: notice.servedOn, noticeWaiver: notice.waiver })
          Object.assign(details, { noticeServedOn: notice.servedOn, noticeWaiver: notice.waiver, leadTime: notice.leadTime })
        }
        if (input.announcedOn !== undefined) {
          assertNotFuture(input.announcedOn, now, 'announcedOn', '公告发布日期')
          changes.announcedOn = input.announcedOn
          details.announcedOn = input.announcedOn
        }
        if (input.action === 'open') {
          assertOpeningTime(before, ruleset, now)
          assertAnnounced(tx, { ...before, ...changes }, ruleset)
          assertPanelSeated(tx, before)
        }
        const next = { ...before, ...changes, status: spec.to } as Hearing
        if (spec.to === 'scheduled' || input.action === 'notify') {
          const officers = activeOfficers(tx, id)
          const { problem } = problemInput(tx, actor, { ...next, hearingId: id, panelMemberIds: officers.map((o) => o.memberId!), drawn: repo.drawsOf(tx, id).length > 0, ruleset: before.ruleset })
          const problems = hearingProblems(problem)
          if (hasErrors(problems)) throw hearingHasProblems({ problems })
        }
        const after = repo.updateHearing(tx, id, { ...changes, status: spec.to, statusReason: reason ?? null, sequence: before.sequence + 1, version: before.version + 1, updatedAt: now })
        if (spec.needsNewTime) repo.syncParticipantStart(tx, id, after.startsAt)
        recordEvent(tx, actor, after, { action: input.action, fromStatus: before.status, toStatus: spec.to, reason: reason ?? null, ground: input.ground ?? null, details })
        recordAudit(tx, { actor, at: now, action: `hearing.${input.action}`, entityType: 'hearing', entityId: id, regionPath, before, after })
        emit(tx, { actor, kind: 'transition', hearing: after, previous: before, removedMemberIds: [] })
        return { hearing: after, previous: before }
      })
    },

    /** The hearing's timeline, oldest first. */
    events (actor: Actor, id: number) {
      requireHearing(db, actor, id)
      return repo.eventsOf(db, id)
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

    list: (actor: Actor, filter: Omit<Parameters<typeof repo.listHearings>[1], 'scopePath'>) => repo.listHearings(db, { scopePath: actor.scopePath, ...filter }),
    /** The calendar's entries of a range (see repo.calendarHearings). */
    calendar: (actor: Actor, filter: Omit<Parameters<typeof repo.calendarHearings>[1], 'scopePath'>) => repo.calendarHearings(db, { scopePath: actor.scopePath, ...filter })
  }
}
