import { describe, expect, onTestFinished, test } from 'vitest'
import { createServer, type AddressInfo } from 'node:net'
import { eq } from 'drizzle-orm'
import { createTestDb } from '../../helpers/app.js'
import { fixedClock } from '../../../server/common/clock.js'
import { testConfig } from '../../../server/config.js'
import { outboxMessagesTable, type OutboxMessage } from '../../../db/schema/index.js'
import { enqueueMail, icsAttachment, pdfAttachment, type MailMessageInput } from '../../../server/modules/mail/mail.outbox.service.js'
import { createMailWorker } from '../../../server/modules/mail/mail.worker.js'
import { createSmtpTransport } from '../../../server/modules/mail/mail.transport.js'
import * as outbox from '../../../server/modules/mail/mail.repository.js'
import { inviteMail } from '../../../server/modules/calendar/calendar.mail.js'
import { aHearing, BASE_URL, OFFICER_A, ORGANIZER, recipientOf } from '../calendar/fixtures.js'
import { parseBoth } from '../calendar/ics-parsers.js'
import { startSmtpSink } from './smtp-sink.js'
import { decodeWords, leaves, parseMime } from './mime.js'

const FROM = '"滨海市信访局听证" <tingzheng@xfj.example.gov.cn>'
const MINUTE = 60_000
const PDF = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1')

function setup () {
  const { db, sqlite } = createTestDb()
  onTestFinished(() => { sqlite.close() })
  const clock = fixedClock('2026-11-28T01:00:00.000Z')
  return { db, clock }
}

function worker ({ db, clock, port, auth, maxAttempts }: { db: ReturnType<typeof setup>['db'], clock: ReturnType<typeof setup>['clock'], port: number, auth?: { user: string, pass: string }, maxAttempts?: number }) {
  const config = testConfig({ smtpHost: '127.0.0.1', smtpPort: port, smtpSecure: false, smtpUser: auth?.user, smtpPassword: auth?.pass, mailFrom: FROM })
  const w = createMailWorker({ db, clock, transport: createSmtpTransport(config), from: FROM, ...(maxAttempts ? { maxAttempts } : {}) })
  onTestFinished(() => w.stop())
  return w
}

const rows = (db: ReturnType<typeof setup>['db']) => db.select().from(outboxMessagesTable).orderBy(outboxMessagesTable.id).all()

function note (i: number): MailMessageInput {
  return { to: { address: `officer${i}@example.cn`, name: `听证员${i}` }, subject: `听证通知 ${i}`, text: `第 ${i} 封通知`, attachments: [pdfAttachment({ pdf: PDF, filename: `notice-${i}.pdf` })] }
}

