import type { DbOrTx } from '../../../db/client.js'
import type { OutboxAttachment } from '../../../db/schema/index.js'
import * as outbox from './mail.repository.js'
import type { Thread } from './mail.repository.js'

export type { Thread } from './mail.repository.js'

export type MailAttachmentInput = {
  filename: string
  contentType: string
  /** Bytes, or text (sent as UTF-8). */
  content: Buffer | string
  /** Marks the calendar: sent as a `text/calendar; method=…` alternative plus the `.ics` attachment. */
  method?: OutboxAttachment['method']
}

export type MailMessageInput = {
  to: { address: string, name?: string | null }
  subject: string
  text: string
  html?: string | null
  attachments?: MailAttachmentInput[]
  /** Queue at most one message per key (e.g. `invite:<uid>:<sequence>:member-7`). */
  dedupeKey?: string | null
  /**
   * The thread this message continues (e.g. one calendar event for one person, ranked by SEQUENCE). A newer
   * message supersedes the older ones not yet delivered; one queued behind a final message (a cancellation) or
   * a higher rank is superseded at once and never sent.
   */
  thread?: Thread | null
}

/**
 * Queues a message; call it inside the transaction of the change that causes it, so the change and its mail
 * commit or roll back together. Delivery happens later, outside any transaction (mail.worker.ts). `superseded`
 * counts the older messages of its thread it replaced; a message that arrives behind its thread's end is stored
 * as superseded itself (`queued: true`, `sent: false`), so what was asked is on record.
 */
export function enqueueMail (tx: DbOrTx, { at, ...message }: MailMessageInput & { at: Date }): { id: number, queued: boolean, superseded: number, willSend: boolean } {
  const calendars = (message.attachments ?? []).filter((a) => a.method !== undefined)
  if (calendars.length > 1) throw new Error('a message carries at most one calendar invitation')
  const attachments: OutboxAttachment[] = (message.attachments ?? []).map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    contentBase64: (typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content).toString('base64'),
    ...(a.method !== undefined ? { method: a.method } : {})
  }))
  const thread = message.thread ?? null
  const blocker = thread ? outbox.threadBlocker(tx, thread) : undefined
  const row = outbox.insertIfNew(tx, {
    dedupeKey: message.dedupeKey ?? null,
    toAddress: message.to.address,
    toName: message.to.name ?? null,
    subject: message.subject,
    textBody: message.text,
    htmlBody: message.html ?? null,
    attachments,
    status: blocker === undefined ? 'queued' : 'superseded',
    supersededBy: blocker ?? null,
    threadKey: thread?.key ?? null,
    threadRank: thread?.rank ?? null,
    threadFinal: thread?.final ?? false,
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
    updatedAt: at
  })
  if (!row) {
    const existing = outbox.findByDedupeKey(tx, message.dedupeKey!)!
    return { id: existing.id, queued: false, superseded: 0, willSend: existing.status !== 'superseded' }
  }
  if (blocker !== undefined || !thread) return { id: row.id, queued: true, superseded: 0, willSend: blocker === undefined }
  return { id: row.id, queued: true, superseded: outbox.supersedeOlder(tx, { id: row.id, threadKey: thread.key, at }), willSend: true }
}

export function icsAttachment ({ ics, method, filename = 'invite.ics' }: { ics: string, method: 'REQUEST' | 'CANCEL' | 'PUBLISH', filename?: string }): MailAttachmentInput {
  return { filename, contentType: 'text/calendar', content: ics, method }
}

export function pdfAttachment ({ pdf, filename }: { pdf: Buffer, filename: string }): MailAttachmentInput {
  return { filename, contentType: 'application/pdf', content: pdf }
}

/** Id and dedupe key of every message queued under a key starting with `prefix` (e.g. `invite:`), oldest first. */
export function messageKeysWithPrefix (tx: DbOrTx, prefix: string) {
  return outbox.keysWithPrefix(tx, prefix)
}

/** Where the messages whose dedupe key starts with `prefix` stand (queued, sent, failed…), oldest first. */
export function messageDeliveriesWithPrefix (db: DbOrTx, prefix: string) {
  return outbox.deliveriesWithPrefix(db, prefix)
}

/** Puts a message queued before threads were recorded into its thread, inside the caller's transaction. */
export function setThread (tx: DbOrTx, id: number, thread: Thread) {
  outbox.setThread(tx, id, thread)
}
