import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHmac } from 'node:crypto'
import { describe, expect, it, onTestFinished } from 'vitest'
import { eq } from 'drizzle-orm'
import { matterPetitionersTable, reminderNotifierMessagesTable, reminderNotifiersTable } from '../../../db/schema/index.js'
import { fixedClock } from '../../../server/common/clock.js'
import { systemActor } from '../../../server/common/actor.js'
import { createTestApp, json } from '../../helpers/app.js'
import { BASE_URL, NOW, fileDatabase, remindersOn, seedScenario } from './reminders.fixture.js'

type Received = { path: string, headers: IncomingMessage['headers'], body: string }

/** A local HTTP server on 127.0.0.1 (port 0) answering with the scripted replies in turn (the last one repeats). */
async function localServer (replies: { status: number, body: string }[]) {
  const received: Received[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => { body += c })
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body })
      const reply = replies[Math.min(received.length, replies.length) - 1]!
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received }
}

const OK_WECOM = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' }
const PHONE = /1[3-9]\d{9}/
const ID_NUMBER = /\d{17}[\dX]/

function scenario () {
  const file = fileDatabase()
  const s = seedScenario(file.db)
  const clock = fixedClock(NOW)
  return { ...file, s, clock }
}

describe('reminder notifiers', () => {
  it('posts one WeCom markdown digest per run, without personal data', async () => {
    const { db, s, clock } = scenario()
    const server = await localServer([OK_WECOM])
    const reminders = remindersOn(db, clock)
    reminders.createNotifier(systemActor(), { name: '听证工作群', kind: 'wecom', url: `${server.url}/cgi-bin/webhook/send?key=robot-key-1` })
    const run = reminders.runDue()
    expect(run.status === 'ran' && run.run.counts).toMatchObject({ digests: 1 })
    expect(await reminders.deliverNotifications()).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 })
    expect(server.received).toHaveLength(1)
    const [request] = server.received
    expect(request!.path).toBe('/cgi-bin/webhook/send?key=robot-key-1')
    expect(request!.headers['content-type']).toBe('application/json; charset=utf-8')
    const payload = JSON.parse(request!.body) as { msgtype: string, markdown: { content: string } }
    expect(Object.keys(payload)).toEqual(['msgtype', 'markdown'])
    expect(payload.msgtype).toBe('markdown')
    const content = payload.markdown.content
    expect(content).toContain('### 听证管理系统每日提醒（2026-11-28）')
    expect(content).toContain('**听证即将举行**（1）')
    expect(content).toContain(`> ${s.matter.number} 听证定于 2026-12-01 09:30 [查看](${BASE_URL}/api/v1/hearings/${s.hearing.id})`)
    expect(content).toContain('**办理期限即将届满**（1）')
    const petitioner = db.select().from(matterPetitionersTable).where(eq(matterPetitionersTable.matterId, s.matter.id)).get()!
    for (const secret of [petitioner.idNumber, petitioner.name, s.host.mobile, s.host.idNumber, s.host.name, s.coordinator.displayName]) expect(content).not.toContain(secret)
    expect(content).not.toMatch(PHONE)
    expect(content).not.toMatch(ID_NUMBER)
    // a second scan the same day has nothing new: no second digest
    reminders.runNow(systemActor())
    expect(await reminders.deliverNotifications()).toMatchObject({ claimed: 0 })
    expect(server.received).toHaveLength(1)
  })

  it('posts the documented JSON to a generic webhook, signed with HMAC-SHA256 over timestamp and body', async () => {
    const { db, s, clock } = scenario()
    const server = await localServer([{ status: 204, body: '' }])
    const reminders = remindersOn(db, clock)
    const secret = 'a-long-shared-secret-0123456789'
    reminders.createNotifier(systemActor(), { name: '值班系统', kind: 'webhook', url: `${server.url}/hook`, secret })
    reminders.runDue()
    expect(await reminders.deliverNotifications()).toMatchObject({ sent: 1 })
    const [request] = server.received
    const timestamp = request!.headers['x-tingzheng-timestamp']
    expect(timestamp).toBe(String(Date.parse(NOW) / 1000))
    const expected = `sha256=${createHmac('sha256', secret).update(`${String(timestamp)}.${request!.body}`).digest('hex')}`
    expect(request!.headers['x-tingzheng-signature']).toBe(expected)
    const payload = JSON.parse(request!.body) as Record<string, unknown>
    expect(payload).toEqual({
      type: 'reminders.digest',
      runId: 1,
      scheduledFor: '2026-11-28',
      generatedAt: '2026-11-28T09:00:00.000+08:00',
      counts: { hearing_upcoming: 1, stage_deadline: 1 },
      items: [
        { kind: 'hearing_upcoming', kindName: '听证即将举行', subjectId: s.hearing.id, dueOn: '2026-12-01', summary: `${s.matter.number} 听证定于 2026-12-01 09:30`, url: `${BASE_URL}/api/v1/hearings/${s.hearing.id}` },
        { kind: 'stage_deadline', kindName: '办理期限即将届满', subjectId: 1, dueOn: '2026-12-02', summary: `${s.matter.number} 办理期限 2026-12-02 届满`, url: `${BASE_URL}/api/v1/matters/${s.matter.id}` }
      ]
    })
    expect(request!.body).not.toMatch(PHONE)
    expect(request!.body).not.toMatch(ID_NUMBER)
  })

  it('retries after a 500 with backoff and then delivers; the retry state is in the database', async () => {
    const { db, clock, open } = scenario()
    const server = await localServer([{ status: 500, body: 'upstream down' }, OK_WECOM])
    const reminders = remindersOn(db, clock, { backoffMs: [60_000, 600_000] })
    const n = reminders.createNotifier(systemActor(), { name: '群', kind: 'wecom', url: `${server.url}/send?key=k` }).notifier
    reminders.runDue()
    expect(await reminders.deliverNotifications()).toEqual({ claimed: 1, sent: 0, retried: 1, failed: 0 })
    const waiting = db.select().from(reminderNotifierMessagesTable).get()!
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1, lastError: 'HTTP 500：upstream down' })
    expect(waiting.nextAttemptAt.getTime()).toBe(Date.parse(NOW) + 60_000)
    expect(db.select().from(reminderNotifiersTable).get()).toMatchObject({ lastStatus: 'retrying', lastError: 'HTTP 500：upstream down' })
    // not yet due
    expect(await reminders.deliverNotifications()).toMatchObject({ claimed: 0 })
    // after a restart (a new service on the same file), once the backoff has passed
    clock.advance(60_000)
    const restarted = remindersOn(open().db, clock)
    expect(await restarted.deliverNotifications()).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 })
    expect(db.select().from(reminderNotifierMessagesTable).get()).toMatchObject({ status: 'sent', attempts: 2, lastError: null })
    expect(restarted.getNotifier(n.id).notifier).toMatchObject({ lastStatus: 'sent', lastError: null })
    expect(server.received).toHaveLength(2)
    expect(server.received[1]!.body).toBe(server.received[0]!.body)
  })

  it('gives up after three attempts and records the last error (WeCom errcode included)', async () => {
    const { db, clock } = scenario()
    const server = await localServer([{ status: 500, body: 'boom' }, { status: 502, body: '' }, { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' }])
    const reminders = remindersOn(db, clock, { backoffMs: [60_000, 600_000] })
    reminders.createNotifier(systemActor(), { name: '群', kind: 'wecom', url: `${server.url}/send?key=k` })
    reminders.runDue()
    expect(await reminders.deliverNotifications()).toMatchObject({ retried: 1 })
    clock.advance(60_000)
    expect(await reminders.deliverNotifications()).toMatchObject({ retried: 1 })
    expect(db.select().from(reminderNotifierMessagesTable).get()!.lastError).toBe('HTTP 502')
    clock.advance(600_000)
    expect(await reminders.deliverNotifications()).toEqual({ claimed: 1, sent: 0, retried: 0, failed: 1 })
    expect(db.select().from(reminderNotifierMessagesTable).get()).toMatchObject({ status: 'failed', attempts: 3, lastError: '企业微信 errcode 93000：invalid webhook url' })
    expect(db.select().from(reminderNotifiersTable).get()).toMatchObject({ lastStatus: 'failed' })
    clock.advance(24 * 3_600_000)
    expect(await reminders.deliverNotifications()).toMatchObject({ claimed: 0 })
    expect(server.received).toHaveLength(3)
  })

  it('records a refused connection without the URL or its key', async () => {
    const { db, clock } = scenario()
    const reminders = remindersOn(db, clock)
    // a port nobody listens on: one the system gave out, closed again
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const port = (probe.address() as AddressInfo).port
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    const dead = `http://127.0.0.1:${port}`
    reminders.createNotifier(systemActor(), { name: '群', kind: 'wecom', url: `${dead}/send?key=secret-robot-key` })
    reminders.runDue()
    await reminders.deliverNotifications()
    const message = db.select().from(reminderNotifierMessagesTable).get()!
    expect(message.lastError).toMatch(/^连接失败：E[A-Z]+/)
    expect(message.lastError).not.toContain('secret-robot-key')
  })
})

describe('reminder routes', () => {
  it('lets only the administrator change settings and notifiers; validates URLs; masks the key; sends a test', async () => {
    const t = await createTestApp()
    const server = await localServer([OK_WECOM])
    const coordinator = t.userWithToken({ role: 'coordinator', regionId: t.services.regions.create(t.admin.actor, { name: '滨海市' }).id })
    const defaults = await t.app.inject({ method: 'GET', url: '/api/v1/reminders/settings', headers: t.admin.headers })
    expect(defaults.statusCode).toBe(200)
    expect(defaults.json()).toMatchObject({ enabled: true, dailyTime: '08:00', hearingUpcoming: { enabled: true, days: 3 }, stageDeadline: { days: 5 }, stored: false, version: 0 })
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/reminders/settings', headers: coordinator.headers })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/reminders/settings', ...json({ dailyTime: '07:30' }), headers: { ...json({}).headers, ...coordinator.headers } })).statusCode).toBe(403)
    const saved = await t.app.inject({ method: 'PUT', url: '/api/v1/reminders/settings', payload: JSON.stringify({ dailyTime: '07:30', termEnding: { days: 60 }, version: 0 }), headers: { 'content-type': 'application/json', ...t.admin.headers } })
    expect(saved.statusCode).toBe(200)
    expect(saved.json()).toMatchObject({ dailyTime: '07:30', termEnding: { enabled: true, days: 60 }, version: 1, stored: true })
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/reminders/settings', payload: JSON.stringify({ dailyTime: '7:30' }), headers: { 'content-type': 'application/json', ...t.admin.headers } })
    expect(bad.statusCode).toBe(400)

    const post = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/reminders/notifiers', payload: JSON.stringify(body), headers: { 'content-type': 'application/json', ...t.admin.headers } })
    const ftp = await post({ name: '群', kind: 'wecom', url: 'ftp://qyapi.weixin.qq.com/send?key=k' })
    expect(ftp.statusCode).toBe(422)
    expect(ftp.json()).toMatchObject({ code: 'reminders.notifier_invalid_url' })
    const created = await post({ name: '听证工作群', kind: 'wecom', url: `${server.url}/cgi-bin/webhook/send?key=robot-key-2` })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ url: `${server.url}/cgi-bin/webhook/send?key=***`, secretSet: false, enabled: true })
    const id = (created.json() as { id: number }).id
    const test = await t.app.inject({ method: 'POST', url: `/api/v1/reminders/notifiers/${id}/test`, headers: t.admin.headers })
    expect(test.statusCode).toBe(200)
    expect(test.json()).toMatchObject({ status: 'sent', attempts: 1, runId: null })
    expect((JSON.parse(server.received[0]!.body) as { markdown: { content: string } }).markdown.content).toContain('提醒通道测试')
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/reminders/notifiers', headers: t.admin.headers })
    expect(JSON.stringify(list.json())).not.toContain('robot-key-2')
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/reminders/notifiers/${id}`, headers: t.admin.headers })).statusCode).toBe(204)
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/reminders/notifiers/${id}/test`, headers: t.admin.headers })).statusCode).toBe(404)

    const run = await t.app.inject({ method: 'POST', url: '/api/v1/reminders/runs', headers: t.admin.headers })
    expect(run.statusCode).toBe(201)
    expect(run.json()).toMatchObject({ trigger: 'manual', status: 'finished', scheduledFor: '2026-11-28' })
    const runs = await t.app.inject({ method: 'GET', url: '/api/v1/reminders/runs', headers: t.admin.headers })
    expect((runs.json() as { items: unknown[] }).items).toHaveLength(1)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/reminders/runs', headers: coordinator.headers })).statusCode).toBe(403)
    const deliveries = await t.app.inject({ method: 'GET', url: '/api/v1/reminders/deliveries', headers: coordinator.headers })
    expect(deliveries.statusCode).toBe(200)
    expect(deliveries.json()).toMatchObject({ items: [], total: 0, page: 1 })
  })
})
