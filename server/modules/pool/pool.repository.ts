import { and, asc, count, desc, eq, gte, inArray, or, sql, type SQL } from 'drizzle-orm'
import {
  membersTable, memberConditionsTable, memberEmployersTable, memberRelativesTable, memberStatusHistoryTable,
  memberTrainingsTable, memberUnavailabilityTable, memberVocabularyTable, organisationsTable, poolSettingsTable,
  poolVocabularyTable, regionsTable, officerAssessmentsTable,
  type Member, type MemberRole, type NewMember, type PoolSettings, type SourceCategory,
  type UnavailabilityKind, type VocabularyKind
} from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { subtreeUpperBound } from '../../../db/scope.js'
import { ftsPhrase, likePattern, organisationNameMatches } from '../../../db/text-search.js'
import type { EffectiveStatus } from './pool.rules.js'
import type { Visibility } from './pool.access.rules.js'

const m = membersTable

// ---------------------------------------------------------------------------------------------------------------
// Settings and vocabulary

/**
 * Statements of a fixed shape prepared once per database handle (searches run a few per request; drizzle would
 * otherwise have SQLite compile them every time). Lists of ids are passed as one JSON array.
 */
const preparedCache = new WeakMap<object, Map<string, unknown>>()
function prepared<T> (db: DbOrTx, key: string, build: () => T): T {
  let byKey = preparedCache.get(db)
  if (!byKey) { byKey = new Map(); preparedCache.set(db, byKey) }
  let statement = byKey.get(key) as T | undefined
  if (statement === undefined) { statement = build(); byKey.set(key, statement) }
  return statement
}

const idsParam = (column: SQL.Aliased | typeof m.id | typeof memberVocabularyTable.memberId) => sql`${column} in (select value from json_each(${sql.placeholder('ids')}))`

export function getSettings (db: DbOrTx): PoolSettings {
  const row = prepared(db, 'settings', () => db.select().from(poolSettingsTable).where(eq(poolSettingsTable.id, 1)).prepare()).get()
  if (!row) throw new Error('pool_settings row 1 is missing; run the migrations')
  return row
}

export function updateSettings (db: DbOrTx, values: Partial<PoolSettings>) {
  return db.update(poolSettingsTable).set(values).where(eq(poolSettingsTable.id, 1)).returning().get()
}

export function listVocabulary (db: DbOrTx, kind?: VocabularyKind) {
  return db.select().from(poolVocabularyTable).where(kind ? eq(poolVocabularyTable.kind, kind) : undefined)
    .orderBy(asc(poolVocabularyTable.kind), asc(poolVocabularyTable.sortOrder), asc(poolVocabularyTable.id)).all()
}

export function findTerm (db: DbOrTx, id: number) {
  return db.select().from(poolVocabularyTable).where(eq(poolVocabularyTable.id, id)).get()
}

export function findTermByCode (db: DbOrTx, kind: VocabularyKind, code: string) {
  return db.select().from(poolVocabularyTable).where(and(eq(poolVocabularyTable.kind, kind), eq(poolVocabularyTable.code, code))).get()
}

export function findTermByLabel (db: DbOrTx, kind: VocabularyKind, label: string) {
  return db.select().from(poolVocabularyTable).where(and(eq(poolVocabularyTable.kind, kind), eq(poolVocabularyTable.label, label))).get()
}

export function insertTerm (db: DbOrTx, values: typeof poolVocabularyTable.$inferInsert) {
  return db.insert(poolVocabularyTable).values(values).returning().get()
}

export function updateTerm (db: DbOrTx, id: number, values: Partial<typeof poolVocabularyTable.$inferInsert>) {
  return db.update(poolVocabularyTable).set(values).where(eq(poolVocabularyTable.id, id)).returning().get()
}

// ---------------------------------------------------------------------------------------------------------------
// Members

const memberColumns = {
  member: m,
  regionName: regionsTable.name,
  regionPath: regionsTable.path,
  employerName: organisationsTable.name
}

export type MemberRow = { member: Member, regionName: string, regionPath: string, employerName: string | null }

function withJoins (db: DbOrTx) {
  return db.select(memberColumns).from(m)
    .innerJoin(regionsTable, eq(regionsTable.id, m.homeRegionId))
    .leftJoin(organisationsTable, eq(organisationsTable.id, m.employerOrganisationId))
}

