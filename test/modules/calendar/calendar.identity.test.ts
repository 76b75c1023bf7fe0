import { describe, expect, onTestFinished, test } from 'vitest'
import { like } from 'drizzle-orm'
import { buildApp } from '../../../server/app.js'
import { testConfig } from '../../../server/config.js'
import { seededRng } from '../../../server/common/random.js'
import { createServices } from '../../../server/services.js'
import { calendarEventUidsTable, calendarInvitationsTable, installationTable, outboxMessagesTable } from '../../../db/schema/index.js'
import { findInstallationId } from '../../../server/modules/secrets/secrets.installation.service.js'
import { inviteDedupeKey, parseInviteDedupeKey } from '../../../server/modules/calendar/calendar.identity.js'
import { aMember } from '../../helpers/factories.js'
import { parseBoth } from './ics-parsers.js'
import { MAIL_FROM, outbox, scheduledHearing } from './hearing-fixture.js'

type Fixture = Awaited<ReturnType<typeof scheduledHearing>>

/** Another service process on the same database, reached at `publicBaseUrl`. */
async function instanceAt (f: Fixture, publicBaseUrl: string, seed: number) {
  const deps = { config: testConfig({ publicBaseUrl, mailFrom: MAIL_FROM }), db: f.t.db, sqlite: f.t.sqlite, clock: f.t.clock, rng: seededRng(seed) }
  const services = createServices(deps)
  const app = await buildApp({ ...deps, services })
  onTestFinished(() => app.close())
  return { app, services }
}

async function moveBy (app: Fixture['t']['app'], f: Fixture, day: number) {
  const res = await app.inject({
    method: 'PATCH',
    url: f.url,
    headers: f.t.admin.headers,
    payload: { version: f.version(), startsAt: `2026-12-${day}T09:00:00+08:00`, endsAt: `2026-12-${day}T11:00:00+08:00` }
  })
  expect(res.statusCode).toBe(200)
}

async function feedUids (app: Fixture['t']['app'], f: Fixture, path: string) {
  const address = await app.inject({ method: 'GET', url: path, headers: f.t.admin.headers })
  expect(address.statusCode).toBe(200)
  const ics = await app.inject({ method: 'GET', url: new URL(address.json().url).pathname })
  expect(ics.statusCode).toBe(200)
  const [a, b] = parseBoth(ics.body).both
  expect(b!.events.map((e) => e.uid)).toEqual(a!.events.map((e) => e.uid))
  return a!.events.map((e) => e.uid)
}

const uidsOf = (mails: ReturnType<typeof outbox>) => [...new Set(mails.map((m) => m.cal.events[0]!.uid))]

