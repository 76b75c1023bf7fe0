import nodemailer, { type SendMailOptions } from 'nodemailer'
import type { OutboxMessage } from '../../../db/schema/index.js'
import type { Config } from '../../config.js'
import { maskPersonalText } from '../../common/personal-data.js'

/** The part of a nodemailer transporter the worker needs; tests may pass a fake. */
export type MailTransport = {
  sendMail: (message: SendMailOptions) => Promise<unknown>
  close?: () => void
}

export function smtpConfigured (config: Pick<Config, 'smtpHost' | 'mailFrom'>) {
  return config.smtpHost !== undefined && config.mailFrom !== undefined
}

export function createSmtpTransport (config: Pick<Config, 'smtpHost' | 'smtpPort' | 'smtpSecure' | 'smtpUser' | 'smtpPassword'>): MailTransport {
  return nodemailer.createTransport({
    host: config.smtpHost,
    port: config.smtpPort,
    secure: config.smtpSecure,
    ...(config.smtpUser !== undefined ? { auth: { user: config.smtpUser, pass: config.smtpPassword ?? '' } } : {}),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000
  })
}

/** The domain for Message-IDs: that of the sender address. */
export function messageIdDomain (from: string) {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost'
}

/**
 * The nodemailer message for an outbox row. The calendar goes through `icalEvent`, which nodemailer sends as a
 * `text/calendar; method=…` alternative *and* an `.ics` attachment (the layout Outlook and Gmail act on).
 * The Message-ID is stable per row, so a message sent twice after a crash can be recognised as one.
 */
export function toSendMailOptions (row: OutboxMessage, { from }: { from: string }): SendMailOptions {
  const calendar = row.attachments.find((a) => a.method !== undefined)
  const files = row.attachments.filter((a) => a !== calendar)
  return {
    from,
    to: row.toName ? { name: row.toName, address: row.toAddress } : row.toAddress,
    subject: row.subject,
    text: row.textBody,
    ...(row.htmlBody !== null ? { html: row.htmlBody } : {}),
    messageId: `<outbox-${row.id}.${row.createdAt.getTime()}@${messageIdDomain(from)}>`,
    headers: { 'Auto-Submitted': 'auto-generated' },
    attachments: files.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
    ...(calendar
      ? { icalEvent: { method: calendar.method!, filename: calendar.filename, content: Buffer.from(calendar.contentBase64, 'base64').toString('utf8') } }
      : {}),
    disableFileAccess: true,
    disableUrlAccess: true
  }
}

type SmtpError = Error & { code?: string, responseCode?: number }

/** Failures about this message (rejected recipient or content) rather than about the connection or login. */
export function isMessageLevel (error: unknown) {
  const code = (error as SmtpError).code
  return code === 'EENVELOPE' || code === 'EMESSAGE'
}

/** A 5xx answer to this very message: retrying will not help. */
export function isPermanent (error: unknown) {
  const { responseCode } = error as SmtpError
  return isMessageLevel(error) && typeof responseCode === 'number' && responseCode >= 500
}

/** What is kept as lastError and logged: code, SMTP status and message, without addresses or personal data. */
export function describeError (error: unknown) {
  const e = error as SmtpError
  const head = [e?.code, e?.responseCode].filter((v) => v !== undefined).join(' ')
  const message = String(e?.message ?? error)
    .replace(/[^\s<>"'(),;:@]+@[^\s<>"'(),;:]+/g, '[地址]')
    .replace(/\s+/g, ' ')
  return maskPersonalText(`${head ? head + ': ' : ''}${message}`).slice(0, 300)
}
