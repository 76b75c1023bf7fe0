import { createDatabase } from '../../db/client.js'
import { runMigrations } from '../../db/migrate.js'
import { buildApp } from '../../server/app.js'
import { testConfig } from '../../server/config.js'
import { systemClock } from '../../server/shared/clock.js'
import { cryptoRng } from '../../server/shared/random.js'
import { createServices } from '../../server/plugins/services.js'
import { systemActor } from '../../server/shared/actor.js'
import { createCalendarService } from '../../server/modules/calendar/calendar.service.js'
import { buildFeed, type CalendarAttendee, type CalendarFeedEntry } from '../../server/modules/calendar/calendar.ics.js'
import { medianMs, round, type Figure } from './types.js'

const HEARINGS = 1000
const BASE_URL = 'https://tz.binzhou.example.gov.cn'

/** A year of hearings for one busy officer: 7-person panels, host, recorder, a respondent, every 7th cancelled. */
function entries (): CalendarFeedEntry[] {
  const start = Date.parse('2026-01-05T01:30:00Z')
  return Array.from({ length: HEARINGS }, (_, i) => {
    const attendees: CalendarAttendee[] = [
      { ref: { kind: 'member', id: 1 }, name: '张主持', email: 'host@example.cn', role: 'host', response: 'accepted' },
      { ref: { kind: 'member', id: 2 }, name: '李记录', email: 'rec@example.cn', role: 'recorder', response: 'accepted' },
      ...Array.from({ length: 7 }, (_, k): CalendarAttendee => ({
        ref: { kind: 'member', id: 10 + k }, name: `听证员${k + 1}`, email: `m${k}@example.cn`, role: 'panel', response: k % 3 === 0 ? 'needs-action' : 'accepted'
      })),
      { ref: { kind: 'participant', id: 100 + i }, name: '孙承办', email: 'sun@dept.example.cn', role: 'respondent', response: 'needs-action' }
    ]
    const begins = start + Math.floor(i / 4) * 86_400_000 + (i % 4) * 2 * 3_600_000
    return {
      hearing: {
        id: i + 1,
        uid: `hearing-${i + 1}@tz.binzhou.example.gov.cn`,
        sequence: i % 5,
        status: i % 7 === 0 ? 'cancelled' : 'confirmed',
        start: new Date(begins),
        end: new Date(begins + 90 * 60_000),
        venue: { name: `第${(i % 5) + 1}听证室`, address: '滨海市渤海路1号信访局三楼' },
        title: `第${i + 1}号信访事项听证会`,
        summary: '信访人要求退还2025年度供暖费，责任单位已作出不予退还的答复。',
        matterNumber: `滨信听〔2026〕${i + 1}号`,
        procedure: i % 2 === 0 ? 'general' : 'simple',
        url: `${BASE_URL}/hearings/${i + 1}`,
        attendees,
        updatedAt: new Date(begins - 7 * 86_400_000)
      }
    }
  })
}

async function feed1000 () {
  const fixtures = entries()
  const { db, sqlite } = createDatabase({ filename: ':memory:' })
  try {
    runMigrations(db)
    const config = testConfig({ publicBaseUrl: BASE_URL })
    const deps = { config, db, sqlite, clock: systemClock, rng: cryptoRng }
    const calendar = createCalendarService({ db, clock: systemClock, rng: cryptoRng, config, feedEntries: () => fixtures })
    const app = await buildApp({ ...deps, services: { ...createServices(deps), calendar } })
    const path = new URL(calendar.getFeed(systemActor(), { kind: 'member', id: 11 }).url).pathname
    let bytes = 0
    const ms = await medianMs(async () => {
      const res = await app.inject({ method: 'GET', url: path })
      if (res.statusCode !== 200) throw new Error(`feed answered ${res.statusCode}`)
      bytes = res.rawPayload.length
    }, { runs: 40, warmup: 10 })
    const buildOnly = await medianMs(() => buildFeed({ owner: { ref: { kind: 'member', id: 11 } }, entries: fixtures, now: new Date(), baseUrl: BASE_URL }), { runs: 30, warmup: 3 })
    await app.close()
    return {
      value: round(ms),
      unit: 'ms',
      sizes: `${HEARINGS} hearings × 11 attendees, GET /api/v1/calendar/feeds/:token.ics, ${Math.round(bytes / 1024)} KiB; buildFeed alone ${round(buildOnly)} ms; goal ≤ 50 ms`
    }
  } finally {
    sqlite.close()
  }
}

export const figures: Figure[] = [
  { name: 'feed_1000_median_ms', run: feed1000 }
]
