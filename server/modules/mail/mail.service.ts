import type { Db } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { OutboxStatus } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { recordAudit } from '../audit/audit.recorder.js'
import * as outbox from './mail.repository.js'
import { outboxMessageNotFound, outboxMessageNotRetryable, outboxMessageSuperseded } from './mail.errors.js'

export function createMailService ({ db, clock }: { db: Db, clock: Clock }) {
  return {
    list (filter: { status?: OutboxStatus | undefined, page: number, pageSize: number }) {
      return outbox.list(db, filter)
    },

    get (id: number) {
      const row = outbox.findById(db, id)
      if (!row) throw outboxMessageNotFound({ messageId: id })
      return row
    },

    /** Sends a failed or waiting message at the next worker run; a failed one gets one more attempt. */
    retry (actor: Actor, id: number) {
      return writeTransaction(db, (tx) => {
        const before = outbox.findById(tx, id)
        if (!before) throw outboxMessageNotFound({ messageId: id })
        if (before.status === 'sent' || before.status === 'sending') throw outboxMessageNotRetryable({ messageId: id, status: before.status })
        // sending it now would put an older state of the event after the newer one the recipient has or will get
        if (before.status === 'superseded') throw outboxMessageSuperseded({ messageId: id, supersededBy: before.supersededBy })
        const now = clock.now()
        const after = outbox.requeue(tx, id, now)
        recordAudit(tx, { actor, at: now, action: 'outbox.retry', entityType: 'outbox_message', entityId: id, before: { status: before.status, nextAttemptAt: before.nextAttemptAt }, after: { status: after.status, nextAttemptAt: after.nextAttemptAt } })
        return after
      })
    }
  }
}
