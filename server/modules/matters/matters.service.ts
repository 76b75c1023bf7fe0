import type { DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { MatterStage, PetitionerKind, ThirdPartySituation } from '../../../db/schema/index.js'
import type { Actor } from '../../common/actor.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { requireRegion } from '../regions/regions.service.js'
import { requireOrganisation } from '../organisations/organisations.service.js'
import { effectiveRulesetForPath } from '../rulesets/rulesets.service.js'
import * as repo from './matters.repository.js'
import {
  MATTER_FLAGS, stagesAfter, validatePetitioners, type FieldProblem, type MatterStatus, type MatterFlags, type PetitionerInput, type ValidPetitioner
} from './matters.rules.js'
import {
  auditSnapshot, lazyCalendar, loadAggregates, matterWrites, requireMatter,
  type DeadlineRulesResolver, type MattersDeps
} from './matters.aggregate.js'
import { matterStagesService, openStageIn } from './matters.stages.service.js'
import { hearingTimeRecorders } from './matters.hearing-events.service.js'
import { countDays } from './matters.time-limits.rules.js'
import * as errors from './matters.errors.js'

// Registering, correcting and reading matters (number, petitioners with agents, respondent, flags); the stage use
// cases are in matters.stages.service.ts, what hearings and notices record in matters.hearing-events.service.ts.

export { requireMatter }

/** The ruleset in force in the region (assigned along its path, over the national defaults). */
const regionDeadlineRules: DeadlineRulesResolver = (db, region) => {
  const effective = effectiveRulesetForPath(db, region.path)
  return { label: effective.label, limits: effective.config.deadlines }
}

type MatterInput = {
  number?: string | undefined
  title?: string | undefined
  summary?: string | undefined
  specialty?: string | null | undefined
  regionId?: number | undefined
  petitionerKind?: PetitionerKind | undefined
  groupName?: string | null | undefined
  groupSize?: number | null | undefined
  petitioners?: PetitionerInput[] | undefined
  respondentOrganisationId?: number | undefined
  flags?: Partial<MatterFlags> | undefined
  thirdPartySituations?: ThirdPartySituation[] | undefined
}

export type MatterListQuery = {
  regionId?: number | undefined
  q?: string | undefined
  answeredWithoutNotice?: boolean | undefined
  stage?: MatterStage | undefined
  status?: MatterStatus | undefined
  dueWithinWorkingDays?: number | undefined
  sort?: 'newest' | 'due' | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

function throwPetitionerProblems (problems: ReturnType<typeof validatePetitioners>['problems']) {
  const all = (list: FieldProblem[]) => ({ errors: list.map((p) => ({ in: 'body', ...p })) })
  const everything = Object.values(problems).flat()
  if (problems.representatives.length > 0) throw errors.tooManyRepresentatives(all(everything))
  if (problems.agents.length > 0) throw errors.tooManyAgents(all(everything))
  if (problems.idNumbers.length > 0) throw errors.invalidIdNumber(all(everything))
  if (problems.phones.length > 0) throw errors.invalidPhone(all(everything))
  if (problems.dates.length > 0) throw errors.invalidDate(all(everything))
  throw errors.invalidPetitioners(all(everything))
}

/** A concurrent writer took the number between our check and our insert (SQLite unique index on matters.number). */
function isUniqueNumberError (error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, message } = error as { code?: unknown, message?: unknown }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes('matters.number')) return true
  return isUniqueNumberError((error as { cause?: unknown }).cause)
}

function withUniqueNumber<T> (number: string, write: () => T): T {
  try {
    return write()
  } catch (error) {
    if (isUniqueNumberError(error)) throw errors.matterDuplicateNumber({ number })
    throw error
  }
}

