import type { Db } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { PoolSettings } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import * as repo from './pool.repository.js'
import * as errors from './pool.errors.js'

// The pool settings (caps on pay, default term, trained-host window, "term ending soon"), one row.

export function createPoolSettingsService ({ db, clock }: { db: Db, clock: Clock }) {
  return {
    getSettings () {
      return repo.getSettings(db)
    },

    updateSettings (actor: Actor, input: Partial<Omit<PoolSettings, 'id' | 'updatedAt' | 'updatedBy' | 'version'>> & { version?: number | undefined }) {
      return writeTransaction(db, (tx) => {
        const before = repo.getSettings(tx)
        if (input.version !== undefined && input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        const { version: _v, ...values } = input
        const merged = { ...before, ...values }
        if (merged.seniorFeeCapYuan < merged.feeCapYuan) {
          throw errors.invalidMember({ errors: [{ in: 'body', field: 'seniorFeeCapYuan', message: '高级职称的报酬上限不能低于一般上限' }] })
        }
        const now = clock.now()
        const after = repo.updateSettings(tx, { ...values, version: before.version + 1, updatedAt: now, updatedBy: actor.displayName })
        recordAudit(tx, { actor, at: now, action: 'pool_settings.update', entityType: 'pool_settings', entityId: 1, before, after })
        return after
      })
    }
  }
}
