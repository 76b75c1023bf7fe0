import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import {
  mattersTable, matterPetitionersTable, matterAgentsTable, matterStagesTable, matterHearingPausesTable,
  matterHearingNotificationsTable, regionsTable, organisationsTable, poolVocabularyTable, caseAssignmentsTable,
  caseTeamMembersTable, caseTeamsTable,
  type Matter, type MatterStage, type NewMatter, type MatterStageRow
} from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { inSubtree } from '../../../db/scope.js'

export type MatterRow = Matter & { regionName: string, regionPath: string, respondentName: string, specialtyCode: string | null, specialtyLabel: string | null }

const rowColumns = {
  matter: mattersTable,
  regionName: regionsTable.name,
  regionPath: regionsTable.path,
  respondentName: organisationsTable.name,
  specialtyCode: poolVocabularyTable.code,
  specialtyLabel: poolVocabularyTable.label
}

function flatten (r: { matter: Matter, regionName: string, regionPath: string, respondentName: string, specialtyCode: string | null, specialtyLabel: string | null }): MatterRow {
  return { ...r.matter, regionName: r.regionName, regionPath: r.regionPath, respondentName: r.respondentName, specialtyCode: r.specialtyCode, specialtyLabel: r.specialtyLabel }
}

function selectRows (db: DbOrTx) {
  return db.select(rowColumns).from(mattersTable)
    .innerJoin(regionsTable, eq(regionsTable.id, mattersTable.regionId))
    .innerJoin(organisationsTable, eq(organisationsTable.id, mattersTable.respondentOrganisationId))
    .leftJoin(poolVocabularyTable, eq(poolVocabularyTable.id, mattersTable.specialtyTermId))
}

/** The matter if it lies in the subtree `scopePath` (null: anywhere). */
export function findById (db: DbOrTx, id: number, scopePath: string | null): MatterRow | undefined {
  const row = selectRows(db).where(and(eq(mattersTable.id, id), inSubtree(regionsTable.path, scopePath))).get()
  return row ? flatten(row) : undefined
}

export function findByNumber (db: DbOrTx, number: string) {
  return db.select().from(mattersTable).where(eq(mattersTable.number, number)).get()
}

export type MatterListFilter = {
  scopePath: string | null
  regionPath?: string | undefined
  q?: string | undefined
  answeredWithoutNotice?: boolean | undefined
  /** The latest stage accepted is `stage`: it exists and none of `laterStages` does. */
  latestStage?: { stage: MatterStage, laterStages: readonly MatterStage[] } | undefined
  status?: 'not_accepted' | 'open' | 'overdue' | 'decided' | undefined
  /** A stage under way is due from `from` to `to` (inclusive). */
  openDue?: { from: string, to: string } | undefined
  today: string
  sort?: 'newest' | 'due' | undefined
}

const escapeLike = (q: string) => `%${q.replace(/[%_\\]/g, (c) => '\\' + c)}%`

function listWhere (f: MatterListFilter): SQL | undefined {
  return and(
    inSubtree(regionsTable.path, f.scopePath),
    f.regionPath !== undefined ? inSubtree(regionsTable.path, f.regionPath) : undefined,
    f.q !== undefined ? or(sql`${mattersTable.number} like ${escapeLike(f.q)} escape '\\'`, sql`${mattersTable.title} like ${escapeLike(f.q)} escape '\\'`) : undefined,
    f.answeredWithoutNotice === undefined
      ? undefined
      : f.answeredWithoutNotice
        ? sql`exists (select 1 from ${matterStagesTable} s where s.matter_id = ${mattersTable.id} and s.answered_without_notice = 1)`
        : sql`not exists (select 1 from ${matterStagesTable} s where s.matter_id = ${mattersTable.id} and s.answered_without_notice = 1)`,
    f.latestStage === undefined ? undefined : latestStageIs(f.latestStage.stage, f.latestStage.laterStages),
    f.status === undefined ? undefined : statusIs(f.status, f.today),
    f.openDue === undefined
      ? undefined
      : sql`exists (select 1 from ${matterStagesTable} s where s.matter_id = ${mattersTable.id} and s.decided_on is null and s.due_on >= ${f.openDue.from} and s.due_on <= ${f.openDue.to})`
  )
}

