import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { PoolSettings } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import { systemActor, type Actor } from '../../common/actor.js'
import { versionConflict, type DomainError } from '../../errors.js'
import { requireRegion } from '../regions/regions.service.js'
import { requireOrganisation } from '../organisations/organisations.service.js'
import * as repo from './pool.repository.js'
import { mayChangeMember, poolVisibility } from './pool.access.rules.js'
import { addDays, allowedActions, chinaToday, trainingCutoff } from './pool.rules.js'
import { indexVocabulary, validateMemberDraft, type MemberDraft, type Problem, type ValidMember, type ValidationContext } from './pool.validation.js'
import {
  EMPTY_DRAFT, applyBody, describeMembers, draftOf, insertMemberAggregate, loadAggregates, sameAsStored, updateMemberAggregate
} from './pool.aggregate.js'
import { requireVisible, requireWritable } from './pool.guards.js'
import type { AssessmentStandingOf, MemberBody, MemberPatch, MemberQuery } from './pool.types.js'
import * as errors from './pool.errors.js'
import { memberWriter } from './pool.writer.js'

// Members: search, export rows, detail, registration and edits.

const PROBLEM_FACTORIES: Record<string, (extra?: Record<string, unknown>) => DomainError> = {
  'pool.invalid_id_number': errors.invalidIdNumber,
  'pool.inconsistent_with_id_number': errors.inconsistentWithIdNumber,
  'pool.invalid_mobile': errors.invalidMobile,
  'pool.invalid_email': errors.invalidEmail,
  'pool.invalid_date': errors.invalidDate,
  'pool.unknown_vocabulary': errors.unknownVocabulary,
  'pool.fee_required': errors.feeRequired,
  'pool.fee_not_allowed': errors.feeNotAllowed,
  'pool.fee_above_cap': errors.feeAboveCap,
  'pool.invalid_member': errors.invalidMember
}

/** The first problem decides the code; every problem is listed in `errors`. */
function problemsError (problems: readonly Problem[]) {
  const first = problems[0]!
  const factory = PROBLEM_FACTORIES[first.code] ?? errors.invalidMember
  return factory({ errors: problems.map((p) => ({ in: 'body', field: p.field, message: p.message })) })
}

/** The login account linked to a pool member (an accounts concern, given by the composition root). */
export type LinkedAccountOf = (db: DbOrTx, memberId: number) => { id: number, username: string, displayName: string } | undefined

