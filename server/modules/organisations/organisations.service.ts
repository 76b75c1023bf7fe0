import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { AliasKind, OrganisationKind } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import { pathInScope, systemActor, type Actor } from '../../common/actor.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { requireRegion } from '../regions/regions.service.js'
import * as orgs from './organisations.repository.js'
import { organisationNameKey } from './organisations.rules.js'
import { isForeignKeyError } from '../../common/sqlite-errors.js'
import {
  organisationDuplicateName, organisationInUse, organisationInvalidAlias, organisationNotEditable, organisationNotFound
} from './organisations.errors.js'

export type OrganisationInput = {
  name: string
  kind?: OrganisationKind | null | undefined
  regionId?: number | null | undefined
  note?: string | null | undefined
  aliases?: { alias: string, kind: AliasKind }[] | undefined
}

/** The organisation or 404; organisations are readable by every signed-in user. */
export function requireOrganisation (db: DbOrTx, id: number) {
  const org = orgs.findById(db, id)
  if (!org) throw organisationNotFound({ organisationId: id })
  return org
}

function cleanAliases (name: string, aliases: readonly { alias: string, kind: AliasKind }[]) {
  const nameKey = organisationNameKey(name)
  const seen = new Set<string>()
  const out: { alias: string, kind: AliasKind }[] = []
  aliases.forEach((a, i) => {
    const alias = a.alias.trim()
    const key = organisationNameKey(alias)
    if (key === '' || key === nameKey) throw organisationInvalidAlias({ errors: [{ in: 'body', field: `aliases.${i}.alias`, message: '别名不能为空，也不能与单位名称相同' }] })
    if (seen.has(key)) return
    seen.add(key)
    out.push({ alias, kind: a.kind })
  })
  return out
}

function assertNameFree (tx: DbOrTx, name: string, ownId?: number) {
  const other = orgs.findByNameKey(tx, organisationNameKey(name))
  if (other && other.id !== ownId) throw organisationDuplicateName({ organisationId: other.id })
}

/** Region of a new organisation: the one given, else a coordinator's own region, else none (city-wide). */
function regionFor (tx: DbOrTx, actor: Actor, regionId: number | null | undefined) {
  if (regionId != null) return requireRegion(tx, actor, regionId)
  if (actor.scopePath !== null && actor.regionId !== null) return requireRegion(tx, actor, actor.regionId)
  return null
}

/**
 * Creates an organisation inside an open transaction (used by the API and by the member import) and audits it.
 */
export function insertOrganisation (tx: DbOrTx, { actor, now, input }: { actor: Actor, now: Date, input: OrganisationInput }) {
  const name = input.name.trim()
  assertNameFree(tx, name)
  const region = regionFor(tx, actor, input.regionId)
  const aliases = cleanAliases(name, input.aliases ?? [])
  const row = orgs.insert(tx, {
    name, nameKey: organisationNameKey(name), kind: input.kind ?? null, regionId: region?.id ?? null, note: input.note ?? null, createdAt: now, updatedAt: now
  })
  orgs.replaceAliases(tx, row.id, aliases)
  recordAudit(tx, { actor, at: now, action: 'organisation.create', entityType: 'organisation', entityId: row.id, regionPath: region?.path ?? null, after: { ...row, aliases } })
  return row
}

export function createOrganisationsService ({ db, clock }: { db: Db, clock: Clock }) {
  function detail (id: number) {
    const org = requireOrganisation(db, id)
    const aliases = orgs.aliasesOf(db, [id])
    const equivalentIds = orgs.equivalentOrganisationIds(db, [id]).filter((other) => other !== id)
    return { org, aliases, equivalentIds }
  }

  function assertEditable (actor: Actor, org: { regionPath: string | null }) {
    if (actor.scopePath === null) return
    if (org.regionPath === null || !pathInScope(actor, org.regionPath)) throw organisationNotEditable()
  }

  return {
    list (_actor: Actor, query: { q?: string | undefined, regionId?: number | undefined, kind?: OrganisationKind | undefined, page: number, pageSize: number }) {
      const regionPath = query.regionId !== undefined ? requireRegion(db, systemActor(), query.regionId).path : undefined
      const result = orgs.list(db, { q: query.q, regionPath, kind: query.kind, page: query.page, pageSize: query.pageSize })
      const aliases = orgs.aliasesOf(db, result.items.map((o) => o.id))
      return { ...result, aliases }
    },

    get (_actor: Actor, id: number) {
      return detail(id)
    },

    create (actor: Actor, input: OrganisationInput) {
      const id = writeTransaction(db, (tx) => insertOrganisation(tx, { actor, now: clock.now(), input }).id)
      return detail(id)
    },

    update (actor: Actor, id: number, input: Partial<OrganisationInput> & { keepFormerName?: boolean | undefined, version?: number | undefined }) {
      writeTransaction(db, (tx) => {
        const before = requireOrganisation(tx, id)
        assertEditable(actor, before)
        if (input.version !== undefined && input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        const beforeAliases = orgs.aliasesOf(tx, [id]).map((a) => ({ alias: a.alias, kind: a.kind }))
        const name = input.name?.trim() ?? before.name
        const renamed = organisationNameKey(name) !== before.nameKey
        if (renamed) assertNameFree(tx, name, id)
        let aliases = input.aliases ?? beforeAliases
        if (renamed && input.keepFormerName !== false && !aliases.some((a) => organisationNameKey(a.alias) === before.nameKey)) {
          aliases = [...aliases, { alias: before.name, kind: 'former' }]
        }
        aliases = cleanAliases(name, aliases)
        let regionId = before.regionId
        let regionPath = before.regionPath
        if (input.regionId !== undefined) {
          if (input.regionId === null && actor.scopePath !== null) throw organisationNotEditable()
          const region = input.regionId === null ? null : requireRegion(tx, actor, input.regionId)
          regionId = region?.id ?? null
          regionPath = region?.path ?? null
        }
        const now = clock.now()
        const after = orgs.update(tx, id, {
          name,
          nameKey: organisationNameKey(name),
          kind: input.kind === undefined ? before.kind : input.kind,
          regionId,
          note: input.note === undefined ? before.note : input.note,
          version: before.version + 1,
          updatedAt: now
        })
        orgs.replaceAliases(tx, id, aliases)
        const { regionName: _n, regionPath: _p, ...beforeRow } = before
        recordAudit(tx, {
          actor,
          at: now,
          action: 'organisation.update',
          entityType: 'organisation',
          entityId: id,
          regionPath,
          before: { ...beforeRow, aliases: beforeAliases },
          after: { ...after, aliases }
        })
      })
      return detail(id)
    },

    remove (actor: Actor, id: number) {
      writeTransaction(db, (tx) => {
        const before = requireOrganisation(tx, id)
        assertEditable(actor, before)
        if (orgs.countReferences(tx, id) > 0) throw organisationInUse({ organisationId: id })
        try {
          orgs.remove(tx, id)
        } catch (error) {
          // other modules (matters' respondent agencies, …) reference organisations too; their RESTRICT keys land here
          if (isForeignKeyError(error)) throw organisationInUse({ organisationId: id })
          throw error
        }
        const { regionName: _n, regionPath, ...row } = before
        recordAudit(tx, { actor, at: clock.now(), action: 'organisation.delete', entityType: 'organisation', entityId: id, regionPath, before: row })
      })
    },

    equivalentOrganisationIds (ids: readonly number[]) {
      return orgs.equivalentOrganisationIds(db, ids)
    }
  }
}