function latestStageIs (stage: MatterStage, later: readonly MatterStage[]): SQL {
  const has = sql`exists (select 1 from ${matterStagesTable} s where s.matter_id = ${mattersTable.id} and s.stage = ${stage})`
  if (later.length === 0) return has
  return sql`(${has} and not exists (select 1 from ${matterStagesTable} s where s.matter_id = ${mattersTable.id} and s.stage in (${sql.join(later.map((l) => sql`${l}`), sql`, `)})))`
}

const anyStage = sql`exists (select 1 from ${matterStagesTable} s where s.matter_id = ${mattersTable.id})`
const openStage = sql`exists (select 1 from ${matterStagesTable} s where s.matter_id = ${mattersTable.id} and s.decided_on is null)`

/** The same statuses as matterStatusOf (matters.rules.ts), in SQL. */
function statusIs (status: NonNullable<MatterListFilter['status']>, today: string): SQL {
  switch (status) {
    case 'not_accepted': return sql`not ${anyStage}`
    case 'decided': return sql`(${anyStage} and not ${openStage})`
    case 'open': return sql`exists (select 1 from ${matterStagesTable} s where s.matter_id = ${mattersTable.id} and s.decided_on is null and s.due_on >= ${today})`
    case 'overdue': return sql`exists (select 1 from ${matterStagesTable} s where s.matter_id = ${mattersTable.id} and s.decided_on is null and s.due_on < ${today})`
  }
}

const openDueOn = sql`(select min(s.due_on) from ${matterStagesTable} s where s.matter_id = ${mattersTable.id} and s.decided_on is null)`

export function list (db: DbOrTx, f: MatterListFilter, { limit, offset }: { limit: number, offset: number }) {
  const where = listWhere(f)
  const order = f.sort === 'due'
    ? [sql`${openDueOn} asc nulls last`, desc(mattersTable.createdAt), desc(mattersTable.id)]
    : [desc(mattersTable.createdAt), desc(mattersTable.id)]
  const items = selectRows(db).where(where).orderBy(...order).limit(limit).offset(offset).all().map(flatten)
  const total = db.select({ n: count() }).from(mattersTable).innerJoin(regionsTable, eq(regionsTable.id, mattersTable.regionId)).where(where).get()?.n ?? 0
  return { items, total }
}

export function insert (db: DbOrTx, values: NewMatter) {
  return db.insert(mattersTable).values(values).returning().get()
}

export function update (db: DbOrTx, id: number, values: Partial<NewMatter>) {
  return db.update(mattersTable).set(values).where(eq(mattersTable.id, id)).returning().get()
}

/** Bumps the version only when it is still `expected`; false when someone else changed the matter meanwhile. */
export function bumpVersion (db: DbOrTx, id: number, expected: number, at: Date) {
  const res = db.update(mattersTable).set({ version: expected + 1, updatedAt: at })
    .where(and(eq(mattersTable.id, id), eq(mattersTable.version, expected))).run()
  return res.changes === 1
}

// ---------------------------------------------------------------------------------------------------------------
// Petitioners and agents

export function petitionersOf (db: DbOrTx, matterIds: readonly number[]) {
  if (matterIds.length === 0) return []
  return db.select().from(matterPetitionersTable).where(inArray(matterPetitionersTable.matterId, [...matterIds]))
    .orderBy(asc(matterPetitionersTable.matterId), asc(matterPetitionersTable.position)).all()
}

export function agentsOf (db: DbOrTx, petitionerIds: readonly number[]) {
  if (petitionerIds.length === 0) return []
  return db.select().from(matterAgentsTable).where(inArray(matterAgentsTable.petitionerId, [...petitionerIds]))
    .orderBy(asc(matterAgentsTable.petitionerId), asc(matterAgentsTable.position)).all()
}

export type PetitionerValues = {
  name: string
  idNumber: string
  mobile: string | null
  address: string | null
  homeVillageRegionId: number | null
  agents: { name: string, idNumber: string, phone: string | null, powerOfAttorneyNote: string, powerOfAttorneyDate: string }[]
}

