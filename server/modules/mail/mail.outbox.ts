import type { DbOrTx } from '../../../db/client.js'
import type { OutboxAttachment } from '../../../db/schema/index.js'
import * as outbox from './mail.repository.js'

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
}

/**
 * Queues a message; call it inside the transaction of the change that causes it, so the change and its mail
 * commit or roll back together. Delivery happens later, outside any transaction (mail.worker.ts).
 */
export function enqueueMail (tx: DbOrTx, { at, ...message }: MailMessageInput & { at: Date }): { id: number, queued: boolean } {
  const calendars = (message.attachments ?? []).filter((a) => a.method !== undefined)
  if (calendars.length > 1) throw new Error('a message carries at most one calendar invitation')
  const attachments: OutboxAttachment[] = (message.attachments ?? []).map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    contentBase64: (typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content).toString('base64'),
    ...(a.method !== undefined ? { method: a.method } : {})
  }))
  const row = outbox.insertIfNew(tx, {
    dedupeKey: message.dedupeKey ?? null,
    toAddress: message.to.address,
    toName: message.to.name ?? null,
    subject: message.subject,
    textBody: message.text,
    htmlBody: message.html ?? null,
    attachments,
    status: 'queued',
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
    updatedAt: at
  })
  if (row) return { id: row.id, queued: true }
  return { id: outbox.findByDedupeKey(tx, message.dedupeKey!)!.id, queued: false }
}

export function icsAttachment ({ ics, method, filename = 'invite.ics' }: { ics: string, method: 'REQUEST' | 'CANCEL' | 'PUBLISH', filename?: string }): MailAttachmentInput {
  return { filename, contentType: 'text/calendar', content: ics, method }
}

export function pdfAttachment ({ pdf, filename }: { pdf: Buffer, filename: string }): MailAttachmentInput {
  return { filename, contentType: 'application/pdf', content: pdf }
}
