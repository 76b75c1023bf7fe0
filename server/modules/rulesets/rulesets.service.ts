import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Ruleset } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { DomainError, versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { requireRegion } from '../regions/regions.service.js'
import { regionById } from '../regions/regions.lookup.service.js'
import {
  PRESETS, findPreset, resolveRuleset, rulesetFingerprint, type PartialRulesetConfig, type RulesetConfig
} from './rulesets.config.js'
import { rulesetInvalid } from './rulesets.errors.js'
import * as repo from './rulesets.repository.js'
import { presetNotFound, regionRulesetNotAssigned, rulesetDuplicateName, rulesetNotFound } from './rulesets.errors.js'

export type RulesetLayerInfo = { regionId: number, regionName: string | null, rulesetId: number, name: string, version: number }

export type EffectiveRuleset = {
  config: RulesetConfig
  /** SHA-256 of the canonical resolved configuration. */
  fingerprint: string
  /** The nearest region's ruleset (`name vN`), or 全国默认. */
  label: string
  /** Assigned rulesets from the top region down to this one. */
  layers: RulesetLayerInfo[]
}

export const NATIONAL_DEFAULT_LABEL = '全国默认'

export function rulesetLabel (r: Pick<Ruleset, 'name' | 'version'>) {
  return `${r.name} v${r.version}`
}

function pathIds (path: string) {
  return path.split('/').filter(Boolean).map(Number)
}

/** Resolves the rulesets assigned along a region path (root first) over the national defaults. */
export function effectiveRulesetForPath (db: DbOrTx, regionPath: string): EffectiveRuleset {
  const rows = repo.assignmentsOf(db, pathIds(regionPath)).sort((a, b) => a.regionPath.length - b.regionPath.length)
  const config = resolveRuleset(rows.map((r) => ({ label: rulesetLabel(r.ruleset), config: r.ruleset.config })))
  const nearest = rows.at(-1)
  return {
    config,
    fingerprint: rulesetFingerprint(config),
    label: nearest ? rulesetLabel(nearest.ruleset) : NATIONAL_DEFAULT_LABEL,
    layers: rows.map((r) => ({ regionId: r.assignment.regionId, regionName: r.regionName, rulesetId: r.ruleset.id, name: r.ruleset.name, version: r.ruleset.version }))
  }
}

/**
 * The ruleset in force in a region, for use inside another module's transaction (no scope check: the
 * caller has already loaded the region). Matches the hearings module's `RulesetResolver`.
 */
export function effectiveRuleset (db: DbOrTx, regionId: number): EffectiveRuleset {
  const region = regionById(db, regionId)
  if (!region) throw rulesetNotFound({ regionId }, '区划不存在，无法确定听证规则')
  return effectiveRulesetForPath(db, region.path)
}

function withRegion (error: unknown, regionId: number) {
  if (error instanceof DomainError && error.code === rulesetInvalid().code) return rulesetInvalid({ ...error.extra, regionId }, error.detail)
  return error
}

/** What is stored for a version: the override as given, or a preset with the override folded in. */
function storedConfig ({ name, basePreset, config }: { name: string, basePreset?: string | null | undefined, config: PartialRulesetConfig }): PartialRulesetConfig {
  if (basePreset) {
    const preset = findPreset(basePreset)
    if (!preset) throw presetNotFound({ basePreset }, `没有名为“${basePreset}”的预设规则`)
    return resolveRuleset([{ label: name, config }], preset.config)
  }
  resolveRuleset([{ label: name, config }])
  return config
}

function isUniqueError (error: unknown) {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE'
}

export function createRulesetsService ({ db, clock }: { db: Db, clock: Clock }) {
  function requireRuleset (tx: DbOrTx, id: number) {
    const row = repo.findById(tx, id)
    if (!row) throw rulesetNotFound({ rulesetId: id })
    return row
  }

  /** Every region in the subtree with a ruleset of its own must still resolve to a valid configuration. */
  function assertSubtreeResolves (tx: DbOrTx, regionPath: string, regionId: number) {
    const regions = [...repo.assignedRegionsInSubtree(tx, regionPath)]
    if (!regions.some((r) => r.id === regionId)) regions.push({ id: regionId, path: regionPath })
    for (const r of regions) {
      try {
        effectiveRulesetForPath(tx, r.path)
      } catch (error) {
        throw withRegion(error, r.id)
      }
    }
  }

  function insertVersion (tx: DbOrTx, actor: Actor, input: { name: string, version: number, description?: string | null | undefined, basePreset?: string | null | undefined, config: PartialRulesetConfig }) {
    const config = storedConfig(input)
    try {
      return repo.insert(tx, {
        name: input.name,
        version: input.version,
        description: input.description ?? null,
        basePreset: input.basePreset ?? null,
        config,
        createdByUserId: actor.userId,
        createdByName: actor.displayName,
        createdAt: clock.now()
      })
    } catch (error) {
      if (isUniqueError(error)) throw versionConflict({ name: input.name })
      throw error
    }
  }

  return {
    presets: () => PRESETS,

    list (filter: { name?: string | undefined, latestOnly?: boolean | undefined }) {
      const rows = repo.list(db, filter)
      const latest = new Map<string, number>()
      for (const r of rows) latest.set(r.name, Math.max(latest.get(r.name) ?? 0, r.version))
      const counts = repo.assignmentCounts(db, rows.map((r) => r.id))
      return rows
        .filter((r) => !filter.latestOnly || latest.get(r.name) === r.version)
        .map((r) => ({ ruleset: r, latestVersion: latest.get(r.name)!, regionCount: counts.get(r.id) ?? 0 }))
    },

    get (id: number) {
      const ruleset = requireRuleset(db, id)
      return { ruleset, latestVersion: repo.latestVersion(db, ruleset.name)!, regionCount: repo.assignmentCounts(db, [id]).get(id) ?? 0 }
    },

    create (actor: Actor, input: { name: string, description?: string | null | undefined, basePreset?: string | null | undefined, config: PartialRulesetConfig }) {
      return writeTransaction(db, (tx) => {
        if (repo.latestVersion(tx, input.name) !== null) throw rulesetDuplicateName({ name: input.name })
        const row = insertVersion(tx, actor, { ...input, version: 1 })
        recordAudit(tx, { actor, at: clock.now(), action: 'ruleset.create', entityType: 'ruleset', entityId: row.id, after: row })
        return { ruleset: row, latestVersion: 1, regionCount: 0 }
      })
    },

    /** A change is a new version of the same name; `expectedVersion` guards against a concurrent edit. */
    createVersion (actor: Actor, id: number, input: { expectedVersion?: number | undefined, description?: string | null | undefined, basePreset?: string | null | undefined, config: PartialRulesetConfig }) {
      return writeTransaction(db, (tx) => {
        const base = requireRuleset(tx, id)
        const latest = repo.latestVersion(tx, base.name)!
        if (input.expectedVersion !== undefined && input.expectedVersion !== latest) throw versionConflict({ currentVersion: latest })
        const row = insertVersion(tx, actor, { ...input, name: base.name, version: latest + 1 })
        recordAudit(tx, { actor, at: clock.now(), action: 'ruleset.version', entityType: 'ruleset', entityId: row.id, before: { id: base.id, version: latest }, after: row })
        return { ruleset: row, latestVersion: row.version, regionCount: 0 }
      })
    },

    assign (actor: Actor, regionId: number, { rulesetId }: { rulesetId: number }) {
      return writeTransaction(db, (tx) => {
        const region = requireRegion(tx, actor, regionId)
        const ruleset = requireRuleset(tx, rulesetId)
        const before = repo.findAssignment(tx, regionId)
        const after = repo.upsertAssignment(tx, { regionId, rulesetId, assignedByUserId: actor.userId, assignedByName: actor.displayName, assignedAt: clock.now() })
        assertSubtreeResolves(tx, region.path, region.id)
        recordAudit(tx, { actor, at: clock.now(), action: 'region_ruleset.assign', entityType: 'region_ruleset', entityId: regionId, regionPath: region.path, before: before ?? null, after: { ...after, ruleset: rulesetLabel(ruleset) } })
        return effectiveRulesetForPath(tx, region.path)
      })
    },

    unassign (actor: Actor, regionId: number) {
      writeTransaction(db, (tx) => {
        const region = requireRegion(tx, actor, regionId)
        const before = repo.findAssignment(tx, regionId)
        if (!before) throw regionRulesetNotAssigned({ regionId })
        repo.removeAssignment(tx, regionId)
        assertSubtreeResolves(tx, region.path, region.id)
        recordAudit(tx, { actor, at: clock.now(), action: 'region_ruleset.remove', entityType: 'region_ruleset', entityId: regionId, regionPath: region.path, before })
      })
    },

    /** The ruleset in force in a region the actor can see; ancestors outside the actor's scope show no name. */
    effective (actor: Actor, regionId: number) {
      const region = requireRegion(db, actor, regionId)
      let result: EffectiveRuleset
      try {
        result = effectiveRulesetForPath(db, region.path)
      } catch (error) {
        throw withRegion(error, region.id)
      }
      const ids = pathIds(region.path)
      const scopeRoot = actor.scopePath === null ? undefined : pathIds(actor.scopePath).at(-1)
      const firstVisible = scopeRoot === undefined ? 0 : Math.max(0, ids.indexOf(scopeRoot))
      return {
        regionId: region.id,
        ...result,
        layers: result.layers.map((l) => ({ ...l, regionName: ids.indexOf(l.regionId) >= firstVisible ? l.regionName : null }))
      }
    }
  }
}