/** A loopback port nothing listens on. */
async function closedPort () {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('delivery over a real SMTP server on loopback', () => {
  test('an invite goes as text/plain + text/calendar; method=REQUEST alternative, the .ics attachment and a PDF; the row is marked sent', async () => {
    const { db, clock } = setup()
    const sink = await startSmtpSink({ auth: { user: 'tz', pass: 'smtp-secret' } })
    onTestFinished(() => sink.stop())
    const hearing = aHearing()
    const message = inviteMail({ hearing, recipient: recipientOf(OFFICER_A), method: 'REQUEST', now: clock.now(), organizer: ORGANIZER })
    db.transaction((tx) => enqueueMail(tx, { ...message, attachments: [...message.attachments!, pdfAttachment({ pdf: PDF, filename: 'notice.pdf' })], at: clock.now() }))

    const result = await worker({ db, clock, port: sink.port, auth: { user: 'tz', pass: 'smtp-secret' } }).runOnce()

    expect(result).toMatchObject({ claimed: 1, sent: 1, retried: 0, failed: 0 })
    expect(sink.received).toHaveLength(1)
    const mail = sink.received[0]!
    expect(mail.to).toEqual(['wang@example.cn'])
    expect(mail.from).toBe('tingzheng@xfj.example.gov.cn')
    const root = parseMime(mail.raw)
    expect(decodeWords(root.headers.subject!)).toBe('听证邀请：供暖费退还问题听证会（2026年12月1日（星期二）09:30—11:00）')
    expect(root.headers['message-id']).toMatch(/^<outbox-1\.\d+@xfj\.example\.gov\.cn>$/)
    expect(root.headers['auto-submitted']).toBe('auto-generated')
    expect(root.type).toBe('multipart/mixed')

    const alternative = root.parts.find((p) => p.type === 'multipart/alternative')!
    expect(alternative.parts.map((p) => p.type)).toEqual(['text/plain', 'text/calendar'])
    const [plain, calendarPart] = alternative.parts as [typeof root, typeof root]
    expect(calendarPart.params).toMatchObject({ method: 'REQUEST', charset: 'utf-8' })
    const body = plain.body.toString('utf8')
    expect(body).toContain('王听证：')
    expect(body).toContain(`听证详情：${BASE_URL}/hearings/42`)

    const attachments = root.parts.filter((p) => p.type !== 'multipart/alternative')
    expect(attachments.map((p) => [p.type, p.params.name, p.headers['content-disposition']?.split(';')[0]])).toEqual([
      ['application/pdf', 'notice.pdf', 'attachment'],
      ['application/ics', 'invite.ics', 'attachment']
    ])
    expect(attachments[0]!.body.equals(PDF)).toBe(true)
    const ics = attachments[1]!.body.toString('utf8')
    expect(ics).toBe(calendarPart.body.toString('utf8'))
    for (const calendar of parseBoth(ics).both) {
      expect(calendar.method).toBe('REQUEST')
      expect(calendar.events[0]).toMatchObject({ uid: hearing.uid, sequence: 0, start: hearing.start.toISOString() })
    }

    const [row] = rows(db)
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null, sentAt: clock.now() })
  })

  test('a cancellation goes as text/calendar; method=CANCEL', async () => {
    const { db, clock } = setup()
    const sink = await startSmtpSink()
    onTestFinished(() => sink.stop())
    const message = inviteMail({ hearing: aHearing({ status: 'cancelled', sequence: 2 }), recipient: recipientOf(OFFICER_A), method: 'CANCEL', now: clock.now(), organizer: ORGANIZER })
    db.transaction((tx) => enqueueMail(tx, { ...message, at: clock.now() }))
    await worker({ db, clock, port: sink.port }).runOnce()
    const root = parseMime(sink.received[0]!.raw)
    expect(decodeWords(root.headers.subject!)).toMatch(/^听证取消：/)
    const calendarPart = leaves(root).find((p) => p.type === 'text/calendar')!
    expect(calendarPart.params.method).toBe('CANCEL')
    expect(calendarPart.body.toString('utf8')).toContain('METHOD:CANCEL\r\n')
  })

  test('the SMTP server stops mid-batch: nothing is lost, backoff is respected, and delivery resumes after it is back and the service restarted', async () => {
    const { db, clock } = setup()
    const sink = await startSmtpSink({ afterMessage: (count, s) => { if (count === 2) void s.stop() } })
    const port = sink.port
    db.transaction((tx) => { for (let i = 1; i <= 5; i++) enqueueMail(tx, { ...note(i), at: clock.now() }) })

    const first = await worker({ db, clock, port }).runOnce()

    expect(first).toMatchObject({ claimed: 5, sent: 2, retried: 1, released: 2 })
    expect(sink.received).toHaveLength(2)
    const afterOutage = rows(db)
    expect(afterOutage.map((r) => r.status)).toEqual(['sent', 'sent', 'queued', 'queued', 'queued'])
    expect(afterOutage.map((r) => r.attempts)).toEqual([1, 1, 1, 0, 0])
    for (const r of afterOutage.slice(2)) expect(r.nextAttemptAt).toEqual(new Date(clock.now().getTime() + MINUTE))
    expect(afterOutage[2]!.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/)

    expect(await worker({ db, clock, port }).runOnce()).toMatchObject({ claimed: 0 })

    const back = await startSmtpSink({ port })
    onTestFinished(() => back.stop())
    clock.advance(MINUTE)
    const restarted = worker({ db, clock, port })
    expect(await restarted.runOnce()).toMatchObject({ claimed: 3, sent: 3 })

    const subjects = [...sink.received, ...back.received].map((m) => decodeWords(parseMime(m.raw).headers.subject!))
    expect(subjects.sort()).toEqual(['听证通知 1', '听证通知 2', '听证通知 3', '听证通知 4', '听证通知 5'])
    expect(rows(db).every((r) => r.status === 'sent')).toBe(true)
  })

  test('retries follow 1 min, 5 min, 30 min … and stop at the attempt limit with status failed', async () => {
    const { db, clock } = setup()
    const port = await closedPort()
    db.transaction((tx) => enqueueMail(tx, { ...note(1), at: clock.now() }))
    const w = worker({ db, clock, port, maxAttempts: 4 })
    const waits: number[] = []
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await w.runOnce()).toMatchObject({ claimed: 1, retried: 1 })
      const row = rows(db)[0]!
      expect(row).toMatchObject({ status: 'queued', attempts: attempt })
      waits.push((row.nextAttemptAt.getTime() - clock.now().getTime()) / MINUTE)
      clock.advance(row.nextAttemptAt.getTime() - clock.now().getTime() - 1)
      expect(await w.runOnce()).toMatchObject({ claimed: 0 })
      clock.advance(1)
    }
    expect(waits).toEqual([1, 5, 30])
    expect(await w.runOnce()).toMatchObject({ claimed: 1, failed: 1 })
    expect(rows(db)[0]).toMatchObject({ status: 'failed', attempts: 4 })
  })

  test('a recipient the server rejects with 5xx fails at once, without its address in lastError, and the rest of the batch is still sent', async () => {
    const { db, clock } = setup()
    const sink = await startSmtpSink({ rejectRecipient: 'officer2@example.cn' })
    onTestFinished(() => sink.stop())
    db.transaction((tx) => { for (let i = 1; i <= 3; i++) enqueueMail(tx, { ...note(i), at: clock.now() }) })
    expect(await worker({ db, clock, port: sink.port }).runOnce()).toMatchObject({ sent: 2, failed: 1 })
    const [, rejected] = rows(db)
    expect(rejected).toMatchObject({ status: 'failed', attempts: 1 })
    expect(rejected!.lastError).toMatch(/EENVELOPE 550/)
    expect(rejected!.lastError).not.toContain('officer2')
    expect(sink.received.map((m) => m.to[0])).toEqual(['officer1@example.cn', 'officer3@example.cn'])
  })

  test('a message claimed by a worker that died is taken again once its lease lapses (at-least-once)', async () => {
    const { db, clock } = setup()
    const sink = await startSmtpSink()
    onTestFinished(() => sink.stop())
    db.transaction((tx) => enqueueMail(tx, { ...note(1), at: clock.now() }))
    const claimed = db.transaction((tx) => outbox.claimDue(tx, { now: clock.now(), lockedUntil: new Date(clock.now().getTime() + 10 * MINUTE), limit: 10 }))
    expect(claimed.map((m: OutboxMessage) => m.status)).toEqual(['sending'])

    const w = worker({ db, clock, port: sink.port })
    expect(await w.runOnce()).toMatchObject({ claimed: 0 })
    clock.advance(10 * MINUTE)
    expect(await w.runOnce()).toMatchObject({ claimed: 1, sent: 1 })
    expect(rows(db)[0]).toMatchObject({ status: 'sent', attempts: 2 })
  })

  test('the polling loop started and stopped as in server/main.ts delivers queued mail', async () => {
    const { db, clock } = setup()
    const sink = await startSmtpSink()
    onTestFinished(() => sink.stop())
    db.transaction((tx) => enqueueMail(tx, { ...note(1), at: clock.now() }))
    const config = testConfig({ smtpHost: '127.0.0.1', smtpPort: sink.port, mailFrom: FROM })
    const w = createMailWorker({ db, clock, transport: createSmtpTransport(config), from: FROM, pollIntervalMs: 20 })
    w.start()
    for (let i = 0; i < 500 && sink.received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    await w.stop()
    expect(sink.received).toHaveLength(1)
    expect(db.select().from(outboxMessagesTable).where(eq(outboxMessagesTable.id, 1)).get()).toMatchObject({ status: 'sent' })
  })
})