/**
 * Replaces a matter's petitioners and agents. A petitioner whose ID number was already on the matter keeps its id,
 * so references to it (cooling-off, hearing attendance) survive an edit.
 */
export function replacePetitioners (db: DbOrTx, matterId: number, petitioners: readonly PetitionerValues[]) {
  const existing = petitionersOf(db, [matterId])
  const idByNumber = new Map(existing.map((p) => [p.idNumber, p.id]))
  const keep = new Set<number>()
  petitioners.forEach((p, position) => {
    const values = { matterId, position, name: p.name, idNumber: p.idNumber, mobile: p.mobile, address: p.address, homeVillageRegionId: p.homeVillageRegionId }
    const id = idByNumber.get(p.idNumber)
    let petitionerId: number
    if (id !== undefined) {
      db.update(matterPetitionersTable).set(values).where(eq(matterPetitionersTable.id, id)).run()
      db.delete(matterAgentsTable).where(eq(matterAgentsTable.petitionerId, id)).run()
      petitionerId = id
      keep.add(id)
    } else {
      petitionerId = db.insert(matterPetitionersTable).values(values).returning({ id: matterPetitionersTable.id }).get().id
    }
    if (p.agents.length > 0) {
      db.insert(matterAgentsTable).values(p.agents.map((a, i) => ({ ...a, petitionerId, position: i }))).run()
    }
  })
  const drop = existing.filter((p) => !keep.has(p.id)).map((p) => p.id)
  if (drop.length > 0) db.delete(matterPetitionersTable).where(inArray(matterPetitionersTable.id, drop)).run()
}

// ---------------------------------------------------------------------------------------------------------------
// Stages, pauses, notifications

export function stagesOf (db: DbOrTx, matterIds: readonly number[]) {
  if (matterIds.length === 0) return []
  return db.select().from(matterStagesTable).where(inArray(matterStagesTable.matterId, [...matterIds]))
    .orderBy(asc(matterStagesTable.matterId), asc(matterStagesTable.id)).all()
}

export function stagesById (db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return []
  return db.select().from(matterStagesTable).where(inArray(matterStagesTable.id, [...ids])).all()
}

export function findStage (db: DbOrTx, matterId: number, stage: MatterStage) {
  return db.select().from(matterStagesTable).where(and(eq(matterStagesTable.matterId, matterId), eq(matterStagesTable.stage, stage))).get()
}

export function insertStage (db: DbOrTx, values: typeof matterStagesTable.$inferInsert) {
  return db.insert(matterStagesTable).values(values).returning().get()
}

export function updateStage (db: DbOrTx, id: number, values: Partial<typeof matterStagesTable.$inferInsert>) {
  return db.update(matterStagesTable).set(values).where(eq(matterStagesTable.id, id)).returning().get()
}

/**
 * Stages whose limit (or extension) counts working days and whose period, from the day after acceptance to the due
 * date, reaches into [from, to]: a change of the working-day calendar there may move their due date.
 */
export function workingDayStagesTouching (db: DbOrTx, { from, to }: { from: string, to: string }) {
  return db.select().from(matterStagesTable)
    .where(and(
      or(eq(matterStagesTable.dayUnit, 'working'), and(isNotNull(matterStagesTable.extensionDays), eq(matterStagesTable.extensionUnit, 'working'))),
      lt(matterStagesTable.acceptedOn, to),
      gte(matterStagesTable.dueOn, from)
    ))
    .orderBy(asc(matterStagesTable.matterId), asc(matterStagesTable.id)).all()
}

export function pausesOf (db: DbOrTx, matterIds: readonly number[]) {
  if (matterIds.length === 0) return []
  return db.select().from(matterHearingPausesTable).where(inArray(matterHearingPausesTable.matterId, [...matterIds]))
    .orderBy(asc(matterHearingPausesTable.fromOn), asc(matterHearingPausesTable.id)).all()
}

export function insertPause (db: DbOrTx, values: typeof matterHearingPausesTable.$inferInsert) {
  return db.insert(matterHearingPausesTable).values(values).returning().get()
}

export function deletePausesOfHearing (db: DbOrTx, matterId: number, hearingId: number) {
  return db.delete(matterHearingPausesTable)
    .where(and(eq(matterHearingPausesTable.matterId, matterId), eq(matterHearingPausesTable.hearingId, hearingId))).returning().all()
}

