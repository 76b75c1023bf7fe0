import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { eq } from 'drizzle-orm'
import { createDatabase, type Db } from '../../../db/client.js'
import { runMigrations } from '../../../db/migrate.js'
import { hearingsTable, hearingParticipantsTable, matterStagesTable, usersTable } from '../../../db/schema/index.js'
import { fixedClock, type Clock } from '../../../server/common/clock.js'
import { seededRng } from '../../../server/common/random.js'
import { systemActor } from '../../../server/common/actor.js'
import { testConfig } from '../../../server/config.js'
import { createServices } from '../../../server/services.js'
import { loadWorkCalendar } from '../../../server/modules/calendar-days/calendar-days.service.js'
import { createRemindersService } from '../../../server/modules/reminders/reminders.service.js'
import { aMatter, aMember, anOrganisation, aVenue } from '../../helpers/factories.js'

export const BASE_URL = 'https://tz.example.gov.cn'
/** 2026-11-28 09:00 in Shanghai (a Saturday), after the default 08:00. */
export const NOW = '2026-11-28T01:00:00.000Z'

/** A database file of its own (deleted after the test), migrated. */
export function fileDatabase () {
  const dir = mkdtempSync(join(tmpdir(), 'tz-reminders-'))
  const filename = join(dir, 'test.db')
  const handles: { sqlite: { close: () => void } }[] = []
  const open = () => {
    const h = createDatabase({ filename })
    handles.push(h)
    return h
  }
  const first = open()
  runMigrations(first.db)
  onTestFinished(() => {
    for (const h of handles) h.sqlite.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { ...first, open }
}

export function remindersOn (db: Db, clock: Clock, options: { backoffMs?: number[], maxAttempts?: number } = {}) {
  return createRemindersService({ db, clock, baseUrl: BASE_URL, loadCalendar: loadWorkCalendar, ...options })
}

/**
 * A township matter with a notified hearing on 2026-12-01 09:30 (host with a mailbox, recorder without, one officer,
 * a third party without a mailbox), its handling stage due 2026-12-02, and a coordinator of the county (one level
 * up: the township has none) whose account is linked to a pool member with a mailbox.
 */
export function seedScenario (db: Db) {
  const services = createServices({ db, clock: fixedClock(NOW), rng: seededRng(1), config: testConfig() })
  const actor = systemActor()
  const city = services.regions.create(actor, { name: '滨海市' })
  const county = services.regions.create(actor, { name: '东城区', parentId: city.id })
  const town = services.regions.create(actor, { name: '渤海街道', parentId: county.id })
  const org = anOrganisation(db)
  const host = aMember(db, { homeRegionId: town.id, name: '张主持', email: 'host@example.cn' })
  const recorder = aMember(db, { homeRegionId: town.id, name: '李记录', email: null })
  const officer = aMember(db, { homeRegionId: town.id, name: '王听证', email: 'officer@example.cn' })
  const thirdParty = aMember(db, { homeRegionId: town.id, name: '赵第三', email: null })
  const coordinatorMember = aMember(db, { homeRegionId: county.id, name: '钱协调', email: 'coord@example.cn' })
  const at = new Date(NOW)
  const coordinator = db.insert(usersTable).values({ username: 'coord', displayName: '钱协调', passwordHash: 'x', role: 'coordinator', regionId: county.id, poolMemberId: coordinatorMember.id, createdAt: at, updatedAt: at }).returning().get()
  const venue = aVenue(db, town.id)
  const matter = aMatter(db, { regionId: town.id, respondentOrganisationId: org.id })
  db.update(matterStagesTable).set({ dueOn: '2026-12-02' }).where(eq(matterStagesTable.matterId, matter.id)).run()
  const hearing = db.insert(hearingsTable).values({
    matterId: matter.id,
    regionId: town.id,
    procedure: 'general',
    startsAt: new Date('2026-12-01T01:30:00Z'),
    endsAt: new Date('2026-12-01T03:30:00Z'),
    venueId: venue.id,
    hostMemberId: host.id,
    recorderMemberId: recorder.id,
    panelSize: 5,
    status: 'notified',
    noticeServedOn: '2026-11-20',
    rulesetLabel: '全国默认',
    rulesetFingerprint: 'x',
    ruleset: {},
    uid: 'h-1',
    createdAt: at,
    updatedAt: at
  }).returning().get()
  db.insert(hearingParticipantsTable).values([
    { hearingId: hearing.id, kind: 'officer', memberId: officer.id, rank: 1, hearingStartsAt: hearing.startsAt, createdAt: at },
    { hearingId: hearing.id, kind: 'third_party', memberId: thirdParty.id, hearingStartsAt: hearing.startsAt, createdAt: at }
  ]).run()
  return { services, city, county, town, host, recorder, officer, thirdParty, coordinator, matter, hearing, venue }
}
