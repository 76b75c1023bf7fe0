/*
 * Sign-in, the forced password change, the shell (top bar, menu by role, breadcrumbs), an expired session and the
 * SPA fallback, in Chromium against the shipped service.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ADMIN_PASSWORD, checkPage, newPage, signIn, startBrowserSuite, type BrowserSuite } from './harness.js'

let suite: BrowserSuite

beforeAll(async () => { suite = await startBrowserSuite() })
afterAll(async () => { await suite?.stop() })

describe('sign-in and the shell', () => {
  test('the sign-in page signs the administrator in; a wrong password is refused with the service\'s message and keeps the user name', async () => {
    const { page, errors, context } = await newPage(suite)
    await page.goto('/')
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login')
    await checkPage(page, 'login')
    await page.getByLabel('用户名').fill('admin')
    await page.getByLabel('密码', { exact: true }).fill('wrong-password-1')
    await page.getByRole('button', { name: '登 录' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/用户名或密码/)
    expect(await page.getByLabel('用户名').inputValue()).toBe('admin')
    await page.getByLabel('密码', { exact: true }).fill(ADMIN_PASSWORD)
    await page.getByRole('button', { name: '登 录' }).click()
    await page.waitForURL((url) => url.pathname === '/')
    await expect.poll(() => page.getByRole('button', { name: '当前用户菜单' }).textContent()).toContain('市局管理员')
    await checkPage(page, 'home-admin')
    expect(errors).toEqual([])
    await context.close()
  })

  test('a user whose password the administrator set must change it first, then lands where they were going', async () => {
    const city = await suite.api('POST', '/regions', { name: '滨海市', code: '371600000000' })
    await suite.api('POST', '/users', { username: 'xietiao', displayName: '王协调', password: 'Initial-pass-4417', role: 'coordinator', regionId: city.id })
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'xietiao', 'Initial-pass-4417')
    expect(new URL(page.url()).pathname).toBe('/password')
    await checkPage(page, 'password-forced')
    await page.getByLabel('当前密码').fill('Initial-pass-4417')
    await page.getByLabel('新密码', { exact: true }).fill('short')
    await page.getByLabel('再次输入新密码').fill('short')
    await page.getByRole('button', { name: '保存新密码' }).click()
    // the password policy's refusal appears on the field, and what was typed stays
    await expect.poll(() => page.locator('.el-form-item__error').first().textContent()).toBeTruthy()
    expect(await page.getByLabel('当前密码').inputValue()).toBe('Initial-pass-4417')
    await page.getByLabel('新密码', { exact: true }).fill('My-own-pass-8824')
    await page.getByLabel('再次输入新密码').fill('My-own-pass-8824')
    await page.getByRole('button', { name: '保存新密码' }).click()
    await page.waitForURL((url) => url.pathname === '/')
    await expect.poll(() => page.getByRole('button', { name: '当前用户菜单' }).textContent()).toContain('协调员')
    expect(errors).toEqual([])
    await context.close()
  })

  test('an expired session sends the user back to sign-in with a message', async () => {
    const { page, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.waitForLoadState('networkidle')
    // every to-do card has its answer first: a request of the home page still under way when the cookie goes would
    // answer 401 and send the page to sign-in before the click (a slow machine did, and the menu item vanished)
    await expect.poll(() => page.locator('.todo-card').count()).toBeGreaterThan(0)
    await expect.poll(() => page.locator('.todo-card[aria-busy="true"]').count()).toBe(0)
    // the session ends on the server's side (here: the cookie is gone); the next request answers 401, and the
    // interface goes back to sign-in, saying why, with the page the user was opening to return to
    await context.clearCookies()
    await page.getByRole('menuitem', { name: '听证员库' }).click()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login')
    await expect.poll(() => page.getByText('登录已失效').count()).toBe(1)
    expect(new URL(page.url()).searchParams.get('redirect')).toMatch(/^\/pool/)
    await checkPage(page, 'login-expired')
    await page.getByLabel('用户名').fill('admin')
    await page.getByLabel('密码', { exact: true }).fill(ADMIN_PASSWORD)
    await page.getByRole('button', { name: '登 录' }).click()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/pool')
    await context.close()
  })

  test('outside the API a browser gets the interface; an unknown API path stays a problem+json 404', async () => {
    const page = await fetch(`${suite.url}/pool/members/12`, { headers: { accept: 'text/html' } })
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-cache')
    const html = await page.text()
    expect(html).toContain('<div id="app">')
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!
    const js = await fetch(`${suite.url}${asset}`, { headers: { 'accept-encoding': 'br' } })
    expect(js.status).toBe(200)
    expect(js.headers.get('cache-control')).toMatch(/immutable/)
    expect(js.headers.get('content-encoding')).toBe('br')
    const api = await fetch(`${suite.url}/api/v1/nothing-here`, { headers: { accept: 'text/html' } })
    expect(api.status).toBe(404)
    expect(api.headers.get('content-type')).toMatch(/application\/problem\+json/)
    expect((await api.json() as { code: string }).code).toBe('route.not_found')
    const health = await fetch(`${suite.url}/healthz/x`, { headers: { accept: 'text/html' } })
    expect(health.status).toBe(404)
  })
})