describe('calendar UIDs do not depend on PUBLIC_BASE_URL', () => {
  test('a second instance at another address sends the same hearing\'s update and serves its feeds under the same UID', async () => {
    const f = await scheduledHearing()
    await f.draw()
    const installationId = findInstallationId(f.t.db)!
    expect(installationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const uid = `hearing-${f.hearingId}@${installationId}`
    expect(uidsOf(outbox(f.t))).toEqual([uid])
    expect(await feedUids(f.t.app, f, `/api/v1/pool/members/${f.host.id}/calendar-feed`)).toEqual([uid])
    expect(await feedUids(f.t.app, f, '/api/v1/me/calendar-feed')).toEqual([uid])

    const moved = await instanceAt(f, 'https://tingzheng.xfj.example.cn', 99)
    const before = outbox(f.t).length
    await moveBy(moved.app, f, 12)
    const update = outbox(f.t).slice(before)
    expect(update).toHaveLength(5)
    expect(uidsOf(update)).toEqual([uid])
    expect(findInstallationId(f.t.db)).toBe(installationId)
    expect(await feedUids(moved.app, f, `/api/v1/pool/members/${f.host.id}/calendar-feed`)).toEqual([uid])
    expect(await feedUids(moved.app, f, '/api/v1/me/calendar-feed')).toEqual([uid])
  })

  test('an installation upgraded from address-named UIDs keeps them for the hearings it had, also after a move; new hearings are named after the installation', async () => {
    const f = await scheduledHearing()
    await f.draw()
    // The database as the previous version left it: UIDs named after the host, no installation id, nothing adopted.
    const legacy = `hearing-${f.hearingId}@tz.binzhou.example.gov.cn`
    for (const row of f.t.db.select().from(outboxMessagesTable).where(like(outboxMessagesTable.dedupeKey, 'invite:%')).all()) {
      const key = parseInviteDedupeKey(row.dedupeKey!)!
      f.t.sqlite.prepare('update outbox_messages set dedupe_key = ? where id = ?').run(inviteDedupeKey({ ...key, uid: legacy }), row.id)
    }
    f.t.db.delete(calendarInvitationsTable).run()
    f.t.db.delete(calendarEventUidsTable).run()
    f.t.db.delete(installationTable).run()

    // Upgraded and moved to a new address in one go.
    const upgraded = await instanceAt(f, 'https://tingzheng.xfj.example.cn', 99)
    expect(findInstallationId(f.t.db)).toBeDefined()
    let before = outbox(f.t).length
    await moveBy(upgraded.app, f, 12)
    expect(uidsOf(outbox(f.t).slice(before))).toEqual([legacy])
    expect(await feedUids(upgraded.app, f, `/api/v1/pool/members/${f.host.id}/calendar-feed`)).toEqual([legacy])
    expect(await feedUids(upgraded.app, f, '/api/v1/me/calendar-feed')).toEqual([legacy])

    const movedAgain = await instanceAt(f, 'https://xfj.binzhou.example.gov.cn', 100)
    before = outbox(f.t).length
    await moveBy(movedAgain.app, f, 13)
    expect(uidsOf(outbox(f.t).slice(before))).toEqual([legacy])

    before = outbox(f.t).length
    const next = await movedAgain.app.inject({
      method: 'POST',
      url: '/api/v1/hearings',
      headers: f.t.admin.headers,
      payload: { matterId: f.matter.id, procedure: 'simple', panelSize: 3, startsAt: '2026-12-20T09:00:00+08:00', endsAt: '2026-12-20T11:00:00+08:00', venueId: f.venue.id, hostMemberId: f.host.id, recorderMemberId: f.recorder.id }
    })
    expect(next.statusCode).toBe(201)
    const nextId: number = next.json().hearing.id
    expect(uidsOf(outbox(f.t).slice(before))).toEqual([`hearing-${nextId}@${findInstallationId(f.t.db)!}`])
  })

  test('invitation keys are read back whatever the UID holds (an IPv6 host has colons)', () => {
    const key = { uid: 'hearing-5@[::1]', sequence: 12, method: 'CANCEL' as const, person: { kind: 'participant' as const, id: 31 } }
    expect(inviteDedupeKey(key)).toBe('invite:hearing-5@[::1]:12:CANCEL:participant-31')
    expect(parseInviteDedupeKey(inviteDedupeKey(key))).toEqual(key)
    expect(parseInviteDedupeKey('invite:hearing-5@x:REQUEST:member-1')).toBeNull()
  })
})

describe('a cancellation is final for its UID', () => {
  test('a recorder taken off and put back on is sent the CANCEL, then an invitation to a new event under a new UID; their feed shows the new one', async () => {
    const f = await scheduledHearing()
    const uid = `hearing-${f.hearingId}@${findInstallationId(f.t.db)!}`
    const other = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, name: '钱记录', email: 'qian.jilu@example.cn' })
    const setRecorder = async (recorderMemberId: number) => {
      const res = await f.t.app.inject({ method: 'PATCH', url: f.url, headers: f.t.admin.headers, payload: { version: f.version(), recorderMemberId } })
      expect(res.statusCode).toBe(200)
    }
    await setRecorder(other.id)
    await setRecorder(f.recorder.id)
    const toRecorder = outbox(f.t).filter((m) => m.to === 'zhao.jilu@example.cn').map((m) => [m.method, m.cal.events[0]!.uid, m.cal.events[0]!.sequence])
    const again = `hearing-${f.hearingId}.2@${findInstallationId(f.t.db)!}`
    expect(toRecorder).toEqual([['REQUEST', uid, 0], ['CANCEL', uid, 1], ['REQUEST', again, 2]])
    const rows = f.t.db.select().from(outboxMessagesTable).all().filter((m) => m.toAddress === 'zhao.jilu@example.cn')
    expect(rows.map((m) => m.status)).toEqual(['superseded', 'queued', 'queued'])
    const feed = await f.t.app.inject({ method: 'GET', url: `/api/v1/pool/members/${f.recorder.id}/calendar-feed`, headers: f.t.admin.headers })
    const ics = await f.t.app.inject({ method: 'GET', url: new URL(feed.json().url).pathname })
    for (const cal of parseBoth(ics.body).both) expect(cal.events.map((e) => [e.uid, e.status])).toEqual([[again, 'CONFIRMED']])
  })
})
