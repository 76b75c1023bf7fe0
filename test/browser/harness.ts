/*
 * The browser tests' harness: the shipped service (dist/main.mjs serving dist/web, built once by
 * test/global-build.ts) on a database of its own, Debian's Chromium driven by Playwright, an API client for seeding,
 * screenshots of every page and the axe-core accessibility check.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'
import { expect } from 'vitest'
import { PROJECT_ROOT } from '../../db/project-root.js'
import { BASIC_CONDITIONS } from '../../db/schema/enums.js'
import { startShippedService } from '../shipped/bundle-server.js'
import { launchChromium } from '../../scripts/bench/chromium.js'

/** Screenshots of every page the tests open, kept by CI as an artifact (README: "Browser tests"). */
export const SCREENSHOTS = join(PROJECT_ROOT, 'test-artifacts', 'screenshots')

export const ADMIN_PASSWORD = 'Browser-Check-5930'

/** The office PC screen the interface is designed for, and the phone officers open invitations on. */
export const DESKTOP = { width: 1366, height: 768 }
export const PHONE = { width: 360, height: 740 }

export type Api = <T = any>(method: string, path: string, body?: unknown, expected?: number) => Promise<T>

/** The running service, a browser, and an administrator's API client for seeding through the API. */
export async function startBrowserSuite () {
  const service = await startShippedService({ adminPassword: ADMIN_PASSWORD })
  const browser = await launchChromium()
  const login = await fetch(`${service.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
  if (login.status !== 200) throw new Error(`admin sign-in answered ${login.status}`)
  const adminToken = ((await login.json()) as { token: string }).token
  const api = apiClient(service.url, adminToken)
  return {
    url: service.url,
    browser,
    api,
    apiAs: (token: string) => apiClient(service.url, token),
    output: service.output,
    async stop () {
      await browser.close()
      await service.stop()
    }
  }
}

export type BrowserSuite = Awaited<ReturnType<typeof startBrowserSuite>>

export function apiClient (base: string, token: string): Api {
  return async (method, path, body, expected = method === 'POST' ? 201 : 200) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await res.text()
    if (res.status !== expected) throw new Error(`${method} ${path} answered ${res.status}, expected ${expected}: ${text}`)
    return (text === '' ? null : JSON.parse(text))
  }
}

/** A new browser context (own cookies) at a viewport, with the service's base URL; every page error fails the test. */
export async function newPage (suite: BrowserSuite, viewport = DESKTOP): Promise<{ context: BrowserContext, page: Page, errors: string[] }> {
  const context = await suite.browser.newContext({ viewport, baseURL: suite.url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  return { context, page, errors }
}

/** Signs in through the sign-in page and waits for the shell (or the forced password change). */
export async function signIn (page: Page, username: string, password: string) {
  await page.goto('/login')
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.getByRole('button', { name: '登 录' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

/** Saves a full-page screenshot under test-artifacts/screenshots/<name>.png. */
export async function screenshot (page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

/** axe-core over the page as it is now: no serious or critical violation. */
export async function expectAccessible (page: Page, what: string) {
  const result = await new AxeBuilder({ page }).analyze()
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`), what).toEqual([])
}

/** The page fits 1366 px wide: nothing scrolls sideways. */
export async function expectNoHorizontalScroll (page: Page, what: string) {
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')
  expect(overflow, `${what}: horizontal overflow in px`).toBeLessThanOrEqual(0)
}

/** Everything a page must satisfy, after its content has loaded: screenshot, accessibility, no sideways scroll. */
export async function checkPage (page: Page, name: string) {
  // a fading toast is half-transparent, which axe measures as low contrast: check the page once toasts are gone
  await expect.poll(() => page.locator('.el-message').count(), { timeout: 15_000, interval: 100 }).toBe(0)
  // so is a dialog still fading in or out (a closing dialog's name is gone before the dialog): wait for every Vue transition to end
  await expect.poll(() => page.locator('[class*="-enter-active"], [class*="-leave-active"]').count(), { timeout: 15_000, interval: 100 }).toBe(0)
  await screenshot(page, name)
  await expectNoHorizontalScroll(page, name)
  await expectAccessible(page, name)
}

const DAY_MS = 24 * 3600_000

/** A date in China, `days` from today, as YYYY-MM-DD (the service runs the real clock here). */
export const chinaDate = (days = 0) => new Date(Date.now() + 8 * 3600_000 + days * DAY_MS).toISOString().slice(0, 10)

/** The first Tuesday to Thursday at least `days` ahead: a working day with working days before it. */
export function hearingDay (days: number) {
  for (let d = days; ; d++) {
    const weekday = new Date(`${chinaDate(d)}T00:00:00Z`).getUTCDay()
    if (weekday >= 2 && weekday <= 4) return chinaDate(d)
  }
}

/** Every basic condition of a pool member attested two months ago, as appointment needs. */
export const ATTESTED_CONDITIONS = Object.fromEntries(BASIC_CONDITIONS.map((c) => [c, { attestedBy: '滨海市信访局', attestedAt: chinaDate(-60) }]))

/** Waits for what the page shows after the service answers (two cores shared by several test runs: allow time). */
export const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 })
