import { afterAll, describe, expect, test } from 'vitest'
import fc from 'fast-check'
import type { CalendarFeedEntry } from '../../../server/modules/calendar/calendar.ics.js'
import { buildFeed, buildFeedBytes } from '../../../server/modules/calendar/calendar.feed-writer.js'
import { escapeText, foldLine, foldUtf8Lines, formatLocal } from '../../../server/modules/calendar/ics-text.js'
import { maskPersonalText } from '../../../server/common/personal-data.js'
import { referenceFeed } from './reference-feed.js'
import { parseBoth } from './ics-parsers.js'
import { aHearing, BASE_URL, HOST, OFFICER_A } from './fixtures.js'

// As in calendar.ics.test.ts: the process must not be on Chinese time for these checks to mean anything.
const previousTz = process.env.TZ
process.env.TZ = 'America/New_York'
afterAll(() => { process.env.TZ = previousTz })

const OWNER = { ref: { kind: 'member' as const, id: 11 }, name: '王听证' }
const NOW = new Date('2026-11-28T01:00:00.000Z')

/** Free text with what RFC 5545 escaping and folding must handle: CJK, emoji (surrogate pairs), , ; \ and new lines. */
const freeText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('听', '证', '会', '，', '；', '（', '）', 'a', 'Z', '1', ' ', ',', ';', '\\', '\n', ':', '"', '😀', '𠮷', 'é'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })
  ),
  minLength: 1,
  maxLength: 120
})

/** 1992 onwards: Asia/Shanghai has been +08:00 throughout, as the VTIMEZONE we emit says. */
const instant = fc.integer({ min: Date.parse('1992-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }).map((ms) => Math.floor(ms / 1000) * 1000)

const entry = fc.record({
  id: fc.integer({ min: 1, max: 1_000_000 }),
  sequence: fc.integer({ min: 0, max: 50 }),
  status: fc.constantFrom('confirmed' as const, 'tentative' as const, 'cancelled' as const),
  start: instant,
  minutes: fc.integer({ min: 30, max: 600 }),
  title: freeText,
  summary: fc.option(freeText, { nil: null }),
  venueName: freeText,
  address: freeText,
  hostName: freeText,
  removed: fc.boolean(),
  updatedAt: fc.option(instant, { nil: undefined })
}).map((r): CalendarFeedEntry => ({
  removed: r.removed,
  hearing: aHearing({
    id: r.id,
    uid: `hearing-${r.id}@tz.binzhou.example.gov.cn`,
    sequence: r.sequence,
    status: r.status,
    start: new Date(r.start),
    end: new Date(r.start + r.minutes * 60_000),
    title: r.title,
    summary: r.summary,
    venue: { name: r.venueName, address: r.address },
    attendees: [{ ...HOST, name: r.hostName }, OFFICER_A],
    updatedAt: r.updatedAt === undefined ? undefined : new Date(r.updatedAt)
  })
}))

describe('the fast feed writer', () => {
  test('is byte-identical to the ical-generator + luxon recipe for the same events', () => {
    fc.assert(fc.property(fc.array(entry, { minLength: 0, maxLength: 5 }), (entries) => {
      expect(buildFeed({ owner: OWNER, entries, now: NOW, baseUrl: BASE_URL })).toBe(referenceFeed({ owner: OWNER, entries, now: NOW, baseUrl: BASE_URL }))
    }), { numRuns: 150, seed: 6 })
  })

  test('as bytes for the route, is the UTF-8 of the same text', () => {
    fc.assert(fc.property(fc.array(entry, { minLength: 0, maxLength: 5 }), (entries) => {
      const bytes = buildFeedBytes({ owner: OWNER, entries, now: NOW, baseUrl: BASE_URL })
      expect(bytes.equals(Buffer.from(buildFeed({ owner: OWNER, entries, now: NOW, baseUrl: BASE_URL })))).toBe(true)
    }), { numRuns: 100, seed: 7 })
  })

  test('its events read back through ical.js and node-ical with the same instants, UID, SEQUENCE and text', () => {
    fc.assert(fc.property(fc.array(entry, { minLength: 1, maxLength: 3 }), (entries) => {
      const ics = buildFeed({ owner: OWNER, entries, now: NOW, baseUrl: BASE_URL })
      for (const calendar of parseBoth(ics).both) {
        expect(calendar.method).toBe('PUBLISH')
        expect(calendar.events).toHaveLength(new Set(entries.map((e) => e.hearing.uid)).size)
        for (const { hearing, removed } of entries) {
          const event = calendar.events.find((e) => e.uid === hearing.uid)!
          const last = entries.filter((e) => e.hearing.uid === hearing.uid).at(-1)!
          if (last.hearing !== hearing) continue
          expect(event).toMatchObject({
            sequence: hearing.sequence,
            start: hearing.start.toISOString(),
            end: hearing.end.toISOString(),
            startTzid: 'Asia/Shanghai',
            dtstamp: NOW.toISOString(),
            status: hearing.status === 'cancelled' || removed ? 'CANCELLED' : hearing.status.toUpperCase()
          })
          expect(event.location).toBe(maskPersonalText(hearing.venue.address))
        }
      }
    }), { numRuns: 60, seed: 6 })
  })

  test('local times are Beijing wall-clock time whatever the process zone: 01:30Z is 09:30 in Shanghai', () => {
    expect(formatLocal(new Date('2026-12-01T01:30:00Z'), 'Asia/Shanghai')).toBe('20261201T093000')
    expect(formatLocal(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe('20270101T000000')
    expect(formatLocal(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('20260701T080000')
    expect(formatLocal(new Date('2026-03-08T06:59:59Z'), 'America/New_York')).toBe('20260308T015959')
    expect(formatLocal(new Date('2026-03-08T07:00:00Z'), 'America/New_York')).toBe('20260308T030000')
  })
})

describe('folding and escaping', () => {
  test('folded lines are at most 75 octets, never split a character, and unfold to the original', () => {
    fc.assert(fc.property(freeText, freeText, (a, b) => {
      const line = `DESCRIPTION:${escapeText(a + b)}`
      const folded = foldLine(line)
      for (const physical of folded.split('\r\n')) {
        expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(75)
        expect(physical).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
      }
      expect(folded.replace(/\r\n /g, '')).toBe(line)
    }), { numRuns: 300, seed: 6 })
  })

  test('folding UTF-8 bytes cuts every line where foldLine cuts the text', () => {
    const unit = fc.constantFrom('听', 'a', ' ', 'é', '😀', '𠮷', '\uD800', '\uDC00', '\\n')
    fc.assert(fc.property(fc.array(fc.string({ unit, maxLength: 150 }), { minLength: 1, maxLength: 4 }), (lines) => {
      const bytes = Buffer.from(lines.join('\r\n'))
      const padded = Buffer.concat([bytes, Buffer.from('\r\nstale')])
      expect(foldUtf8Lines(padded, bytes.length).equals(Buffer.from(lines.map(foldLine).join('\r\n')))).toBe(true)
    }), { numRuns: 500, seed: 6 })
  })

  test('escaping keeps the property on one line and marks the separators', () => {
    expect(escapeText('a,b;c\\d\ne\r\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf')
  })
})
