/*
 * The 首页 to-do page: each section listed from the service's own lists (hearings ahead, stages due within 5 working
 * days, answers without a rights notice, villages without a trained host, terms ending), each row opening its record;
 * an officer sees only their own hearings.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { anIdNumber } from '../helpers/factories.js'
import { poll, ATTESTED_CONDITIONS, hearingDay, chinaDate, checkPage, newPage, signIn, startBrowserSuite, ADMIN_PASSWORD, type BrowserSuite } from './harness.js'

let suite: BrowserSuite

const seeded = { town: 0, dueMatter: 0, unnoticedMatter: 0, hearing: 0, ending: 0, host: 0, uncoveredVillage: 0 }

beforeAll(async () => {
  suite = await startBrowserSuite()
  const api = suite.api
  const city = await api('POST', '/regions', { name: '滨海市', code: '371600000000' })
  const county = await api('POST', '/regions', { name: '东城区', parentId: city.id })
  const town = await api('POST', '/regions', { name: '渤海街道', parentId: county.id })
  const covered = await api('POST', '/regions', { name: '渤海社区', parentId: town.id })
  const uncovered = await api('POST', '/regions', { name: '新港社区', parentId: town.id })
  seeded.uncoveredVillage = uncovered.id
  seeded.town = town.id
  const respondent = await api('POST', '/organisations', { name: '滨海市东城区住房和城乡建设局', kind: 'agency' })
  const venue = await api('POST', '/venues', { regionId: town.id, name: '渤海街道听证室', address: '滨海市东城区渤海七路 520 号三楼', capacity: 40 })

  let seq = 0
  async function member (name: string, roles: string[], termEnd: string, trained: boolean) {
    seq++
    const created = await api('POST', '/pool/members', {
      name, idNumber: anIdNumber(100 + seq, { birth: '19750310' }), mobile: `1390543${String(2000 + seq)}`, roles, sourceCategory: 'professional', homeRegionId: covered.id, conditions: ATTESTED_CONDITIONS
    })
    await api('POST', `/pool/members/${created.id}/appoint`, { appointmentDate: chinaDate(-30), appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕1号', termEnd, version: created.version }, 200)
    if (trained) await api('POST', `/pool/members/${created.id}/trainings`, { course: '听证主持人业务培训', trainedOn: chinaDate(-20), hours: 8, provider: '滨海市信访局' })
    return created.id as number
  }
  seeded.host = await member('李主持', ['officer', 'host'], chinaDate(700), true)
  const recorder = await member('赵记录', ['recorder'], chinaDate(700), false)
  for (const name of ['钱听证', '孙听证', '周听证']) await member(name, ['officer'], chinaDate(700), false)
  seeded.ending = await member('吴将满', ['officer'], chinaDate(10), false)

  const matter = (number: string, title: string, acceptedOn: string) => api('POST', '/matters', {
    number,
    title,
    summary: '信访人反映旧村改造中宅基地面积认定有误，要求重新核定。',
    regionId: town.id,
    petitionerKind: 'individual',
    petitioners: [{ name: '王秀兰', idNumber: anIdNumber(300 + ++seq, { birth: '19680315' }), mobile: `1370543${String(1200 + seq)}`, address: '滨海市东城区渤海街道 12 号' }],
    respondentOrganisationId: respondent.id,
    handling: { acceptingBody: '滨海市东城区人民政府', acceptedOn }
  })
  // accepted 57 days ago: the 60-day 办理 limit ends in 3 days, within 5 working days
  const due = await matter('滨信〔2026〕201号', '关于渤海社区安置补偿的信访事项', chinaDate(-57))
  seeded.dueMatter = due.id
  const answered = await matter('滨信〔2026〕202号', '关于新港社区道路维修的信访事项', chinaDate(-20))
  await api('POST', `/matters/${answered.id}/stages/handling/decision`, { decidedOn: chinaDate(-2), version: answered.version }, 200)
  seeded.unnoticedMatter = answered.id
  const heard = await matter('滨信〔2026〕203号', '关于渤海社区供暖收费的信访事项', chinaDate(-5))
  const day = hearingDay(5)
  const hearing = await api('POST', '/hearings', {
    matterId: heard.id, procedure: 'simple', startsAt: `${day}T09:00:00+08:00`, endsAt: `${day}T11:30:00+08:00`, venueId: venue.id, hostMemberId: seeded.host, recorderMemberId: recorder, panelSize: 3
  })
  seeded.hearing = hearing.hearing.id
}, 120_000)
afterAll(async () => { await suite?.stop() })

describe('首页 to-do', () => {
  test('the administrator sees every section with its rows, and each row opens its record', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    const card = (id: string) => page.locator(`#todo-${id}`)
    await poll(() => card('hearings').getByRole('link').count()).toBe(1)
    await poll(() => card('deadlines').getByRole('link').count()).toBe(1)
    await poll(() => card('unnoticed').getByRole('link').count()).toBe(1)
    await poll(() => card('terms').getByRole('link').count()).toBe(1)
    await poll(() => card('uncovered').getByRole('link').count()).toBe(1)
    expect(await card('hearings').textContent()).toContain('滨信〔2026〕203号 关于渤海社区供暖收费的信访事项')
    expect(await card('deadlines').textContent()).toContain('滨信〔2026〕201号')
    expect(await card('deadlines').textContent()).toMatch(/剩 3 天/)
    expect(await card('unnoticed').textContent()).toContain('滨信〔2026〕202号')
    expect(await card('terms').textContent()).toContain('吴将满')
    expect(await card('uncovered').textContent()).toContain('新港社区')
    expect(await card('uncovered').textContent()).not.toContain('渤海社区')
    await checkPage(page, 'home-todo')

    const opens = async (id: string, path: string) => {
      await page.goto('/')
      await card(id).getByRole('link').first().click()
      await poll(() => new URL(page.url()).pathname).toBe(path)
    }
    await opens('deadlines', `/matters/${seeded.dueMatter}`)
    await opens('unnoticed', `/matters/${seeded.unnoticedMatter}`)
    await opens('hearings', `/hearings/${seeded.hearing}`)
    await opens('terms', `/pool/members/${seeded.ending}`)
    await opens('uncovered', '/pool/members')
    expect(new URL(page.url()).searchParams.get('regionId')).toBe(String(seeded.uncoveredVillage))
    expect(errors).toEqual([])
    await context.close()
  })

  test('an officer sees only their own hearings; an officer without a pool member is told why the list is empty', async () => {
    const login = async (username: string, password: string) => {
      const res = await fetch(`${suite.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
      return ((await res.json()) as { token: string }).token
    }
    // the users set their own password first (the API's forced change), then sign in in the browser
    for (const [username, poolMemberId] of [['lizhuchi', seeded.host], ['weiguanlian', null]] as const) {
      await suite.api('POST', '/users', { username, displayName: username === 'lizhuchi' ? '李主持' : '魏未关联', password: 'Initial-pass-7731', role: 'officer', regionId: seeded.town, poolMemberId })
      await suite.apiAs(await login(username, 'Initial-pass-7731'))('POST', '/me/password', { currentPassword: 'Initial-pass-7731', newPassword: 'Own-pass-7731x' }, 204)
    }
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'lizhuchi', 'Own-pass-7731x')
    await poll(() => page.locator('#todo-hearings').getByRole('link').count()).toBe(1)
    expect(await page.locator('#todo-hearings h2').textContent()).toContain('我即将参加的听证')
    expect(await page.locator('#todo-hearings').textContent()).toContain('本人担任主持人')
    expect(await page.locator('#todo-deadlines').count()).toBe(0)
    expect(await page.locator('#todo-terms').count()).toBe(0)
    await checkPage(page, 'home-officer')
    // the officer's row opens their own page of the hearing
    await page.locator('#todo-hearings').getByRole('link').click()
    await poll(() => new URL(page.url()).pathname).toBe(`/me/hearings/${seeded.hearing}`)
    await context.clearCookies()

    await signIn(page, 'weiguanlian', 'Own-pass-7731x')
    await poll(() => page.locator('#todo-hearings').textContent()).toContain('尚未关联听证员库人员')
    expect(errors).toEqual([])
    await context.close()
  })
})
