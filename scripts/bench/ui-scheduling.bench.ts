/**
 * Scheduling screens' figures, in headless Chromium (Debian's) against node dist/main.mjs on loopback, each run in
 * a new browser context (cold cache), on a county-sized database: a city of 8 counties, 80 townships and 800
 * villages, 5,000 pool members, 2,000 matters, 240 venues and 5,000 hearings (3 panel rows each) from a year ago to
 * four months ahead, 500 of them in the calendar's month.
 * - ui_preview_update_ms: the 修改听证安排 wizard (/hearings/:id/reschedule opens at its 时间与场所 step, the preview
 *   from POST /hearings/:id/preview): choosing another start time in 开始时间 → the problems panel
 *   (data-testid="preview-problems") shows the new result, no longer checking. Each run moves the start from 10:00
 *   to 09:00, into another hearing's booking of the venue (08:00–09:30: the 场所时间冲突 error appears), and back to
 *   10:00 (it disappears); both changes are timed, from the click on the option (the page's clock) to the frame
 *   showing the new panel. Median of 30 (15 runs × 2). Goal ≤ 300 ms.
 * - ui_calendar_month_ms: the 听证安排 calendar opened at the month before (/hearings?date=…), then 下一页 → the
 *   month view of the next month with its 500 hearings rendered, from the click (the page's clock) to the frame in
 *   which they are. "Rendered" is what a user sees: the month view lists a day's first 3 hearings and a "+n 项"
 *   entry for the rest (which opens the day's list), so the month is rendered when, over the month's own days, the
 *   visible hearing entries plus the n of every "+n 项" entry (or of a FullCalendar "+n" link, were the view to
 *   limit rows itself) count all 500; the neighbouring months' days in the grid are not counted. The browser runs
 *   in Asia/Shanghai, as a clerk's does, so hearings fall on their China days. Median of 15. Goal ≤ 500 ms.
 */
import { execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { systemActor } from '../../server/common/actor.js'
import { seededRng, type Rng } from '../../server/common/random.js'
import { startBundle } from './bundle-process.js'
import { launchChromium } from './chromium.js'
import { seedSearchDatabase } from './pool.bench.js'
import { median, round, type Figure } from './types.js'

const ADMIN_PASSWORD = 'Bench-ui-sched-4417'
const RUNS = 15
const WARMUP = 2
const VIEWPORT = { width: 1366, height: 768 }
const MEMBERS = 5_000
const MATTERS = 2_000
const VENUES_PER_TOWNSHIP = 3
const HEARINGS = 5_000
const IN_MONTH = 500
const PANEL_ROWS = 3
const H = 3_600_000
const DAY = 24 * H
const CHINA = 8 * H

type Measured = { previewMs: number, calendarMs: number, members: number, hearings: number, inMonth: number, month: string, venues: number, matters: number }

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)]!
const pad = (n: number) => String(n).padStart(2, '0')
/** The China-time year and month `offset` months after the one `at` falls in: its first instant and its YYYY-MM. */
function chinaMonth (at: number, offset: number) {
  const d = new Date(at + CHINA)
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1) - CHINA
  const f = new Date(first + CHINA)
  return { start: first, end: Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 1) - CHINA, label: `${f.getUTCFullYear()}-${pad(f.getUTCMonth() + 1)}` }
}

/**
 * The pool of the pool benches (5,000 members over 800 villages), then matters, venues and hearings written the
 * fast way (prepared inserts in one transaction), plus the rescheduled hearing and the booking it runs into, made
 * through the hearings service so they are what the wizard reads for real.
 */