export function findMember (db: DbOrTx, id: number): MemberRow | undefined {
  return withJoins(db).where(eq(m.id, id)).get()
}

export function findMembersByIds (db: DbOrTx, ids: readonly number[]): MemberRow[] {
  if (ids.length === 0) return []
  return prepared(db, 'membersByIds', () => withJoins(db).where(idsParam(m.id)).prepare()).all({ ids: JSON.stringify(ids) })
}

export function findIdByIdNumber (db: DbOrTx, idNumber: string) {
  return db.select({ id: m.id }).from(m).where(eq(m.idNumber, idNumber)).get()?.id
}

/** Members with these ID numbers (any region), in chunks to stay under SQLite's variable limit. */
export function findByIdNumbers (db: DbOrTx, idNumbers: readonly string[]): MemberRow[] {
  const out: MemberRow[] = []
  for (let i = 0; i < idNumbers.length; i += 500) {
    out.push(...withJoins(db).where(inArray(m.idNumber, idNumbers.slice(i, i + 500))).all())
  }
  return out
}

export function updateMember (db: DbOrTx, id: number, values: Partial<NewMember>) {
  return db.update(m).set(values).where(eq(m.id, id)).returning().get()
}

// ---------------------------------------------------------------------------------------------------------------
// Child rows

function chunked<T> (ids: readonly number[], load: (chunk: number[]) => T[]): T[] {
  const out: T[] = []
  for (let i = 0; i < ids.length; i += 500) out.push(...load(ids.slice(i, i + 500)))
  return out
}

export function termsOf (db: DbOrTx, memberIds: readonly number[]) {
  if (memberIds.length === 0) return []
  return prepared(db, 'termsOf', () => db.select({ memberId: memberVocabularyTable.memberId, term: poolVocabularyTable })
    .from(memberVocabularyTable).innerJoin(poolVocabularyTable, eq(poolVocabularyTable.id, memberVocabularyTable.termId))
    .where(idsParam(memberVocabularyTable.memberId))
    .orderBy(asc(poolVocabularyTable.sortOrder), asc(poolVocabularyTable.id)).prepare()).all({ ids: JSON.stringify(memberIds) })
}

export function conditionsOf (db: DbOrTx, memberIds: readonly number[]) {
  return chunked(memberIds, (ids) => db.select().from(memberConditionsTable).where(inArray(memberConditionsTable.memberId, ids)).all())
}

export function relativesOf (db: DbOrTx, memberIds: readonly number[]) {
  return chunked(memberIds, (ids) => db.select().from(memberRelativesTable).where(inArray(memberRelativesTable.memberId, ids)).orderBy(asc(memberRelativesTable.id)).all())
}

export function employersOf (db: DbOrTx, memberIds: readonly number[]) {
  return chunked(memberIds, (ids) => db.select({ employer: memberEmployersTable, organisationName: organisationsTable.name })
    .from(memberEmployersTable).innerJoin(organisationsTable, eq(organisationsTable.id, memberEmployersTable.organisationId))
    .where(inArray(memberEmployersTable.memberId, ids)).orderBy(asc(memberEmployersTable.id)).all())
}

export function trainingsOf (db: DbOrTx, memberId: number) {
  return db.select().from(memberTrainingsTable).where(eq(memberTrainingsTable.memberId, memberId))
    .orderBy(desc(memberTrainingsTable.trainedOn), desc(memberTrainingsTable.id)).all()
}

export function findTraining (db: DbOrTx, memberId: number, id: number) {
  return db.select().from(memberTrainingsTable).where(and(eq(memberTrainingsTable.id, id), eq(memberTrainingsTable.memberId, memberId))).get()
}

export function insertTraining (db: DbOrTx, values: typeof memberTrainingsTable.$inferInsert) {
  const row = db.insert(memberTrainingsTable).values(values).returning().get()
  refreshLastTraining(db, values.memberId)
  return row
}

export function deleteTraining (db: DbOrTx, memberId: number, id: number) {
  db.delete(memberTrainingsTable).where(and(eq(memberTrainingsTable.id, id), eq(memberTrainingsTable.memberId, memberId))).run()
  refreshLastTraining(db, memberId)
}

