import type { Db } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Clock } from '../../common/clock.js'
import * as outbox from './mail.repository.js'
import { describeError, isMessageLevel, isPermanent, toSendMailOptions, type MailTransport } from './mail.transport.js'

const MINUTE = 60_000
/** Wait before attempt n + 1 after attempt n failed: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h. */
export const DEFAULT_BACKOFF_MS = [1, 5, 30, 120, 360, 720, 1440].map((m) => m * MINUTE)
export const DEFAULT_MAX_ATTEMPTS = 8

type Logger = { info: (obj: object, msg: string) => void, warn: (obj: object, msg: string) => void, error: (obj: object, msg: string) => void }

export type MailWorkerOptions = {
  db: Db
  clock: Clock
  transport: MailTransport
  from: string
  logger?: Logger
  batchSize?: number
  pollIntervalMs?: number
  /** How long a claim lasts; after it a message still `sending` (the process died) is taken again. */
  leaseMs?: number
  maxAttempts?: number
  backoffMs?: number[]
}

export type MailRunResult = { claimed: number, sent: number, retried: number, failed: number, released: number }

/**
 * Delivers the outbox: claims due messages in a short transaction, sends each over SMTP outside any
 * transaction, then records the outcome. Delivery is at least once: a crash between the server's acceptance
 * and `markSent` sends that message again after the lease (same Message-ID). Messages of one thread (a calendar
 * event for one person) go in order: claimDue supersedes what a newer one overtook and holds a message back while
 * an earlier one of its thread is in flight, so a retry never lands after its successor or after a cancellation.
 */
export function createMailWorker ({
  db, clock, transport, from, logger,
  batchSize = 20, pollIntervalMs = 5000, leaseMs = 10 * MINUTE,
  maxAttempts = DEFAULT_MAX_ATTEMPTS, backoffMs = DEFAULT_BACKOFF_MS
}: MailWorkerOptions) {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> | undefined
  let stopped = true

  const backoff = (attempts: number) => backoffMs[Math.min(attempts, backoffMs.length) - 1] ?? MINUTE

  async function runOnce (): Promise<MailRunResult> {
    const result: MailRunResult = { claimed: 0, sent: 0, retried: 0, failed: 0, released: 0 }
    const now = clock.now()
    const batch = writeTransaction(db, (tx) => outbox.claimDue(tx, { now, lockedUntil: new Date(now.getTime() + leaseMs), limit: batchSize }))
    result.claimed = batch.length
    for (const [index, message] of batch.entries()) {
      try {
        await transport.sendMail(toSendMailOptions(message, { from }))
        outbox.markSent(db, message.id, clock.now())
        result.sent++
      } catch (error) {
        const at = clock.now()
        const lastError = describeError(error)
        if (isPermanent(error) || message.attempts >= maxAttempts) {
          outbox.markFailed(db, message.id, { at, lastError })
          result.failed++
          logger?.error({ outboxId: message.id, attempts: message.attempts, error: lastError }, 'mail delivery failed for good')
          continue
        }
        const nextAttemptAt = new Date(at.getTime() + backoff(message.attempts))
        outbox.markRetry(db, message.id, { at, nextAttemptAt, lastError })
        result.retried++
        logger?.warn({ outboxId: message.id, attempts: message.attempts, nextAttemptAt, error: lastError }, 'mail delivery failed, will retry')
        if (!isMessageLevel(error)) {
          // The server is unreachable or refuses us: do not spend the rest of the batch's attempts on it.
          const rest = batch.slice(index + 1).map((m) => m.id)
          outbox.release(db, rest, { at, nextAttemptAt })
          result.released = rest.length
          break
        }
      }
    }
    return result
  }

  function schedule (delay: number) {
    if (stopped) return
    timer = setTimeout(() => {
      running = runOnce()
        .then((r) => {
          if (r.sent + r.failed > 0) logger?.info({ ...r }, 'mail outbox run')
          schedule(r.claimed === batchSize && r.released === 0 ? 0 : pollIntervalMs)
        })
        .catch((error: unknown) => {
          logger?.error({ err: error }, 'mail worker run failed')
          schedule(pollIntervalMs)
        })
    }, delay)
  }

  return {
    runOnce,
    start () {
      if (!stopped) return
      stopped = false
      schedule(0)
    },
    /** Stops polling and waits for a run in progress; the transport is closed. */
    async stop () {
      stopped = true
      if (timer) clearTimeout(timer)
      await running?.catch(() => undefined)
      transport.close?.()
    }
  }
}