async function seed (file: string, now: number) {
  const { sqlite, services, regions } = await seedSearchDatabase(file, { members: MEMBERS, organisations: 500 })
  const rng = seededRng(4417)
  const t = Date.now()
  const month = chinaMonth(now, 1)
  const target = chinaMonth(now, 2)
  const insVenue = sqlite.prepare('insert into venues (region_id, name, address, capacity, active, version, created_at, updated_at) values (?, ?, ?, 30, 1, 1, ?, ?)')
  const insMatter = sqlite.prepare(`insert into matters (number, title, summary, region_id, petitioner_kind, respondent_organisation_id, third_party_situations, version, created_at, updated_at)
    values (?, ?, '信访人反映征地补偿标准过低，要求重新核定。', ?, 'individual', ?, '[]', 1, ?, ?)`)
  const insPetitioner = sqlite.prepare("insert into matter_petitioners (matter_id, position, name, id_number, home_village_region_id) values (?, 1, '王信访', ?, ?)")
  const insStage = sqlite.prepare(`insert into matter_stages (matter_id, stage, accepting_body, accepted_on, limit_days, day_unit, exclude_hearing_time, extension_max_days, extension_unit,
    ruleset_label, base_due_on, due_on, created_at, updated_at) values (?, 'handling', ?, ?, 60, 'calendar', 0, 30, 'calendar', '全国默认', ?, ?, ?, ?)`)
  const insPerson = sqlite.prepare(`insert into members (name, gender, birth_date, id_number, mobile, home_region_id, role_officer, role_host, role_recorder, role_third_party,
    source_category, consent_cross_region, remuneration_kind, status, appointment_date, term_end, last_training_on, version, created_at, updated_at)
    values (?, 'male', '1975-03-10', ?, ?, ?, 1, 1, 1, 0, 'professional', 0, 'public_interest', 'active', '2026-01-01', '2029-12-31', '2026-06-01', 1, ?, ?)`)
  const venuesOf = new Map<number, number[]>()
  const matters: { id: number, regionId: number }[] = []
  const people: number[] = []
  sqlite.transaction(() => {
    for (const town of regions.townships) {
      const ids = []
      for (let v = 1; v <= VENUES_PER_TOWNSHIP; v++) ids.push(Number(insVenue.run(town.id, `${town.name}第${v}听证室`, `${town.name}政务服务中心${v}楼`, t, t).lastInsertRowid))
      venuesOf.set(town.id, ids)
    }
    for (let i = 1; i <= MATTERS; i++) {
      const town = pick(rng, regions.townships)
      const id = Number(insMatter.run(`滨信〔2026〕${i}号`, `关于${town.name}征地补偿的信访事项`, town.id, 1 + Math.floor(rng.next() * 500), t, t).lastInsertRowid)
      insPetitioner.run(id, `37160219700101${String(1000 + i).slice(-4)}`, pick(rng, regions.villages).id)
      insStage.run(id, `${town.name}办事处`, '2026-11-02', '2027-12-31', '2027-12-31', t, t)
      matters.push({ id, regionId: town.id })
    }
    // the rescheduled hearing's host and recorder and the other hearing's (trained, in term past the hearing)
    const home = regions.villages.find((v) => v.path.startsWith(regions.townships[0]!.path))!
    for (const [k, name] of ['李主持', '赵记录', '钱主持', '孙记录'].entries()) people.push(Number(insPerson.run(name, `99000019750310${String(k).padStart(4, '0')}`, `1390543${String(9000 + k)}`, home.id, t, t).lastInsertRowid))
  })()

  const actor = systemActor()
  const town = regions.townships[0]!
  const venueId = venuesOf.get(town.id)![0]!
  const matterOf = (n: number) => matters.filter((m) => m.regionId === town.id)[n]!.id
  const day = target.start + 9 * DAY
  const at = (hour: number, minutes = 0) => new Date(day + hour * H + minutes * 60_000)
  const clash = services.hearings.create(actor, { matterId: matterOf(1), procedure: 'simple', startsAt: at(8), endsAt: at(9, 30), venueId, hostMemberId: people[2]!, recorderMemberId: people[3]!, panelSize: 3 })
  const rescheduled = services.hearings.create(actor, { matterId: matterOf(0), procedure: 'general', startsAt: at(10), endsAt: at(11), venueId, hostMemberId: people[0]!, recorderMemberId: people[1]! })
  const frozen = sqlite.prepare('select ruleset, ruleset_label label, ruleset_fingerprint fingerprint from hearings where id = ?').get(rescheduled.hearing.id) as { ruleset: string, label: string, fingerprint: string }

  const insHearing = sqlite.prepare(`insert into hearings (matter_id, region_id, procedure, is_public, starts_at, ends_at, venue_id, host_member_id, recorder_member_id, panel_size, status,
    ruleset_label, ruleset_fingerprint, ruleset, uid, sequence, version, created_at, updated_at)
    values (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?)`)
  const insOfficer = sqlite.prepare("insert into hearing_participants (hearing_id, kind, member_id, response, active, hearing_starts_at, created_at) values (?, 'officer', ?, 'accepted', 1, ?, ?)")
  /** A half-hour slot between 08:30 and 16:00 China time on a day of [from, to). */
  const slot = (from: number, to: number) => {
    const days = Math.floor((to - from) / DAY)
    return from + Math.floor(rng.next() * days) * DAY + (8.5 + Math.floor(rng.next() * 16) / 2) * H
  }
  const yearAgo = chinaMonth(now, -11).start
  const ahead = chinaMonth(now, 4).start
  sqlite.transaction(() => {
    for (let i = 0; i < HEARINGS; i++) {
      let start: number
      if (i < IN_MONTH) start = slot(month.start, month.end)
      else do start = slot(yearAgo, ahead); while (start >= month.start && start < month.end)
      const matter = pick(rng, matters)
      const procedure = rng.next() < 0.6 ? 'general' : 'simple'
      const status = start < now ? (rng.next() < 0.85 ? 'concluded' : 'cancelled') : (rng.next() < 0.5 ? 'scheduled' : 'notified')
      const member = () => 1 + Math.floor(rng.next() * MEMBERS)
      const id = Number(insHearing.run(matter.id, matter.regionId, procedure, start, start + 2 * H, pick(rng, venuesOf.get(matter.regionId)!), member(), member(),
        procedure === 'general' ? 5 : 3, status, frozen.label, frozen.fingerprint, frozen.ruleset, `bench-${i}`, t, t).lastInsertRowid)
      for (let p = 0; p < PANEL_ROWS; p++) insOfficer.run(id, member(), start, t)
    }
  })()
  sqlite.exec('ANALYZE')
  const count = (sql: string, ...args: unknown[]) => (sqlite.prepare(sql).get(...args) as { n: number }).n
  const sizes = {
    members: count('select count(*) n from members'),
    hearings: count('select count(*) n from hearings'),
    inMonth: count('select count(*) n from hearings where starts_at >= ? and starts_at < ?', month.start, month.end),
    venues: count('select count(*) n from venues'),
    matters: count('select count(*) n from matters'),
    month: month.label
  }
  sqlite.close()
  return { sizes, rescheduledId: rescheduled.hearing.id, clashId: clash.hearing.id, month, openAt: `${chinaMonth(now, 0).label}-15` }
}

