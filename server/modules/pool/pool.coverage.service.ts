import type { Db } from '../../../db/client.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { requireRegion } from '../regions/regions.service.js'
import * as repo from './pool.repository.js'
import { addDays, chinaToday, trainingCutoff } from './pool.rules.js'
import { describeMembers } from './pool.aggregate.js'

// Host coverage: trained hosts per village or community, and terms ending soon.

export function createPoolCoverageService ({ db, clock }: { db: Db, clock: Clock }) {
  return {

    /**
     * Every village or community in the subtree with its number of active trained hosts (home region there), those with
     * none (the seed: at least one trained host per community), and members whose term ends soon.
     */
    coverage (actor: Actor, { regionId }: { regionId?: number | undefined }) {
      const settings = repo.getSettings(db)
      const day = chinaToday(clock.now())
      const rootId = regionId ?? actor.regionId
      const root = rootId === null ? null : requireRegion(db, actor, rootId)
      const path = root?.path ?? actor.scopePath ?? '/'
      const villages = repo.villagesIn(db, path)
      const cutoff = trainingCutoff(day, settings.trainedHostYears)
      const counts = new Map(repo.trainedHostCounts(db, { path, today: day, trainingCutoff: cutoff }).map((c) => [c.regionId, c.n]))
      const ancestorIds = new Set<number>()
      for (const v of villages) for (const a of v.path.split('/').filter(Boolean).map(Number)) if (a !== v.id) ancestorIds.add(a)
      const names = new Map(repo.regionsByIds(db, [...ancestorIds]).map((r) => [r.id, r.name]))
      const rows = villages.map((v) => ({
        region: v,
        parents: v.path.split('/').filter(Boolean).map(Number).filter((a) => a !== v.id).map((a) => names.get(a) ?? '').filter((n) => n !== ''),
        activeTrainedHosts: counts.get(v.id) ?? 0
      }))
      const filter: repo.MemberFilter = {
        visibility: { ownPath: actor.scopePath, shared: false },
        today: day,
        regionPath: path,
        termEndingUntil: addDays(day, settings.termEndingSoonDays),
        trainingCutoff: cutoff
      }
      const ending = repo.searchMembers(db, filter, { sort: 'termEnd', order: 'asc', limit: 1000, offset: 0 })
      return {
        root,
        today: day,
        settings,
        villages: rows,
        termEndingSoon: describeMembers(db, actor, ending.items, { today: day, settings: repo.getSettings(db) }),
        termEndingSoonTotal: ending.total
      }
    }
  }
}
