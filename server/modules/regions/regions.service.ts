import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Region, RegionLevel } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { versionConflict, forbidden } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { isForeignKeyError } from '../../common/sqlite-errors.js'
import { changeMarker } from '../../../db/change-marker.js'
import * as regions from './regions.repository.js'
import { REGION_LEVEL_NAMES, childLevel, childPath } from './regions.rules.js'
import {
  regionNotFound, regionHasChildren, regionInUse, regionInvalidParent, regionDuplicateCode, regionDuplicateName
} from './regions.errors.js'

/** Loads a region the actor may see, or throws 404 (also for regions outside the actor's subtree). */
export function requireRegion (db: DbOrTx, actor: Actor, id: number): Region {
  const region = regions.findById(db, id, actor.scopePath)
  if (!region) throw regionNotFound({ regionId: id })
  return region
}

export function createRegionsService ({ db, clock }: { db: Db, clock: Clock }) {
  // The tree is read on nearly every screen and changes rarely: unfiltered lists are cached per scope
  // until the database changes (see changeMarker).
  const marker = changeMarker(db.$client)
  let cacheMarker: string | null = null
  const listCache = new Map<string, Region[]>()

  function assertUnique (tx: DbOrTx, { id, parentId, name, code }: { id?: number, parentId: number | null, name: string, code: string | null | undefined }) {
    const sibling = regions.findSibling(tx, parentId, name)
    if (sibling && sibling.id !== id) throw regionDuplicateName({ regionId: sibling.id })
    if (code) {
      const other = regions.findByCode(tx, code)
      if (other && other.id !== id) throw regionDuplicateCode({ regionId: other.id })
    }
  }

  return {
    list (actor: Actor, filter: { parentId?: number | undefined, level?: RegionLevel | undefined, q?: string | undefined }) {
      const unfiltered = filter.parentId === undefined && filter.level === undefined && filter.q === undefined
      if (!unfiltered) return regions.list(db, { scopePath: actor.scopePath, ...filter })
      const current = marker()
      if (current === null) return regions.list(db, { scopePath: actor.scopePath })
      if (current !== cacheMarker) { listCache.clear(); cacheMarker = current }
      const key = actor.scopePath ?? '*'
      let rows = listCache.get(key)
      if (!rows) { rows = regions.list(db, { scopePath: actor.scopePath }); listCache.set(key, rows) }
      return rows
    },

    get (actor: Actor, id: number) {
      const region = requireRegion(db, actor, id)
      const ancestorIds = region.path.split('/').filter(Boolean).map(Number).filter((a) => a !== region.id)
      const ancestors = regions.findByIds(db, ancestorIds)
        .filter((a) => actor.scopePath === null || a.path.startsWith(actor.scopePath))
        .sort((a, b) => a.path.length - b.path.length)
      return { region, ancestors, childCount: regions.countChildren(db, id) }
    },

    create (actor: Actor, input: { name: string, parentId?: number | null | undefined, level?: RegionLevel | undefined, code?: string | null | undefined }) {
      return writeTransaction(db, (tx) => {
        const parent = input.parentId == null ? null : requireRegion(tx, actor, input.parentId)
        if (!parent && actor.scopePath !== null) throw forbidden({}, '只有市级管理员可以创建市级区划')
        const level = childLevel(parent?.level ?? null)
        if (level === null) throw regionInvalidParent({ parentId: parent?.id }, '村（社区）下不能再设下级区划')
        if (input.level !== undefined && input.level !== level) {
          throw regionInvalidParent({ expectedLevel: level }, `${parent ? `“${parent.name}”之下` : '最上一级'}只能建立“${REGION_LEVEL_NAMES[level]}”级区划`)
        }
        assertUnique(tx, { parentId: parent?.id ?? null, name: input.name, code: input.code })
        const now = clock.now()
        const inserted = regions.insert(tx, { name: input.name, parentId: parent?.id ?? null, level, code: input.code ?? null, createdAt: now, updatedAt: now })
        const row = regions.update(tx, inserted.id, { path: childPath(parent?.path ?? null, inserted.id) })
        recordAudit(tx, { actor, at: now, action: 'region.create', entityType: 'region', entityId: row.id, regionPath: row.path, after: row })
        return row
      })
    },

    update (actor: Actor, id: number, input: { name?: string | undefined, code?: string | null | undefined, version?: number | undefined }) {
      return writeTransaction(db, (tx) => {
        const before = requireRegion(tx, actor, id)
        if (input.version !== undefined && input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        const name = input.name ?? before.name
        const code = input.code === undefined ? before.code : input.code
        assertUnique(tx, { id, parentId: before.parentId, name, code })
        const after = regions.update(tx, id, { name, code, version: before.version + 1, updatedAt: clock.now() })
        recordAudit(tx, { actor, at: clock.now(), action: 'region.update', entityType: 'region', entityId: id, regionPath: after.path, before, after })
        return after
      })
    },

    move (actor: Actor, id: number, input: { parentId: number, version?: number | undefined }) {
      return writeTransaction(db, (tx) => {
        const before = requireRegion(tx, actor, id)
        if (input.version !== undefined && input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        const parent = requireRegion(tx, actor, input.parentId)
        if (parent.path.startsWith(before.path)) throw regionInvalidParent({ parentId: parent.id }, '不能移动到自身或其下级区划之下')
        if (childLevel(parent.level) !== before.level) {
          throw regionInvalidParent({ parentId: parent.id, level: before.level, parentLevel: parent.level }, '新的上级区划层级与本区划不相符')
        }
        assertUnique(tx, { id, parentId: parent.id, name: before.name, code: before.code })
        const newPath = childPath(parent.path, id)
        regions.rewriteSubtreePaths(tx, before.path, newPath)
        const after = regions.update(tx, id, { parentId: parent.id, version: before.version + 1, updatedAt: clock.now() })
        recordAudit(tx, { actor, at: clock.now(), action: 'region.move', entityType: 'region', entityId: id, regionPath: after.path, before, after })
        return after
      })
    },

    remove (actor: Actor, id: number) {
      writeTransaction(db, (tx) => {
        const before = requireRegion(tx, actor, id)
        if (regions.countChildren(tx, id) > 0) throw regionHasChildren({ regionId: id })
        try {
          regions.remove(tx, id)
        } catch (error) {
          if (isForeignKeyError(error)) throw regionInUse({ regionId: id })
          throw error
        }
        recordAudit(tx, { actor, at: clock.now(), action: 'region.delete', entityType: 'region', entityId: id, regionPath: before.path, before })
      })
    }
  }
}