export function notificationsOf (db: DbOrTx, matterIds: readonly number[]) {
  if (matterIds.length === 0) return []
  return db.select().from(matterHearingNotificationsTable).where(inArray(matterHearingNotificationsTable.matterId, [...matterIds]))
    .orderBy(asc(matterHearingNotificationsTable.notifiedOn), asc(matterHearingNotificationsTable.id)).all()
}

export function insertNotification (db: DbOrTx, values: typeof matterHearingNotificationsTable.$inferInsert) {
  return db.insert(matterHearingNotificationsTable).values(values).returning().get()
}

/** Current case handlers (承办人) of the given stages. */
export function handlersOf (db: DbOrTx, stageIds: readonly number[]) {
  if (stageIds.length === 0) return []
  return db.select({
    stageId: caseAssignmentsTable.stageId,
    teamId: caseAssignmentsTable.teamId,
    teamName: caseTeamsTable.name,
    teamMemberId: caseAssignmentsTable.teamMemberId,
    userId: caseTeamMembersTable.userId,
    name: caseTeamMembersTable.name,
    method: caseAssignmentsTable.method,
    assignedAt: caseAssignmentsTable.assignedAt
  }).from(caseAssignmentsTable)
    .innerJoin(caseTeamMembersTable, eq(caseTeamMembersTable.id, caseAssignmentsTable.teamMemberId))
    .innerJoin(caseTeamsTable, eq(caseTeamsTable.id, caseAssignmentsTable.teamId))
    .where(and(inArray(caseAssignmentsTable.stageId, [...stageIds]), eq(caseAssignmentsTable.current, true))).all()
}

// ---------------------------------------------------------------------------------------------------------------
// Views

export type DeadlineRow = { stage: MatterStageRow, matterId: number, number: string, title: string, regionId: number, regionName: string }

/** Stages with their matter's number, title and region, for the deadline views. */
function stageRows (db: DbOrTx) {
  return db.select({
    stage: matterStagesTable,
    matterId: mattersTable.id,
    number: mattersTable.number,
    title: mattersTable.title,
    regionId: regionsTable.id,
    regionName: regionsTable.name
  }).from(matterStagesTable)
    .innerJoin(mattersTable, eq(mattersTable.id, matterStagesTable.matterId))
    .innerJoin(regionsTable, eq(regionsTable.id, mattersTable.regionId))
}

/** Undecided stages due on or before `dueBy`, in the subtree(s), most urgent first. */
export function openStagesDueBy (db: DbOrTx, { scopePath, regionPath, dueBy }: { scopePath: string | null, regionPath: string | undefined, dueBy: string }): DeadlineRow[] {
  return stageRows(db)
    .where(and(
      isNull(matterStagesTable.decidedOn),
      lte(matterStagesTable.dueOn, dueBy),
      inSubtree(regionsTable.path, scopePath),
      regionPath !== undefined ? inSubtree(regionsTable.path, regionPath) : undefined
    ))
    .orderBy(asc(matterStagesTable.dueOn), asc(mattersTable.number)).all()
}

/** Decided stages flagged as answered without a hearing-rights notification, newest decision first. */
export function stagesAnsweredWithoutNotice (db: DbOrTx, { scopePath, regionPath }: { scopePath: string | null, regionPath: string | undefined }): DeadlineRow[] {
  return stageRows(db)
    .where(and(
      eq(matterStagesTable.answeredWithoutNotice, true),
      inSubtree(regionsTable.path, scopePath),
      regionPath !== undefined ? inSubtree(regionsTable.path, regionPath) : undefined
    ))
    .orderBy(desc(matterStagesTable.decidedOn), asc(mattersTable.number)).all()
}

export function specialtyByCode (db: DbOrTx, code: string) {
  return db.select().from(poolVocabularyTable).where(and(eq(poolVocabularyTable.kind, 'specialty'), eq(poolVocabularyTable.code, code))).get()
}

export function regionsByIds (db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return []
  return db.select().from(regionsTable).where(inArray(regionsTable.id, [...ids])).all()
}
