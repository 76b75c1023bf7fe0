import type { Db } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { UnavailabilityKind } from '../../../db/schema/enums.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { parseApiTime } from '../../common/time.js'
import { recordAudit } from '../audit/audit.recorder.js'
import * as repo from './pool.repository.js'
import { addDays, chinaDayStart, isIsoDate } from './pool.rules.js'
import { requireWritable } from './pool.guards.js'
import * as errors from './pool.errors.js'

// Periods in which a member cannot serve (leave, travel, illness).

export function createPoolUnavailabilityService ({ db, clock }: { db: Db, clock: Clock }) {
  return {
    addUnavailability (actor: Actor, memberId: number, input: { startsAt: string, endsAt: string, kind: UnavailabilityKind, note?: string | null | undefined }) {
      return writeTransaction(db, (tx) => {
        const row = requireWritable(tx, actor, memberId)
        const startsAt = periodBound(input.startsAt, 'start')
        const endsAt = periodBound(input.endsAt, 'end')
        if (endsAt.getTime() <= startsAt.getTime()) throw errors.invalidPeriod({ errors: [{ in: 'body', field: 'endsAt', message: '结束须晚于开始' }] })
        const now = clock.now()
        const period = repo.insertUnavailability(tx, { memberId, startsAt, endsAt, kind: input.kind, note: input.note ?? null, createdAt: now })
        recordAudit(tx, { actor, at: now, action: 'member.unavailability_add', entityType: 'member', entityId: memberId, regionPath: row.regionPath, after: { period } })
        return period
      })
    },

    removeUnavailability (actor: Actor, memberId: number, periodId: number) {
      writeTransaction(db, (tx) => {
        const row = requireWritable(tx, actor, memberId)
        const period = repo.findUnavailability(tx, memberId, periodId)
        if (!period) throw errors.unavailabilityNotFound({ periodId })
        repo.deleteUnavailability(tx, memberId, periodId)
        recordAudit(tx, { actor, at: clock.now(), action: 'member.unavailability_remove', entityType: 'member', entityId: memberId, regionPath: row.regionPath, before: { period } })
      })
    }
  }
}

/** Start (or end) of an unavailability period: an instant with offset, or a date meaning the start of that day (end: of the next day). */
function periodBound (value: string, which: 'start' | 'end'): Date {
  if (isIsoDate(value)) return chinaDayStart(which === 'start' ? value : addDays(value, 1))
  const parsed = parseApiTime(value)
  if (!parsed) throw errors.invalidDate({ errors: [{ in: 'body', field: which === 'start' ? 'startsAt' : 'endsAt', message: '应为日期（YYYY-MM-DD）或带时区的时间' }] })
  return parsed
}