describe('enqueueMail', () => {
  test('the message is written in the caller\'s transaction: rolled back with it, kept with it', () => {
    const { db, clock } = setup()
    expect(() => db.transaction((tx) => {
      enqueueMail(tx, { ...note(1), at: clock.now() })
      throw new Error('the change failed')
    })).toThrow('the change failed')
    expect(rows(db)).toHaveLength(0)
    db.transaction((tx) => enqueueMail(tx, { ...note(1), at: clock.now() }))
    expect(rows(db)).toHaveLength(1)
  })

  test('a dedupe key queues a message once', () => {
    const { db, clock } = setup()
    const first = db.transaction((tx) => enqueueMail(tx, { ...note(1), dedupeKey: 'invite:hearing-42:0:REQUEST:member-11', at: clock.now() }))
    const again = db.transaction((tx) => enqueueMail(tx, { ...note(2), dedupeKey: 'invite:hearing-42:0:REQUEST:member-11', at: clock.now() }))
    expect(first).toEqual({ id: 1, queued: true, superseded: 0, willSend: true })
    expect(again).toEqual({ id: 1, queued: false, superseded: 0, willSend: true })
    expect(rows(db).map((r) => r.subject)).toEqual(['听证通知 1'])
  })

  test('attachments are stored as base64 JSON; at most one calendar per message', () => {
    const { db, clock } = setup()
    db.transaction((tx) => enqueueMail(tx, { ...note(1), attachments: [icsAttachment({ ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', method: 'REQUEST' }), pdfAttachment({ pdf: PDF, filename: 'n.pdf' })], at: clock.now() }))
    expect(rows(db)[0]!.attachments).toEqual([
      { filename: 'invite.ics', contentType: 'text/calendar', contentBase64: Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n').toString('base64'), method: 'REQUEST' },
      { filename: 'n.pdf', contentType: 'application/pdf', contentBase64: PDF.toString('base64') }
    ])
    const two = [icsAttachment({ ics: 'x', method: 'REQUEST' }), icsAttachment({ ics: 'y', method: 'CANCEL' })]
    expect(() => db.transaction((tx) => enqueueMail(tx, { ...note(2), attachments: two, at: clock.now() }))).toThrow(/one calendar/)
  })
})
