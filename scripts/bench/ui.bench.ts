/**
 * Web interface figures, in headless Chromium (Debian's) against node dist/main.mjs on loopback, each page load in
 * a new browser context (cold cache):
 * - ui_initial_kb_gzip: the JS and CSS the browser loads from the sign-in page to the 首页 after signing in, each
 *   file counted gzip-compressed (level 9, as the service's .gz files are). Goal ≤ 350 KB.
 * - ui_pool_first_render_ms: navigation start → the 听证员库 table painted with 20 rows, 100,000 members stored;
 *   median of 15. Goal ≤ 1,500 ms.
 * - ui_pool_filter_ms: choosing another status in the list's filter → the table shows the new rows; median of 15.
 *   Goal ≤ 300 ms.
 */
import { execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startBundle } from './bundle-process.js'
import { launchChromium } from './chromium.js'
import { seedSearchDatabase } from './pool.bench.js'
import { median, round, type Figure } from './types.js'

const ADMIN_PASSWORD = 'Bench-ui-pass-7731'
const RUNS = 15
const VIEWPORT = { width: 1366, height: 768 }

type Measured = { initialKb: number, initialFiles: number, firstRenderMs: number, filterMs: number, members: number }

async function signedInContext (browser: Browser, url: string, token: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL: url, locale: 'zh-CN' })
  await context.addCookies([{ name: 'tz_session', value: token, url }])
  return context
}

/** Waits (checking every frame) until the pool table shows 20 rows; returns the page's clock then (ms since navigation start). */
function poolRowsPainted (page: Page) {
  // (functions, not source strings: the interface's CSP forbids eval; they run in the browser, whose globals this file's types do not know)
  return page.waitForFunction(() => {
    const doc = (globalThis as any).document
    return doc.querySelectorAll('[data-testid="pool-table"] .el-table__body-wrapper tbody tr').length >= 20 ? performance.now() : false
  }, undefined, { polling: 'raf', timeout: 30_000 }).then((h) => h.jsonValue() as Promise<number>)
}

async function initialLoad (browser: Browser, url: string) {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL: url, locale: 'zh-CN' })
  const page = await context.newPage()
  const bodies: Promise<number>[] = []
  page.on('response', (response) => {
    const type = response.request().resourceType()
    if (type === 'script' || type === 'stylesheet') bodies.push(response.body().then((b) => gzipSync(b, { level: 9 }).length))
  })
  await page.goto('/login')
  await page.getByLabel('用户名').fill('admin')
  await page.getByLabel('密码', { exact: true }).fill(ADMIN_PASSWORD)
  await page.getByRole('button', { name: '登 录' }).click()
  await page.waitForURL((u) => u.pathname === '/')
  await page.waitForLoadState('networkidle')
  const sizes = await Promise.all(bodies)
  await context.close()
  return { kb: sizes.reduce((a, b) => a + b, 0) / 1024, files: sizes.length }
}

async function measure (): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'tz-ui-bench-'))
  const file = join(dir, 'ui.db')
  const started: ChildProcess[] = []
  let browser: Browser | undefined
  try {
    const { sqlite, members } = await seedSearchDatabase(file)
    sqlite.exec('ANALYZE')
    sqlite.close()
    execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' })
    const { url } = await startBundle(file, started, { ADMIN_PASSWORD, PASSWORD_HASH_COST: '10' })
    // the interface sends its Origin with sign-in; the service must know its own address
    browser = await launchChromium()
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
    const token = ((await login.json()) as { token: string }).token

    const initial = await initialLoad(browser, url)

    const renders: number[] = []
    const filters: number[] = []
    for (let i = 0; i < RUNS + 2; i++) {
      const context = await signedInContext(browser, url, token)
      const page = await context.newPage()
      await page.goto('/pool', { waitUntil: 'commit' })
      const painted = await poolRowsPainted(page)
      if (i >= 2) renders.push(painted)
      filters.push(await filterChange(page))
      await context.close()
    }
    return { initialKb: initial.kb, initialFiles: initial.files, firstRenderMs: median(renders), filterMs: median(filters.slice(2)), members }
  } finally {
    await browser?.close()
    for (const child of started) child.kill('SIGTERM')
    await Promise.all(started.map((child) => child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null))
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Chooses 暂停 (suspended) in the status filter and waits until the table's rows are the new ones; the time runs
 * from the click on the option (in the page's clock) to the frame that shows them.
 */
async function filterChange (page: Page): Promise<number> {
  const before = await page.locator('[data-testid="pool-table"] .el-table__body-wrapper tbody').innerText()
  await page.getByLabel('状态', { exact: true }).click()
  await page.evaluate('delete window.tzMark; document.addEventListener(\'click\', () => { window.tzMark ??= performance.now() }, { capture: true, once: true })')
  await page.getByRole('option', { name: '暂停', exact: true }).click()
  const handle = await page.waitForFunction((previous) => {
    const w = globalThis as any
    const body = w.document.querySelector('[data-testid="pool-table"] .el-table__body-wrapper tbody')
    return body && w.tzMark !== undefined && body.innerText !== previous && body.querySelectorAll('tr').length > 0 ? performance.now() - w.tzMark : false
  }, before, { polling: 'raf', timeout: 30_000 })
  return await handle.jsonValue() as number
}

let measured: Promise<Measured> | undefined
const once = () => (measured ??= measure())
const sizes = (m: Measured) => `${m.members.toLocaleString('en')} members; headless Chromium (Debian) on loopback to node dist/main.mjs, 1366x768, new browser context per load (cold cache)`

export const figures: Figure[] = [
  {
    name: 'ui_initial_kb_gzip',
    run: async () => {
      const m = await once()
      return { value: round(m.initialKb, 1), unit: 'KB', sizes: `${m.initialFiles} JS and CSS files loaded from /login to the 首页 after signing in, each gzip -9; goal <= 350 KB` }
    }
  },
  {
    name: 'ui_pool_first_render_ms',
    run: async () => {
      const m = await once()
      return { value: round(m.firstRenderMs), unit: 'ms', sizes: `navigation start to the 听证员库 table painted with 20 rows, median of ${RUNS}; ${sizes(m)}; goal <= 1,500 ms` }
    }
  },
  {
    name: 'ui_pool_filter_ms',
    run: async () => {
      const m = await once()
      return { value: round(m.filterMs), unit: 'ms', sizes: `click on a status filter option to the table showing the new rows, median of ${RUNS}; ${sizes(m)}; goal <= 300 ms` }
    }
  }
]
