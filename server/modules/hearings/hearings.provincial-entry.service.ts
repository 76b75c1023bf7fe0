import type { Db } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { shanghaiDateOf } from '../../common/dates.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import * as repo from './hearings.repository.js'
import { hearingDateInFuture, hearingNotFound } from './hearings.errors.js'
import { hearingNotHeld, provincialEntryBeforeHearing } from './hearings.provincial-entry.errors.js'

// Entry of a held hearing's essentials in the provincial 信访 information system (省信访信息系统): the seed asks for
// it promptly, and the 复查 assessment's "system entry" item counts hearings not entered in time.

/** Records (or corrects) the day a concluded hearing was entered in the provincial system and the record number there. */
export function createProvincialEntryService ({ db, clock }: { db: Db, clock: Clock }) {
  return {
    recordProvincialEntry (actor: Actor, id: number, input: { enteredOn: string, ref?: string | null | undefined, version?: number | undefined }) {
      return writeTransaction(db, (tx) => {
        const found = repo.findHearing(tx, id, actor.scopePath)
        if (!found) throw hearingNotFound({ hearingId: id })
        const before = found.hearing
        if (input.version !== undefined && input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        if (before.status !== 'concluded') throw hearingNotHeld({ hearingStatus: before.status })
        const today = shanghaiDateOf(clock.now())
        if (input.enteredOn > today) throw hearingDateInFuture({ errors: [{ in: 'body', field: 'enteredOn', message: `录入日期不能晚于今天（${today}）` }] })
        const hearingDay = shanghaiDateOf(before.startsAt)
        if (input.enteredOn < hearingDay) {
          throw provincialEntryBeforeHearing({ errors: [{ in: 'body', field: 'enteredOn', message: `录入日期不能早于听证日（${hearingDay}）` }] })
        }
        const at = clock.now()
        const after = repo.updateHearing(tx, id, {
          provincialEnteredOn: input.enteredOn,
          provincialEntryRef: input.ref?.trim() || null,
          version: before.version + 1,
          updatedAt: at
        })
        recordAudit(tx, {
          actor,
          at,
          action: 'hearing.provincial_entry',
          entityType: 'hearing',
          entityId: id,
          regionPath: found.regionPath,
          before: { provincialEnteredOn: before.provincialEnteredOn, provincialEntryRef: before.provincialEntryRef },
          after: { provincialEnteredOn: after.provincialEnteredOn, provincialEntryRef: after.provincialEntryRef }
        })
        return { hearing: after, regionName: found.regionName }
      })
    }
  }
}