async function signedInContext (browser: Browser, url: string, token: string): Promise<BrowserContext> {
  // a clerk's browser in China: the calendar places hearings on China days
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL: url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  await context.addCookies([{ name: 'tz_session', value: token, url }])
  return context
}

/** Marks (in the page's clock) the next click anywhere, caught before the page's own handlers. */
function markNextClick (page: Page) {
  // (functions, not source strings: the interface's CSP forbids eval; they run in the browser, whose globals this file's types do not know)
  return page.evaluate(() => {
    const w = globalThis as any
    delete w.tzMark
    w.document.addEventListener('click', () => { w.tzMark ??= performance.now() }, { capture: true, once: true })
  })
}

/** Waits until the problems panel has finished checking and does (`clash`) or does not show the venue clash. */
function panelShows (page: Page, clash: boolean) {
  return page.waitForFunction((want) => {
    const w = globalThis as any
    const panel = w.document.querySelector('[data-testid="preview-problems"]')
    if (!panel || panel.getAttribute('aria-busy') === 'true' || panel.querySelector('.group, .all-clear') === null) return false
    const shown = panel.querySelector('li[data-type="venue_double_booked"]') !== null
    return shown === want && w.tzMark !== undefined ? performance.now() - w.tzMark : false
  }, clash, { polling: 'raf', timeout: 30_000 }).then((h) => h.jsonValue() as Promise<number>)
}

/** Chooses `time` in 开始时间 and returns the milliseconds from the click on the option to the panel showing `clash`. */
async function chooseStart (page: Page, time: string, clash: boolean) {
  await page.locator('#w-start').click()
  const option = page.getByRole('option', { name: time, exact: true }).first()
  await option.waitFor({ state: 'visible' })
  await markNextClick(page)
  await option.click()
  return await panelShows(page, clash)
}

async function previewRun (browser: Browser, url: string, token: string, hearingId: number) {
  const context = await signedInContext(browser, url, token)
  try {
    const page = await context.newPage()
    await page.goto(`/hearings/${hearingId}/reschedule`)
    // the stored time (10:00–11:00) checked once: no clash
    await page.waitForFunction(() => {
      const panel = (globalThis as any).document.querySelector('[data-testid="preview-problems"]')
      return panel !== null && panel.getAttribute('aria-busy') !== 'true' && panel.querySelector('.group, .all-clear') !== null
    }, undefined, { polling: 'raf', timeout: 30_000 })
    if (await page.locator('[data-testid="preview-problems"] li[data-type="venue_double_booked"]').count() !== 0) throw new Error('the stored time already clashes')
    const appear = await chooseStart(page, '09:00', true)
    const disappear = await chooseStart(page, '10:00', false)
    return [appear, disappear]
  } finally { await context.close() }
}