/** Keeps members.last_training_on equal to the latest training date (the trained-host filter reads it). */
function refreshLastTraining (db: DbOrTx, memberId: number) {
  db.update(m).set({
    lastTrainingOn: sql`(select max(${memberTrainingsTable.trainedOn}) from ${memberTrainingsTable} where ${memberTrainingsTable.memberId} = ${memberId})`
  }).where(eq(m.id, memberId)).run()
}

export function unavailabilityOf (db: DbOrTx, memberId: number) {
  return db.select().from(memberUnavailabilityTable).where(eq(memberUnavailabilityTable.memberId, memberId))
    .orderBy(asc(memberUnavailabilityTable.startsAt), asc(memberUnavailabilityTable.id)).all()
}

export function findUnavailability (db: DbOrTx, memberId: number, id: number) {
  return db.select().from(memberUnavailabilityTable).where(and(eq(memberUnavailabilityTable.id, id), eq(memberUnavailabilityTable.memberId, memberId))).get()
}

export function insertUnavailability (db: DbOrTx, values: { memberId: number, startsAt: Date, endsAt: Date, kind: UnavailabilityKind, note: string | null, createdAt: Date }) {
  return db.insert(memberUnavailabilityTable).values(values).returning().get()
}

export function deleteUnavailability (db: DbOrTx, memberId: number, id: number) {
  db.delete(memberUnavailabilityTable).where(and(eq(memberUnavailabilityTable.id, id), eq(memberUnavailabilityTable.memberId, memberId))).run()
}

export function historyOf (db: DbOrTx, memberId: number) {
  return db.select().from(memberStatusHistoryTable).where(eq(memberStatusHistoryTable.memberId, memberId))
    .orderBy(asc(memberStatusHistoryTable.at), asc(memberStatusHistoryTable.id)).all()
}

// ---------------------------------------------------------------------------------------------------------------
// Search

/** SQL twin of `effectiveStatus` in pool.rules.ts. */
export function effectiveStatusCondition (status: EffectiveStatus, today: string): SQL {
  const withinTerm = sql`${m.termEnd} >= ${today}`
  const suspensionOver = sql`(${m.suspendedUntil} is not null and ${m.suspendedUntil} < ${today})`
  switch (status) {
    case 'candidate': return sql`${m.status} = 'candidate'`
    case 'removed': return sql`${m.status} = 'removed'`
    case 'expired': return sql`(${m.status} in ('active', 'suspended') and (${m.termEnd} is null or ${m.termEnd} < ${today}))`
    case 'active': return sql`(${m.status} in ('active', 'suspended') and ${withinTerm} and (${m.status} = 'active' or ${suspensionOver}))`
    case 'suspended': return sql`(${m.status} = 'suspended' and ${withinTerm} and not ${suspensionOver})`
  }
}

export function inRegionSubtree (path: string): SQL {
  return sql`${m.homeRegionId} in (select ${regionsTable.id} from ${regionsTable} where ${regionsTable.path} >= ${path} and ${regionsTable.path} < ${subtreeUpperBound(path)})`
}

/** Members shared across regions: literal `= 1` so SQLite can use the partial index members_shared_idx. */
const SHARED = sql`(${m.consentCrossRegion} = 1 and ${m.status} <> 'removed')`

/**
 * The visibility rule as disjoint branches: searching each branch separately and adding them up keeps both on a
 * covering index, where one OR would make SQLite scan and look up rows.
 */
function visibilityBranches ({ ownPath, shared }: Visibility, sharedFromOtherRegion?: boolean): { where: SQL | undefined, narrowed: boolean }[] {
  // nobody is "shared from another region" for a caller who sees the whole city, or who sees no shared members
  const none = [{ where: sql`0 = 1`, narrowed: true }]
  if (ownPath === null) return sharedFromOtherRegion === true ? none : [{ where: undefined, narrowed: false }]
  const own = inRegionSubtree(ownPath)
  const ownBranch = { where: own, narrowed: true }
  if (!shared) return sharedFromOtherRegion === true ? none : [ownBranch]
  const sharedBranch = { where: and(SHARED, sql`not ${own}`), narrowed: false }
  if (sharedFromOtherRegion === true) return [sharedBranch]
  if (sharedFromOtherRegion === false) return [ownBranch]
  return [ownBranch, sharedBranch]
}

