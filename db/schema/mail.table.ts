import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'
import { OUTBOX_STATUSES } from './enums.js'

export type OutboxAttachment = {
  filename: string
  contentType: string
  contentBase64: string
  /** Set on a calendar attachment: it is sent as a `text/calendar; method=…` part plus the `.ics` file. */
  method?: 'REQUEST' | 'CANCEL' | 'PUBLISH'
}

/** Mail waiting for, or done with, delivery; written in the transaction of the change that causes it. */
export const outboxMessagesTable = sqliteTable('outbox_messages', {
  id: idColumn(),
  /** Optional idempotency key: a second message with the same key is not queued. */
  dedupeKey: text('dedupe_key'),
  toAddress: text('to_address').notNull(),
  toName: text('to_name'),
  subject: text('subject').notNull(),
  textBody: text('text_body').notNull(),
  htmlBody: text('html_body'),
  attachments: text('attachments', { mode: 'json' }).$type<OutboxAttachment[]>().notNull(),
  status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
  /** While `sending`: after this instant a crashed worker's claim lapses and the message is taken again. */
  lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
  /** Short technical reason of the last failure, with addresses and personal data removed. */
  lastError: text('last_error'),
  sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  /**
   * Messages that update one thing for one recipient (a calendar event's UID and the person it goes to) share a
   * thread: a newer one supersedes an older one not yet delivered, and is not sent while an older one is in flight.
   */
  threadKey: text('thread_key'),
  /** Position in the thread (a calendar invitation's SEQUENCE): nothing lower is queued after a higher one. */
  threadRank: integer('thread_rank'),
  /** Ends the thread (a METHOD:CANCEL): whatever is queued in it later is superseded at once. */
  threadFinal: integer('thread_final', { mode: 'boolean' }).notNull().default(false),
  /** The message that superseded this one. */
  supersededBy: integer('superseded_by'),
  ...timestampColumns()
}, (t) => [
  uniqueIndex('outbox_messages_dedupe_uq').on(t.dedupeKey),
  index('outbox_messages_due_idx').on(t.status, t.nextAttemptAt),
  index('outbox_messages_created_idx').on(t.createdAt),
  index('outbox_messages_thread_idx').on(t.threadKey, t.id)
])

export type OutboxMessage = typeof outboxMessagesTable.$inferSelect
export type NewOutboxMessage = typeof outboxMessagesTable.$inferInsert