/** Waits until the month `label` (YYYY-MM) shows all `total` of its hearings (visible entries plus the "+n" links' n). */
function monthRendered (page: Page, label: string, total: number) {
  return page.waitForFunction(([month, want]) => {
    const w = globalThis as any
    if (w.tzMark === undefined) return false
    const days = w.document.querySelectorAll(`[data-testid="hearing-calendar"] .fc-daygrid-day[data-date^="${month}-"]:not(.fc-day-other)`)
    if (days.length === 0) return false
    let shown = 0
    for (const day of days) {
      for (const harness of day.querySelectorAll('.fc-daygrid-event-harness')) {
        const event = harness.querySelector('.fc-event')
        if (harness.style.visibility === 'hidden' || !event) continue
        shown += event.classList.contains('more-hearings') ? Number(/\d+/.exec(event.textContent ?? '')?.[0] ?? 0) : 1
      }
      for (const more of day.querySelectorAll('.fc-daygrid-more-link')) shown += Number(/\d+/.exec(more.textContent ?? '')?.[0] ?? 0)
    }
    return shown === want ? performance.now() - w.tzMark : false
  }, [label, total] as const, { polling: 'raf', timeout: 30_000 }).then((h) => h.jsonValue() as Promise<number>)
}

async function calendarRun (browser: Browser, url: string, token: string, openAt: string, month: string, total: number) {
  const context = await signedInContext(browser, url, token)
  try {
    const page = await context.newPage()
    await page.goto(`/hearings?date=${openAt}`)
    await page.locator(`[data-testid="hearing-calendar"] .fc-daygrid-day[data-date="${openAt}"]`).waitFor()
    await page.waitForLoadState('networkidle')
    await markNextClick(page)
    await page.locator('[data-testid="hearing-calendar"] .fc-next-button').click()
    return await monthRendered(page, month, total)
  } finally { await context.close() }
}

function freePort () {
  return new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

async function measure (): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'tz-ui-sched-bench-'))
  const file = join(dir, 'ui-scheduling.db')
  const started: ChildProcess[] = []
  let browser: Browser | undefined
  try {
    const { sizes, rescheduledId, month, openAt } = await seed(file, Date.now())
    execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' })
    // the wizard's previews are POSTs with the session cookie: the service accepts them from its own origin only
    const port = await freePort()
    const { url } = await startBundle(file, started, { ADMIN_PASSWORD, PASSWORD_HASH_COST: '10', PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` })
    browser = await launchChromium()
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
    const token = ((await login.json()) as { token: string }).token

    const previews: number[] = []
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const times = await previewRun(browser, url, token, rescheduledId)
      if (i >= WARMUP) previews.push(...times)
    }
    const months: number[] = []
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const ms = await calendarRun(browser, url, token, openAt, month.label, sizes.inMonth)
      if (i >= WARMUP) months.push(ms)
    }
    if (process.env.BENCH_VERBOSE) console.log(`# preview runs ${previews.map((m) => round(m)).join(' ')}\n# calendar runs ${months.map((m) => round(m)).join(' ')}`)
    return { previewMs: median(previews), calendarMs: median(months), ...sizes }
  } finally {
    await browser?.close()
    for (const child of started) child.kill('SIGTERM')
    await Promise.all(started.map((child) => child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null))
    rmSync(dir, { recursive: true, force: true })
  }
}

let measured: Promise<Measured> | undefined
const once = () => (measured ??= measure())
const sizes = (m: Measured) => `${m.members.toLocaleString('en')} members, ${m.hearings.toLocaleString('en')} hearings (${m.inMonth} in ${m.month}), ${m.matters.toLocaleString('en')} matters, ${m.venues} venues, 889 regions; headless Chromium (Debian) on loopback to node dist/main.mjs, 1366x768, new browser context per run (cold cache)`

export const figures: Figure[] = [
  {
    name: 'ui_preview_update_ms',
    run: async () => {
      const m = await once()
      return { value: round(m.previewMs), unit: 'ms', sizes: `修改听证安排: click on another 开始时间 to the problems panel showing the venue clash appear or go, median of ${RUNS * 2}; ${sizes(m)}; goal <= 300 ms` }
    }
  },
  {
    name: 'ui_calendar_month_ms',
    run: async () => {
      const m = await once()
      return { value: round(m.calendarMs), unit: 'ms', sizes: `听证安排 下一页 to the month view showing all ${m.inMonth} hearings of ${m.month} (visible entries + "+n" links), median of ${RUNS}; ${sizes(m)}; goal <= 500 ms` }
    }
  }
]