const ROLE_COLUMN = { officer: m.roleOfficer, host: m.roleHost, recorder: m.roleRecorder, third_party: m.roleThirdParty } as const

export type MemberFilter = {
  visibility: Visibility
  today: string
  regionPath?: string | undefined
  role?: MemberRole | undefined
  sourceCategory?: SourceCategory | undefined
  termIds?: number[] | undefined
  status?: EffectiveStatus | undefined
  termEndingUntil?: string | undefined
  /** trained-host filter: true/false against training on or after `trainingCutoff` */
  trainedHost?: boolean | undefined
  trainingCutoff: string
  consentCrossRegion?: boolean | undefined
  /** true: only the members of other regions the visibility shares; false: only the caller's own subtree */
  sharedFromOtherRegion?: boolean | undefined
  /** members with an assessment average (over all their assessments) below this */
  assessmentBelow?: number | undefined
  q?: string | undefined
}

export type MemberSort = 'name' | 'termEnd' | 'createdAt' | 'updatedAt' | 'id'

/** Employers whose name or alias contains `q` (organisations are few; the list is resolved before the member query). */
function organisationIdsMatching (db: DbOrTx, q: string): number[] {
  return db.select({ id: organisationsTable.id }).from(organisationsTable).where(organisationNameMatches(organisationsTable.id, q)).all().map((r) => r.id)
}

function textCondition (db: DbOrTx, q: string): SQL {
  const trimmed = q.trim()
  if (/^\d{17}[\dXx]$/.test(trimmed)) return eq(m.idNumber, trimmed.toUpperCase())
  if (/^1\d{10}$/.test(trimmed)) return eq(m.mobile, trimmed)
  // trigram full-text needs three characters; Chinese names are often two, so shorter queries scan the name index
  const byName = [...trimmed].length >= 3
    ? sql`${m.id} in (select rowid from members_fts where members_fts match ${ftsPhrase(trimmed)})`
    : sql`${m.name} like ${likePattern(trimmed)} escape '\\'`
  const orgIds = organisationIdsMatching(db, trimmed)
  return orgIds.length === 0 ? byName : or(byName, inArray(m.employerOrganisationId, orgIds))!
}

const oa = officerAssessmentsTable
/** Members whose assessments average (every score of every assessment alike) below `value`. */
const assessmentBelow = (value: number) => sql`${m.id} in (select ${oa.memberId} from ${oa} group by ${oa.memberId} having avg((${oa.attendance} + ${oa.preparation} + ${oa.impartiality} + ${oa.conduct}) / 4.0) < ${value})`

/**
 * The filter conditions. `narrowed` says a region restriction already picks few rows: the vocabulary filter is then a
 * per-row EXISTS, otherwise an IN list that SQLite may drive the search from.
 */
function filterConditions (db: DbOrTx, f: MemberFilter, narrowed: boolean): SQL | undefined {
  const vocabulary = (f.termIds ?? []).map((termId) => narrowed
    ? sql`exists (select 1 from ${memberVocabularyTable} where ${memberVocabularyTable.memberId} = ${m.id} and ${memberVocabularyTable.termId} = ${termId})`
    : sql`${m.id} in (select ${memberVocabularyTable.memberId} from ${memberVocabularyTable} where ${memberVocabularyTable.termId} = ${termId})`)
  return and(
    f.regionPath !== undefined ? inRegionSubtree(f.regionPath) : undefined,
    f.role !== undefined ? sql`${ROLE_COLUMN[f.role]} = 1` : undefined,
    f.sourceCategory !== undefined ? eq(m.sourceCategory, f.sourceCategory) : undefined,
    ...vocabulary,
    f.status !== undefined ? effectiveStatusCondition(f.status, f.today) : undefined,
    f.termEndingUntil !== undefined
      ? sql`(${m.status} in ('active', 'suspended') and ${m.termEnd} >= ${f.today} and ${m.termEnd} <= ${f.termEndingUntil})`
      : undefined,
    f.trainedHost === true
      ? sql`(${m.roleHost} = 1 and ${m.lastTrainingOn} >= ${f.trainingCutoff})`
      : f.trainedHost === false ? sql`not (${m.roleHost} = 1 and coalesce(${m.lastTrainingOn} >= ${f.trainingCutoff}, 0))` : undefined,
    f.consentCrossRegion !== undefined ? sql`${m.consentCrossRegion} = ${f.consentCrossRegion ? 1 : 0}` : undefined,
    f.assessmentBelow !== undefined ? assessmentBelow(f.assessmentBelow) : undefined,
    f.q !== undefined && f.q.trim() !== '' ? textCondition(db, f.q) : undefined
  )
}