export function createMattersService (input: Omit<MattersDeps, 'deadlineRules'> & Partial<Pick<MattersDeps, 'deadlineRules'>>) {
  const deps: MattersDeps = { ...input, deadlineRules: input.deadlineRules ?? regionDeadlineRules }
  const { db, clock, workCalendar } = deps
  const writes = matterWrites(deps)
  const { today, aggregate, forWrite, finishWrite } = writes

  /** Checks the petitioners against the limits of the ruleset in force in the matter's region. */
  function validPetitioners (tx: DbOrTx, region: { path: string }, kind: PetitionerKind, input: readonly PetitionerInput[]): ValidPetitioner[] {
    const { value, problems } = validatePetitioners(kind, input, today(), effectiveRulesetForPath(tx, region.path).config.petitioners)
    if (!value) throwPetitionerProblems(problems)
    const villageIds = [...new Set(value!.map((p) => p.homeVillageRegionId).filter((v): v is number => v !== null))]
    const villages = new Map(repo.regionsByIds(tx, villageIds).map((r) => [r.id, r]))
    value!.forEach((p, i) => {
      if (p.homeVillageRegionId === null) return
      const village = villages.get(p.homeVillageRegionId)
      if (!village || village.level !== 'village') {
        throw errors.invalidHomeVillage({ errors: [{ in: 'body', field: `petitioners.${i}.homeVillageRegionId`, message: village ? '所选区划不是村（社区）' : '区划不存在' }] })
      }
    })
    return value!
  }

  function specialtyTermId (tx: DbOrTx, code: string | null | undefined, currentId: number | null): number | null {
    if (code == null) return null
    const term = repo.specialtyByCode(tx, code)
    if (!term || (!term.active && term.id !== currentId)) {
      throw errors.unknownSpecialty({ errors: [{ in: 'body', field: 'specialty', message: `“${code}”不是可选的专业类别` }] })
    }
    return term.id
  }

  function checkGroup (kind: PetitionerKind, groupName: string | null, groupSize: number | null) {
    if (kind === 'individual' && (groupName !== null || groupSize !== null)) {
      throw errors.matterInvalid({ errors: [{ in: 'body', field: groupName !== null ? 'groupName' : 'groupSize', message: '个人信访不填写群体名称和人数' }] })
    }
  }

  function assertNumberFree (tx: DbOrTx, number: string, ownId?: number) {
    const other = repo.findByNumber(tx, number)
    if (other && other.id !== ownId) throw errors.matterDuplicateNumber({ matterId: other.id })
  }

  return {
    get (actor: Actor, id: number) {
      return aggregate(db, requireMatter(db, actor, id))
    },

    /**
     * A page of matters in the actor's scope. `stage` is the latest stage accepted; `dueWithinWorkingDays` keeps the
     * matters whose stage under way is due from today up to that many working days ahead, counted on the working-day
     * calendar (with a warning for a year whose holidays are not entered).
     */
    list (actor: Actor, query: MatterListQuery) {
      const page = query.page ?? 1
      const pageSize = query.pageSize ?? 50
      const regionPath = query.regionId === undefined ? undefined : requireRegion(db, actor, query.regionId).path
      const day = today()
      const calendar = lazyCalendar(db, workCalendar)
      const dueBy = query.dueWithinWorkingDays === undefined
        ? null
        : (() => {
            const counted = countDays({ from: day, days: query.dueWithinWorkingDays, unit: 'working', calendar: calendar() })
            return { workingDays: query.dueWithinWorkingDays, date: counted.due, warnings: counted.warnings }
          })()
      const { items, total } = repo.list(db, {
        scopePath: actor.scopePath,
        regionPath,
        q: query.q,
        answeredWithoutNotice: query.answeredWithoutNotice,
        latestStage: query.stage === undefined ? undefined : { stage: query.stage, laterStages: stagesAfter(query.stage) },
        status: query.status,
        openDue: dueBy === null ? undefined : { from: day, to: dueBy.date },
        today: day,
        sort: query.sort
      }, { limit: pageSize, offset: (page - 1) * pageSize })
      return { items: loadAggregates(db, items, calendar), total, page, pageSize, today: day, dueBy }
    },

    create (actor: Actor, input: MatterInput & { number: string, title: string, regionId: number, petitionerKind: PetitionerKind, petitioners: PetitionerInput[], respondentOrganisationId: number, handling?: { acceptingBody: string, acceptedOn: string } | undefined }) {
      return writeTransaction(db, (tx) => {
        const region = requireRegion(tx, actor, input.regionId)
        requireOrganisation(tx, input.respondentOrganisationId)
        const number = input.number.trim()
        assertNumberFree(tx, number)
        const groupName = input.groupName?.trim() || null
        const groupSize = input.groupSize ?? null
        checkGroup(input.petitionerKind, groupName, groupSize)
        const petitioners = validPetitioners(tx, region, input.petitionerKind, input.petitioners)
        const termId = specialtyTermId(tx, input.specialty, null)
        const now = clock.now()
        const flags = Object.fromEntries(MATTER_FLAGS.map((f) => [f, input.flags?.[f] ?? false])) as MatterFlags
        const inserted = withUniqueNumber(number, () => repo.insert(tx, {
          number,
          title: input.title.trim(),
          summary: input.summary ?? '',
          specialtyTermId: termId,
          regionId: region.id,
          petitionerKind: input.petitionerKind,
          groupName,
          groupSize,
          respondentOrganisationId: input.respondentOrganisationId,
          ...flags,
          thirdPartySituations: input.thirdPartySituations ?? [],
          createdByUserId: actor.userId,
          createdAt: now,
          updatedAt: now
        }))
        repo.replacePetitioners(tx, inserted.id, petitioners)
        const row = repo.findById(tx, inserted.id, null)!
        if (input.handling) openStageIn(deps, writes, tx, row, { stage: 'handling', ...input.handling })
        const agg = aggregate(tx, row)
        recordAudit(tx, { actor, at: now, action: 'matter.create', entityType: 'matter', entityId: row.id, regionPath: row.regionPath, after: auditSnapshot(agg) })
        return agg
      })
    },

    update (actor: Actor, id: number, input: MatterInput & { version: number }) {
      return writeTransaction(db, (tx) => {
        const row = forWrite(tx, actor, id, input.version)
        const before = aggregate(tx, row)
        const region = input.regionId === undefined ? null : requireRegion(tx, actor, input.regionId)
        if (input.respondentOrganisationId !== undefined) requireOrganisation(tx, input.respondentOrganisationId)
        const number = input.number?.trim() ?? row.number
        if (number !== row.number) assertNumberFree(tx, number, row.id)
        const kind = input.petitionerKind ?? row.petitionerKind
        const groupName = input.groupName === undefined ? row.groupName : input.groupName?.trim() || null
        const groupSize = input.groupSize === undefined ? row.groupSize : input.groupSize
        checkGroup(kind, groupName, groupSize)
        const petitionerInput: PetitionerInput[] = input.petitioners ?? before.petitioners.map((p) => ({ ...p, agents: p.agents }))
        const petitioners = input.petitioners !== undefined || input.petitionerKind !== undefined ? validPetitioners(tx, region ?? repo.regionsByIds(tx, [row.regionId])[0]!, kind, petitionerInput) : null
        const termId = input.specialty === undefined ? row.specialtyTermId : specialtyTermId(tx, input.specialty, row.specialtyTermId)
        const flags = Object.fromEntries(MATTER_FLAGS.map((f) => [f, input.flags?.[f] ?? row[f]])) as MatterFlags
        withUniqueNumber(number, () => repo.update(tx, id, {
          number,
          title: input.title?.trim() ?? row.title,
          summary: input.summary ?? row.summary,
          specialtyTermId: termId,
          regionId: region?.id ?? row.regionId,
          petitionerKind: kind,
          groupName,
          groupSize,
          respondentOrganisationId: input.respondentOrganisationId ?? row.respondentOrganisationId,
          ...flags,
          thirdPartySituations: input.thirdPartySituations ?? row.thirdPartySituations
        }))
        if (petitioners) repo.replacePetitioners(tx, id, petitioners)
        return finishWrite(tx, actor, before, 'matter.update')
      })
    },

    ...matterStagesService(deps, writes),

    ...hearingTimeRecorders(deps),

    today
  }
}
