import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Venue } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { requireRegion } from '../regions/regions.service.js'
import { isForeignKeyError } from '../../common/sqlite-errors.js'
import * as repo from './venues.repository.js'
import { venueDuplicateName, venueInUse, venueNotFound } from './venues.errors.js'

/** A venue the actor may see (its region lies in the actor's subtree), or 404. */
export function requireVenue (db: DbOrTx, actor: Actor, id: number) {
  const row = repo.findInScope(db, id, actor.scopePath)
  if (!row) throw venueNotFound({ venueId: id })
  return row
}

type VenueInput = { regionId: number, name: string, address: string, capacity: number, note?: string | null | undefined }

export function createVenuesService ({ db, clock }: { db: Db, clock: Clock }) {
  function assertUniqueName (tx: DbOrTx, regionId: number, name: string, id?: number) {
    const other = repo.findByName(tx, regionId, name)
    if (other && other.id !== id) throw venueDuplicateName({ venueId: other.id })
  }

  return {
    list (actor: Actor, { regionId, includeInactive = false }: { regionId?: number | undefined, includeInactive?: boolean | undefined }) {
      const scope = regionId === undefined ? actor.scopePath : requireRegion(db, actor, regionId).path
      return repo.list(db, { scopePath: scope, includeInactive })
    },

    get (actor: Actor, id: number) {
      return requireVenue(db, actor, id).venue
    },

    create (actor: Actor, input: VenueInput): Venue {
      return writeTransaction(db, (tx) => {
        const region = requireRegion(tx, actor, input.regionId)
        assertUniqueName(tx, region.id, input.name)
        const now = clock.now()
        const row = repo.insert(tx, { ...input, note: input.note ?? null, createdAt: now, updatedAt: now })
        recordAudit(tx, { actor, at: now, action: 'venue.create', entityType: 'venue', entityId: row.id, regionPath: region.path, after: row })
        return row
      })
    },

    update (actor: Actor, id: number, input: Partial<VenueInput> & { active?: boolean | undefined, version?: number | undefined }): Venue {
      return writeTransaction(db, (tx) => {
        const { venue: before } = requireVenue(tx, actor, id)
        if (input.version !== undefined && input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        const region = requireRegion(tx, actor, input.regionId ?? before.regionId)
        const { version: _v, ...changes } = input
        const next = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) }
        assertUniqueName(tx, region.id, next.name, id)
        const now = clock.now()
        const after = repo.update(tx, id, { regionId: region.id, name: next.name, address: next.address, capacity: next.capacity, note: next.note, active: next.active, version: before.version + 1, updatedAt: now })
        recordAudit(tx, { actor, at: now, action: 'venue.update', entityType: 'venue', entityId: id, regionPath: region.path, before, after })
        return after
      })
    },

    remove (actor: Actor, id: number) {
      writeTransaction(db, (tx) => {
        const { venue, regionPath } = requireVenue(tx, actor, id)
        try {
          repo.remove(tx, id)
        } catch (error) {
          if (isForeignKeyError(error)) throw venueInUse({ venueId: id }, '场所已被听证使用，可将其停用')
          throw error
        }
        recordAudit(tx, { actor, at: clock.now(), action: 'venue.delete', entityType: 'venue', entityId: id, regionPath, before: venue })
      })
    }
  }
}