/**
 * One page of members and the total. Text, vocabulary and shared-visibility searches produce few rows or need a sort
 * anyway: one pass returns the page with `count(*) over ()`. Plain filters count on the covering index first and
 * then let SQLite walk the sort index and stop after the page. Either way the page's rows are then loaded by id.
 */
export function searchMembers (db: DbOrTx, f: MemberFilter, { sort, order, limit, offset }: { sort: MemberSort, order: 'asc' | 'desc', limit: number, offset: number }) {
  const branches = branchConditions(db, f)
  const column = sql.identifier(SORT_COLUMNS[sort])
  const dir = order === 'desc' ? sql`desc` : sql`asc`
  const nullsLast = sort === 'termEnd' ? sql`k is null, ` : sql``
  const source = sql.join(branches.map((where) => sql`select ${m.id} as id, ${column} as k from ${m}${where ? sql` where ${where}` : sql``}`), sql` union all `)
  const page = sql`order by ${nullsLast}k ${dir}, id ${dir} limit ${limit} offset ${offset}`
  const onePass = branches.length > 1 || (f.q !== undefined && f.q.trim() !== '') || (f.termIds ?? []).length > 0
  let total: number
  let rows: { id: number }[]
  if (onePass) {
    const counted = db.all<{ id: number, total: number }>(sql`select id, count(*) over () as total from (${source}) ${page}`)
    rows = counted
    total = counted[0]?.total ?? (offset > 0 ? db.get<{ n: number }>(sql`select count(*) as n from (${source})`)?.n ?? 0 : 0)
  } else {
    total = db.get<{ n: number }>(sql`select count(*) as n from ${m}${branches[0] ? sql` where ${branches[0]}` : sql``}`)?.n ?? 0
    rows = total === 0 || offset >= total ? [] : db.all<{ id: number }>(sql`select id from (${source}) ${page}`)
  }
  const byId = new Map(findMembersByIds(db, rows.map((r) => r.id)).map((r) => [r.member.id, r]))
  return { items: rows.map((r) => byId.get(r.id)).filter((r): r is MemberRow => r !== undefined), total }
}

const SORT_COLUMNS: Record<MemberSort, string> = { name: 'name', termEnd: 'term_end', createdAt: 'created_at', updatedAt: 'updated_at', id: 'id' }

function branchConditions (db: DbOrTx, f: MemberFilter) {
  return visibilityBranches(f.visibility, f.sharedFromOtherRegion).map((b) => and(b.where, filterConditions(db, f, b.narrowed || f.regionPath !== undefined)))
}

export function countMembers (db: DbOrTx, f: MemberFilter) {
  let total = 0
  for (const where of branchConditions(db, f)) total += db.select({ n: count() }).from(m).where(where).get()?.n ?? 0
  return total
}

// ---------------------------------------------------------------------------------------------------------------
// Host coverage

export function villagesIn (db: DbOrTx, path: string) {
  return db.select().from(regionsTable).where(and(
    eq(regionsTable.level, 'village'),
    gte(regionsTable.path, path),
    sql`${regionsTable.path} < ${subtreeUpperBound(path)}`
  )).orderBy(asc(regionsTable.path)).all()
}

/** Active trained hosts per home region within the subtree at `path`. */
export function trainedHostCounts (db: DbOrTx, { path, today, trainingCutoff }: { path: string, today: string, trainingCutoff: string }) {
  return db.select({ regionId: m.homeRegionId, n: count() }).from(m).where(and(
    inRegionSubtree(path),
    eq(m.roleHost, true),
    gte(m.lastTrainingOn, trainingCutoff),
    effectiveStatusCondition('active', today)
  )).groupBy(m.homeRegionId).all()
}

export function regionsByIds (db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return []
  return db.select().from(regionsTable).where(inArray(regionsTable.id, [...ids])).all()
}

export function allRegions (db: DbOrTx) {
  return db.select().from(regionsTable).all()
}
