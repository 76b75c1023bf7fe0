import { and, asc, count, eq, inArray } from 'drizzle-orm'
import {
  organisationsTable, organisationAliasesTable, regionsTable, membersTable, memberEmployersTable,
  type AliasKind, type NewOrganisation, type Organisation, type OrganisationKind
} from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { inSubtree } from '../../../db/scope.js'
import { organisationNameMatches } from '../../../db/text-search.js'
import { organisationNameKey } from './organisations.rules.js'

export type OrganisationRow = Organisation & { regionName: string | null, regionPath: string | null }
export type AliasInput = { alias: string, kind: AliasKind }

const columns = { org: organisationsTable, regionName: regionsTable.name, regionPath: regionsTable.path }

function flatten (r: { org: Organisation, regionName: string | null, regionPath: string | null }): OrganisationRow {
  return { ...r.org, regionName: r.regionName, regionPath: r.regionPath }
}

export function findById (db: DbOrTx, id: number): OrganisationRow | undefined {
  const row = db.select(columns).from(organisationsTable).leftJoin(regionsTable, eq(regionsTable.id, organisationsTable.regionId))
    .where(eq(organisationsTable.id, id)).get()
  return row ? flatten(row) : undefined
}

export function findByIds (db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return []
  return db.select().from(organisationsTable).where(inArray(organisationsTable.id, [...ids])).all()
}

export function aliasesOf (db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return []
  return db.select().from(organisationAliasesTable).where(inArray(organisationAliasesTable.organisationId, [...ids]))
    .orderBy(asc(organisationAliasesTable.id)).all()
}

export function list (db: DbOrTx, { q, regionPath, kind, page, pageSize }: {
  q?: string | undefined, regionPath?: string | undefined, kind?: OrganisationKind | undefined, page: number, pageSize: number
}) {
  const where = and(
    q !== undefined ? organisationNameMatches(organisationsTable.id, q) : undefined,
    regionPath !== undefined ? inSubtree(regionsTable.path, regionPath) : undefined,
    kind !== undefined ? eq(organisationsTable.kind, kind) : undefined
  )
  const items = db.select(columns).from(organisationsTable).leftJoin(regionsTable, eq(regionsTable.id, organisationsTable.regionId))
    .where(where).orderBy(asc(organisationsTable.name), asc(organisationsTable.id)).limit(pageSize).offset((page - 1) * pageSize).all()
  const total = db.select({ n: count() }).from(organisationsTable).leftJoin(regionsTable, eq(regionsTable.id, organisationsTable.regionId))
    .where(where).get()?.n ?? 0
  return { items: items.map(flatten), total }
}

export function findByNameKey (db: DbOrTx, nameKey: string) {
  return db.select().from(organisationsTable).where(eq(organisationsTable.nameKey, nameKey)).get()
}

function idsWithKeys (db: DbOrTx, keys: readonly string[]): number[] {
  if (keys.length === 0) return []
  const byName = db.select({ id: organisationsTable.id }).from(organisationsTable).where(inArray(organisationsTable.nameKey, [...keys])).all()
  const byAlias = db.selectDistinct({ id: organisationAliasesTable.organisationId }).from(organisationAliasesTable)
    .where(inArray(organisationAliasesTable.aliasKey, [...keys])).all()
  return [...new Set([...byName, ...byAlias].map((r) => r.id))].sort((a, b) => a - b)
}

/**
 * The organisations equivalent to `ids` by name or alias, `ids` included: the closure of "a name or alias of one is a
 * name or alias of the other". Recusal compares a member's employers with a respondent agency through this.
 */
export function equivalentOrganisationIds (db: DbOrTx, ids: readonly number[]): number[] {
  const found = new Set(ids)
  let frontier = [...found]
  for (let round = 0; round < 10 && frontier.length > 0; round++) {
    const keys = new Set<string>()
    for (const org of findByIds(db, frontier)) keys.add(org.nameKey)
    for (const alias of aliasesOf(db, frontier)) keys.add(alias.aliasKey)
    frontier = idsWithKeys(db, [...keys]).filter((id) => !found.has(id))
    for (const id of frontier) found.add(id)
  }
  return [...found].sort((a, b) => a - b)
}

export function insert (db: DbOrTx, values: NewOrganisation) {
  return db.insert(organisationsTable).values(values).returning().get()
}

export function update (db: DbOrTx, id: number, values: Partial<NewOrganisation>) {
  return db.update(organisationsTable).set(values).where(eq(organisationsTable.id, id)).returning().get()
}

export function replaceAliases (db: DbOrTx, organisationId: number, aliases: readonly AliasInput[]) {
  db.delete(organisationAliasesTable).where(eq(organisationAliasesTable.organisationId, organisationId)).run()
  if (aliases.length === 0) return
  db.insert(organisationAliasesTable).values(aliases.map((a) => ({
    organisationId, alias: a.alias, aliasKey: organisationNameKey(a.alias), kind: a.kind
  }))).run()
}

/** How many member rows name the organisation as current or declared employer. */
export function countReferences (db: DbOrTx, id: number) {
  const employer = db.select({ n: count() }).from(membersTable).where(eq(membersTable.employerOrganisationId, id)).get()?.n ?? 0
  const declared = db.select({ n: count() }).from(memberEmployersTable).where(eq(memberEmployersTable.organisationId, id)).get()?.n ?? 0
  return employer + declared
}

export function remove (db: DbOrTx, id: number) {
  db.delete(organisationsTable).where(eq(organisationsTable.id, id)).run()
}

/** Name keys and alias keys of every organisation, for resolving many names at once (import). */
export function allKeys (db: DbOrTx) {
  const names = db.select({ id: organisationsTable.id, key: organisationsTable.nameKey }).from(organisationsTable).all()
  const aliases = db.select({ id: organisationAliasesTable.organisationId, key: organisationAliasesTable.aliasKey }).from(organisationAliasesTable).all()
  return [...names, ...aliases]
}