export function createPoolMembersService ({ db, clock, linkedAccountOf, assessmentStandingOf }: { db: Db, clock: Clock, linkedAccountOf: LinkedAccountOf, assessmentStandingOf?: AssessmentStandingOf | undefined }) {
  const today = () => chinaToday(clock.now())
  const writer = () => memberWriter(db.$client)

  function validationContext (tx: DbOrTx, currentTermIds?: ReadonlySet<number>): ValidationContext {
    const ctx: ValidationContext = { today: today(), settings: repo.getSettings(tx), vocabulary: indexVocabulary(repo.listVocabulary(tx)) }
    if (currentTermIds) ctx.currentTermIds = currentTermIds
    return ctx
  }

  /** Database checks after the pure validation: home region within the actor's reach, organisations exist, ID unique. */
  function checkReferences (tx: DbOrTx, actor: Actor, value: ValidMember, ownId?: number) {
    const region = requireRegion(tx, actor, value.homeRegionId)
    if (value.employerOrganisationId !== null) requireOrganisation(tx, value.employerOrganisationId)
    for (const e of value.employers) requireOrganisation(tx, e.organisationId)
    const other = repo.findIdByIdNumber(tx, value.idNumber)
    if (other !== undefined && other !== ownId) throw errors.duplicateIdNumber({ errors: [{ in: 'body', field: 'idNumber', message: '该身份证号已在听证员库中登记' }] })
    return region
  }

  function filterFor (tx: DbOrTx, actor: Actor, query: MemberQuery, settings: PoolSettings): repo.MemberFilter {
    const day = today()
    const termIds: number[] = []
    for (const [kind, code] of [['profession', query.profession], ['specialty', query.specialty]] as const) {
      if (code === undefined) continue
      const term = repo.findTermByCode(tx, kind, code)
      if (!term) throw errors.unknownVocabulary({ errors: [{ in: 'querystring', field: kind, message: `“${code}”不是可选的${kind === 'profession' ? '职业' : '专业特长'}` }] })
      termIds.push(term.id)
    }
    return {
      visibility: poolVisibility(actor),
      today: day,
      regionPath: query.regionId !== undefined ? requireRegion(tx, systemActor(), query.regionId).path : undefined,
      role: query.role,
      sourceCategory: query.sourceCategory,
      termIds,
      status: query.status,
      termEndingUntil: query.termEndingWithinDays !== undefined ? addDays(day, query.termEndingWithinDays) : undefined,
      trainedHost: query.trainedHost,
      trainingCutoff: trainingCutoff(day, settings.trainedHostYears),
      consentCrossRegion: query.consentCrossRegion,
      sharedFromOtherRegion: query.sharedFromOtherRegion,
      assessmentBelow: query.assessmentBelow,
      q: query.q
    }
  }

  function detail (actor: Actor, id: number, tx: DbOrTx = db) {
    const row = requireVisible(tx, actor, id)
    const [agg] = loadAggregates(tx, [row])
    const [summary] = describeMembers(tx, actor, [row], { today: today(), settings: repo.getSettings(tx) })
    return {
      ...summary!,
      aggregate: agg!,
      trainings: repo.trainingsOf(tx, id),
      unavailability: repo.unavailabilityOf(tx, id),
      history: repo.historyOf(tx, id),
      allowedActions: mayChangeMember(actor, row.regionPath) ? allowedActions(summary!.status) : [],
      linkedUser: linkedAccountOf(tx, id) ?? null,
      assessment: assessmentStandingOf?.(tx, { id, regionPath: row.regionPath }) ?? null
    }
  }

  return {
    today,

    search (actor: Actor, query: MemberQuery & { page: number, pageSize: number }) {
      const settings = repo.getSettings(db)
      const filter = filterFor(db, actor, query, settings)
      const { items, total } = repo.searchMembers(db, filter, {
        sort: query.sort ?? 'name',
        order: query.order ?? 'asc',
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize
      })
      return { items: describeMembers(db, actor, items, { today: today(), settings }), total }
    },

    /** Every member matching the filter (for export); refuses more than `max`. */
    exportRows (actor: Actor, query: MemberQuery, max: number) {
      const settings = repo.getSettings(db)
      const filter = filterFor(db, actor, query, settings)
      const total = repo.countMembers(db, filter)
      if (total > max) throw errors.exportTooLarge({ total, max })
      const { items } = repo.searchMembers(db, filter, { sort: query.sort ?? 'name', order: query.order ?? 'asc', limit: max, offset: 0 })
      const described = describeMembers(db, actor, items, { today: today(), settings: repo.getSettings(db) })
      const aggregates = loadAggregates(db, items)
      return described.map((d, i) => ({ ...d, aggregate: aggregates[i]! }))
    },

    get (actor: Actor, id: number) {
      return detail(actor, id)
    },

    create (actor: Actor, body: MemberBody) {
      const id = writeTransaction(db, (tx) => {
        const base: MemberDraft = {
          ...EMPTY_DRAFT, name: body.name, idNumber: body.idNumber, mobile: body.mobile, homeRegionId: body.homeRegionId, roles: body.roles, sourceCategory: body.sourceCategory
        }
        const draft = applyBody(base, body)
        const { value, problems } = validateMemberDraft(draft, validationContext(tx))
        if (!value) throw problemsError(problems)
        const region = checkReferences(tx, actor, value)
        return insertMemberAggregate(tx, { writer: writer(), actor, now: clock.now(), value, regionPath: region.path })
      })
      return detail(actor, id)
    },

    update (actor: Actor, id: number, patch: MemberPatch) {
      writeTransaction(db, (tx) => {
        const row = requireWritable(tx, actor, id)
        if (patch.version !== row.member.version) throw versionConflict({ currentVersion: row.member.version })
        const [before] = loadAggregates(tx, [row])
        const { version: _v, ...body } = patch
        const draft = applyBody(draftOf(before!), body)
        const { value, problems } = validateMemberDraft(draft, validationContext(tx, new Set(before!.terms.map((t) => t.id))))
        if (!value) throw problemsError(problems)
        const region = checkReferences(tx, actor, value, id)
        if (sameAsStored(before!, value)) return
        updateMemberAggregate(tx, { writer: writer(), actor, now: clock.now(), before: before!, value, regionPath: region.path })
      })
      return detail(actor, id)
    }
  }
}
