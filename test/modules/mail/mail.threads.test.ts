import { describe, expect, onTestFinished, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createServer, type AddressInfo } from 'node:net'
import { createTestApp, createTestDb } from '../../helpers/app.js'
import { fixedClock } from '../../../server/common/clock.js'
import { testConfig } from '../../../server/config.js'
import { outboxMessagesTable } from '../../../db/schema/index.js'
import type { Db } from '../../../db/client.js'
import { enqueueMail, type MailMessageInput } from '../../../server/modules/mail/mail.outbox.service.js'
import { createMailWorker } from '../../../server/modules/mail/mail.worker.js'
import { createSmtpTransport } from '../../../server/modules/mail/mail.transport.js'
import * as outbox from '../../../server/modules/mail/mail.repository.js'
import { findInstallationId } from '../../../server/modules/secrets/secrets.installation.service.js'
import { parseBoth } from '../calendar/ics-parsers.js'
import { scheduledHearing } from '../calendar/hearing-fixture.js'
import { startSmtpSink, type Received } from './smtp-sink.js'
import { parseMime } from './mime.js'

const FROM = '"滨海市信访局听证" <tingzheng@xfj.example.gov.cn>'
const MINUTE = 60_000

async function closedPort () {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function worker ({ db, clock, port }: { db: Db, clock: { now: () => Date }, port: number }) {
  const config = testConfig({ smtpHost: '127.0.0.1', smtpPort: port, smtpSecure: false, mailFrom: FROM })
  const w = createMailWorker({ db, clock, transport: createSmtpTransport(config), from: FROM })
  onTestFinished(() => w.stop())
  return w
}

const rows = (db: Db) => db.select().from(outboxMessagesTable).orderBy(outboxMessagesTable.id).all()

/** The calendar a delivered message carried: method, UID, SEQUENCE. */
function delivered (m: Received) {
  const root = parseMime(m.raw)
  const part = root.parts.find((p) => p.type === 'multipart/alternative')!.parts.find((p) => p.type === 'text/calendar')!
  const cal = parseBoth(part.body.toString('utf8')).icaljs
  return { to: m.to[0]!, method: cal.method, uid: cal.events[0]!.uid, sequence: cal.events[0]!.sequence }
}

describe('calendar messages are delivered in order per event and recipient', () => {
  test('outage, update, cancellation, recovery: only the cancellations are delivered; nothing older reaches anyone after them', async () => {
    const f = await scheduledHearing()
    await f.draw()
    const { db, clock } = f.t
    const down = await closedPort()

    // The SMTP server is unreachable: the invitations wait for their retry.
    expect(await worker({ db, clock, port: down }).runOnce()).toMatchObject({ claimed: 5, sent: 0, retried: 1, released: 4 })

    // The time moves during the outage; the worker tries again (still down) once the update is queued.
    const moved = await f.t.app.inject({ method: 'PATCH', url: f.url, headers: f.t.admin.headers, payload: { version: f.version(), startsAt: '2026-12-11T09:00:00+08:00', endsAt: '2026-12-11T11:00:00+08:00' } })
    expect(moved.statusCode).toBe(200)
    clock.advance(MINUTE)
    expect(await worker({ db, clock, port: down }).runOnce()).toMatchObject({ sent: 0, retried: 1 })

    const cancelled = await f.t.app.inject({ method: 'POST', url: `${f.url}/transitions`, headers: f.t.admin.headers, payload: { action: 'cancel', version: f.version(), reason: '信访人撤回听证申请' } })
    expect(cancelled.statusCode).toBe(200)

    const all = rows(db)
    const cancels = all.filter((m) => m.attachments[0]!.method === 'CANCEL')
    expect(cancels).toHaveLength(5)
    expect(all.filter((m) => m.attachments[0]!.method === 'REQUEST').map((m) => m.status)).toEqual(Array(12).fill('superseded'))
    for (const m of all) {
      if (m.status !== 'superseded') continue
      // by a later message to the same person: the next update, or the cancellation
      const by = all.find((c) => c.id === m.supersededBy)!
      expect([by.toAddress, by.id > m.id]).toEqual([m.toAddress, true])
    }

    // The server is back: one run delivers the five cancellations, and nothing follows them.
    const sink = await startSmtpSink({ port: down })
    onTestFinished(() => sink.stop())
    clock.advance(30 * MINUTE)
    const w = worker({ db, clock, port: down })
    expect(await w.runOnce()).toMatchObject({ claimed: 5, sent: 5 })
    clock.advance(24 * 60 * MINUTE)
    expect(await w.runOnce()).toMatchObject({ claimed: 0 })
    const got = sink.received.map(delivered)
    expect(got.map((m) => m.method)).toEqual(Array(5).fill('CANCEL'))
    expect(new Set(got.map((m) => m.to)).size).toBe(5)
    expect(new Set(got.map((m) => m.uid))).toEqual(new Set([`hearing-${f.hearingId}@${findInstallationId(db)!}`]))
    expect(got.every((m) => m.sequence === 3)).toBe(true)
    expect(rows(db).map((m) => m.status).sort()).toEqual([...Array(5).fill('sent'), ...Array(12).fill('superseded')])
  })
})

function message (to: string, rank: number, final = false, key = `invite:hearing-1@x:member-${to}`): MailMessageInput {
  return {
    to: { address: `${to}@example.cn` },
    subject: `${final ? '取消' : '变更'} ${rank}`,
    text: '正文',
    dedupeKey: `${key}:${rank}:${final ? 'CANCEL' : 'REQUEST'}`,
    thread: { key, rank, final }
  }
}

function threadSetup () {
  const { db, sqlite } = createTestDb()
  onTestFinished(() => { sqlite.close() })
  const clock = fixedClock('2026-11-28T01:00:00.000Z')
  const claim = () => outbox.claimDue(db, { now: clock.now(), lockedUntil: new Date(clock.now().getTime() + 10 * MINUTE), limit: 10 }).map((m) => m.subject)
  const statusOf = (subject: string) => rows(db).find((m) => m.subject === subject)!
  return { db, clock, claim, statusOf, enqueue: (m: MailMessageInput) => enqueueMail(db, { ...m, at: clock.now() }) }
}

describe('outbox threads', () => {
  test('an update queued while the previous one is being sent waits for it; when that attempt fails, the older one is superseded and only the newer goes', () => {
    const s = threadSetup()
    s.enqueue(message('a', 1))
    expect(s.claim()).toEqual(['变更 1'])
    expect(s.enqueue(message('a', 2))).toMatchObject({ queued: true, willSend: true, superseded: 0 })
    s.enqueue(message('b', 2))
    // Another recipient's mail is not held up.
    expect(s.claim()).toEqual(['变更 2'])
    expect(rows(s.db).filter((m) => m.status === 'sending').map((m) => [m.toAddress, m.subject])).toEqual([['a@example.cn', '变更 1'], ['b@example.cn', '变更 2']])
    const [olderA] = rows(s.db)
    outbox.markRetry(s.db, olderA!.id, { at: s.clock.now(), nextAttemptAt: s.clock.now(), lastError: 'ECONNREFUSED' })
    expect(s.claim()).toEqual(['变更 2'])
    expect(rows(s.db).map((m) => [m.toAddress, m.subject, m.status, m.supersededBy])).toEqual([
      ['a@example.cn', '变更 1', 'superseded', 2],
      ['a@example.cn', '变更 2', 'sending', null],
      ['b@example.cn', '变更 2', 'sending', null]
    ])
  })

  test('when the previous one is delivered, the update goes after it', () => {
    const s = threadSetup()
    s.enqueue(message('a', 1))
    expect(s.claim()).toEqual(['变更 1'])
    s.enqueue(message('a', 2))
    expect(s.claim()).toEqual([])
    outbox.markSent(s.db, rows(s.db)[0]!.id, s.clock.now())
    expect(s.claim()).toEqual(['变更 2'])
  })

  test('a message whose worker died is superseded once its lease lapses if a newer one is queued', () => {
    const s = threadSetup()
    s.enqueue(message('a', 1))
    expect(s.claim()).toEqual(['变更 1'])
    s.enqueue(message('a', 2))
    s.clock.advance(10 * MINUTE)
    expect(s.claim()).toEqual(['变更 2'])
    expect(rows(s.db)[0]).toMatchObject({ status: 'superseded', supersededBy: rows(s.db)[1]!.id })
  })

  test('a queued or failed older message is superseded as soon as the newer one is queued', () => {
    const s = threadSetup()
    s.enqueue(message('a', 0))
    s.enqueue(message('a', 1))
    expect(s.statusOf('变更 0').status).toBe('superseded')
    s.db.update(outboxMessagesTable).set({ status: 'failed' }).where(eq(outboxMessagesTable.id, s.statusOf('变更 1').id)).run()
    expect(s.enqueue(message('a', 2, true))).toMatchObject({ queued: true, willSend: true, superseded: 1 })
    expect(s.statusOf('变更 1')).toMatchObject({ status: 'superseded', supersededBy: s.statusOf('取消 2').id })
    expect(s.claim()).toEqual(['取消 2'])
  })

  test('a cancellation is final: a request queued after it, sent or not, is stored superseded and never claimed; so is a lower SEQUENCE', () => {
    const s = threadSetup()
    s.enqueue(message('a', 3, true))
    expect(s.claim()).toEqual(['取消 3'])
    outbox.markSent(s.db, s.statusOf('取消 3').id, s.clock.now())
    expect(s.enqueue(message('a', 4))).toMatchObject({ queued: true, willSend: false })
    expect(s.statusOf('变更 4')).toMatchObject({ status: 'superseded', supersededBy: s.statusOf('取消 3').id })

    s.enqueue(message('b', 5))
    expect(s.enqueue(message('b', 4))).toMatchObject({ willSend: false })
    expect(s.claim()).toEqual(['变更 5'])
    expect(rows(s.db).filter((m) => m.toAddress === 'b@example.cn').map((m) => m.status)).toEqual(['sending', 'superseded'])
  })

  test('messages outside any thread are not affected', () => {
    const s = threadSetup()
    for (const i of [1, 2]) s.enqueue({ to: { address: 'a@example.cn' }, subject: `通知 ${i}`, text: '正文' })
    expect(s.claim()).toEqual(['通知 1', '通知 2'])
  })
})

describe('POST /api/v1/outbox/{id}/retry', () => {
  test('a superseded message cannot be sent again: 409 mail.superseded naming its successor', async () => {
    const t = await createTestApp()
    const older = t.db.transaction((tx) => enqueueMail(tx, { ...message('a', 1), at: t.clock.now() }))
    const newer = t.db.transaction((tx) => enqueueMail(tx, { ...message('a', 2, true), at: t.clock.now() }))
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/outbox/${older.id}/retry`, headers: t.admin.headers })
    expect(res.statusCode).toBe(409)
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(res.json()).toMatchObject({ code: 'mail.superseded', supersededBy: newer.id })
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/outbox?status=superseded', headers: t.admin.headers })
    expect(listed.json().items).toEqual([expect.objectContaining({ id: older.id, status: 'superseded', supersededBy: newer.id })])
  })
})
