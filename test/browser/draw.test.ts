/*
 * 随机抽取: a hearing's witnessed panel draw through the page: the commitment shown and printable before the reveal
 * (and checked in the browser already), the witness's name and value, the reveal with each pick's steps, the
 * server's verification in one click, the browser's own recomputation saying 一致, and the 抽取记录表 issued and shown.
 * The failure path: another user reveals first, so the page's reveal is refused with the service's title and the
 * witness's input stays in the form.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { anIdNumber } from '../helpers/factories.js'
import { poll, PHONE, ATTESTED_CONDITIONS, hearingDay, chinaDate, checkPage, newPage, screenshot, signIn, startBrowserSuite, ADMIN_PASSWORD, type BrowserSuite } from './harness.js'

let suite: BrowserSuite
const seeded = { first: 0, second: 0, third: 0 }
const AUDITOR_PASSWORD = 'Audit-Draw-7351'
const AUDITOR_OWN_PASSWORD = 'Audit-Own-Draw-8462'

beforeAll(async () => {
  suite = await startBrowserSuite()
  const api = suite.api
  const city = await api('POST', '/regions', { name: '滨海市', code: '371600000000' })
  await api('PUT', `/regions/${city.id}/document-settings`, { issuerName: '滨海市信访局', contactPerson: '孙文华', contactPhone: '0543-3161234', address: '滨海市黄河五路 386 号', numberPrefix: '滨信听' }, 200)
  const county = await api('POST', '/regions', { name: '东城区', parentId: city.id })
  const town = await api('POST', '/regions', { name: '渤海街道', parentId: county.id })
  const village = await api('POST', '/regions', { name: '新港社区', parentId: town.id })
  const respondent = await api('POST', '/organisations', { name: '滨海市东城区住房和城乡建设局', kind: 'agency' })
  const venue = await api('POST', '/venues', { regionId: town.id, name: '渤海街道听证室', address: '滨海市东城区渤海七路 520 号三楼', capacity: 40 })
  const venue2 = await api('POST', '/venues', { regionId: town.id, name: '渤海街道第二听证室', address: '滨海市东城区渤海七路 520 号二楼', capacity: 20 })

  let seq = 0
  async function member (name: string, roles: string[], trained: boolean) {
    seq++
    const created = await api('POST', '/pool/members', {
      name, idNumber: anIdNumber(500 + seq, { birth: '19760412' }), mobile: `1390543${String(3000 + seq)}`, roles, sourceCategory: 'professional', homeRegionId: village.id, conditions: ATTESTED_CONDITIONS
    })
    await api('POST', `/pool/members/${created.id}/appoint`, { appointmentDate: chinaDate(-30), appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕1号', termEnd: chinaDate(700), version: created.version }, 200)
    if (trained) await api('POST', `/pool/members/${created.id}/trainings`, { course: '听证主持人业务培训', trainedOn: chinaDate(-20), hours: 8, provider: '滨海市信访局' })
    return created.id as number
  }
  const hosts = [await member('李主持', ['officer', 'host'], true), await member('钱主持', ['host'], true)]
  const recorders = [await member('赵记录', ['recorder'], false), await member('孙记录', ['recorder'], false)]
  for (const name of ['周听证', '吴听证', '郑听证', '王听证', '冯听证', '陈听证', '褚听证', '卫听证']) await member(name, ['officer'], false)

  const hearing = async (number: string, [from, to]: [string, string], k: number, venueId: number, day = hearingDay(14)) => {
    const matter = await api('POST', '/matters', {
      number,
      title: '关于渤海社区安置补偿的信访事项',
      summary: '信访人反映旧村改造中宅基地面积认定有误，要求重新核定。',
      regionId: town.id,
      petitionerKind: 'individual',
      petitioners: [{ name: '王秀兰', idNumber: anIdNumber(700 + ++seq, { birth: '19680315' }), mobile: `1370543${String(1500 + seq)}`, address: '滨海市东城区渤海街道 12 号' }],
      respondentOrganisationId: respondent.id,
      handling: { acceptingBody: '滨海市东城区人民政府', acceptedOn: chinaDate(-5) }
    })
    const created = await api('POST', '/hearings', {
      matterId: matter.id, procedure: 'simple', startsAt: `${day}T${from}:00+08:00`, endsAt: `${day}T${to}:00+08:00`, venueId, hostMemberId: hosts[k], recorderMemberId: recorders[k], panelSize: 3
    })
    return created.hearing.id as number
  }
  await api('POST', '/users', { username: 'shenji', displayName: '沈审计', password: AUDITOR_PASSWORD, role: 'auditor', regionId: city.id })
  seeded.first = await hearing('滨信〔2026〕401号', ['09:00', '11:00'], 0, venue.id)
  seeded.second = await hearing('滨信〔2026〕402号', ['14:00', '16:00'], 1, venue2.id)
  seeded.third = await hearing('滨信〔2026〕403号', ['09:00', '11:00'], 0, venue.id, hearingDay(21))
}, 120_000)
afterAll(async () => { await suite?.stop() })

describe('随机抽取', () => {
  test('the commitment before the reveal (printable, already checked here), the witness\'s name and value, the reveal with each pick\'s steps', async () => {
    const { page, errors } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`/hearings/${seeded.first}/draw`)
    await poll(() => page.getByRole('heading', { name: '滨信〔2026〕401号 听证' }).count()).toBe(1)
    await poll(() => page.getByText('尚未抽取').count()).toBe(1)
    await checkPage(page, 'draw-not-drawn')

    await page.getByRole('button', { name: '生成承诺值' }).click()
    const commitment = page.getByTestId('draw-commitment')
    await poll(() => commitment.getByTestId('commitment-hash').textContent()).toMatch(/^[0-9a-f]{64}$/)
    const hash = (await commitment.getByTestId('commitment-hash').textContent())!
    expect(await commitment.textContent()).toMatch(/可抽取人数\s*8 人/)
    // the host (also an officer) is excluded from his own hearing's panel: grouped by the reasons, with his name
    expect(await commitment.textContent()).toMatch(/排除人员（共 \d+ 人，按原因分组）/)
    expect(await commitment.textContent()).toContain('李主持')
    await checkPage(page, 'draw-commitment')

    // a commitment can be replaced before its reveal (after a confirmation): a new list and a new secret, so a new hash
    await commitment.getByRole('button', { name: '重新生成承诺值' }).click()
    await page.getByRole('dialog', { name: '重新生成承诺值' }).getByRole('button', { name: '重新生成' }).click()
    await poll(() => commitment.getByTestId('commitment-hash').textContent()).not.toBe(hash)
    const renewed = (await commitment.getByTestId('commitment-hash').textContent())!
    expect(renewed).toMatch(/^[0-9a-f]{64}$/)

    // printed, the commitment is alone on the sheet: the hash in full, for the witness to sign
    await page.emulateMedia({ media: 'print' })
    const sheet = page.locator('.draw-print-sheet')
    expect(await sheet.isVisible()).toBe(true)
    expect(await sheet.textContent()).toContain(renewed)
    expect(await sheet.textContent()).toContain('见证人（签字）')
    expect(await page.locator('.page').isVisible()).toBe(false)
    await screenshot(page, 'draw-commitment-print')
    await page.emulateMedia({ media: 'screen' })
    expect(await sheet.isVisible()).toBe(false)

    // the commitment follows from the published list before anything is revealed
    await commitment.getByRole('button', { name: '本机核算承诺值' }).click()
    await poll(() => commitment.getByText('本机核算承诺值：与公布的承诺值一致').count()).toBe(1)

    const reveal = page.getByTestId('draw-reveal')
    await reveal.getByLabel('见证人姓名').fill('王见证')
    await reveal.getByLabel('见证值').fill('20261210')
    await reveal.getByRole('button', { name: '揭示抽取结果' }).click()
    await poll(() => reveal.getByRole('heading', { name: /第 1 轮 · 初次抽取/ }).count()).toBe(1)
    expect(await page.getByTestId('draw-commitment').count()).toBe(0)
    const round = reveal.locator('[data-round="1"]')
    expect(await round.textContent()).toContain(renewed)
    expect(await round.textContent()).toContain('王见证')
    expect(await round.textContent()).toContain('20261210')
    // three seats and one alternate, each pick with its pool size, number and tier
    await poll(() => round.locator('table.steps tbody tr').count()).toBe(4)
    expect(await round.locator('table.steps tbody tr').first().textContent()).toMatch(/正式席位8\d+.*听证（\d+）本乡镇（街道）入席/)
    await checkPage(page, 'draw-revealed')
    expect(errors).toEqual([])
  })

  test('after the reveal: one-click verification, the recomputation in this browser says 一致 with every step, and the 抽取记录表 is issued and shown', async () => {
    const { page, errors } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`/hearings/${seeded.first}/draw`)
    const checks = page.getByTestId('draw-recompute')
    await checks.getByRole('button', { name: '一键核验' }).click()
    await poll(() => checks.getByTestId('server-verification').textContent()).toContain('服务器核验结果：每一轮重算结果与记录一致')
    await checks.getByRole('button', { name: '本机独立核算' }).click()
    await poll(() => checks.getByTestId('recompute-result').textContent()).toContain('本机独立核算结果：与公布结果一致')
    expect(await checks.getByTestId('recompute-result').textContent()).toContain('✓ 按种子逐步重抽，每一步与公布的相同')
    expect(await checks.locator('.recomputed-steps li').count()).toBe(4)
    await checkPage(page, 'draw-checked')

    await page.getByRole('button', { name: '出具抽取记录表' }).click()
    const pdf = page.getByTestId('draw-record-pdf')
    await poll(() => pdf.locator('iframe[title="听证员抽取记录表"]').count()).toBe(1)
    expect(await pdf.getByRole('button', { name: '下载 PDF' }).isEnabled()).toBe(true)
    await checkPage(page, 'draw-record-pdf')

    // a witness on a phone reads the same page without sideways scrolling
    await page.setViewportSize(PHONE)
    await checkPage(page, 'draw-phone')
    expect(errors).toEqual([])
  })

  test('a reveal refused (another user revealed first) shows the service\'s title and keeps the witness\'s input', async () => {
    const { page, errors } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`/hearings/${seeded.second}/draw`)
    await page.getByRole('button', { name: '生成承诺值' }).click()
    await poll(() => page.getByTestId('draw-commitment').getByTestId('commitment-hash').count()).toBe(1)
    // meanwhile someone else reveals this commitment
    await suite.api('POST', `/hearings/${seeded.second}/draws`, { witnessValue: '7', witnessName: '他人' })
    const reveal = page.getByTestId('draw-reveal')
    await reveal.getByLabel('见证人姓名').fill('刘见证')
    await reveal.getByLabel('见证值').fill('135246')
    await reveal.getByRole('button', { name: '揭示抽取结果' }).click()
    await poll(() => page.locator('.el-message--error').textContent()).toContain('数据已被他人修改，请刷新后重试')
    // the refusal stays on the page after the toast has gone
    await poll(() => page.locator('.el-message').count()).toBe(0)
    expect(await page.getByTestId('draw-refusal').textContent()).toContain('未能揭示抽取结果：数据已被他人修改，请刷新后重试')
    expect(await reveal.getByLabel('见证人姓名').inputValue()).toBe('刘见证')
    expect(await reveal.getByLabel('见证值').inputValue()).toBe('135246')
    await checkPage(page, 'draw-reveal-refused')
    expect(errors).toEqual([])
  })

  test('declines use up the alternate: the page asks for a replacement round, which is committed, witnessed and revealed like the first; every round is listed and recomputes', async () => {
    const api = suite.api
    const first = await api('POST', `/hearings/${seeded.third}/draws`, { witnessValue: '1', witnessName: '王见证' })
    const decline = async (memberId: number) => {
      const detail = await api('GET', `/hearings/${seeded.third}`)
      const seat = detail.participants.find((p: { memberId: number, active: boolean }) => p.memberId === memberId && p.active)
      await api('POST', `/hearings/${seeded.third}/participants/${seat.id}/response`, { response: 'declined', reason: '出差' }, 200)
    }
    await decline(first.official[0])
    await decline(first.official[1])

    const { page, errors } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`/hearings/${seeded.third}/draw`)
    await poll(() => page.getByText('须进行补抽（第 4 轮）', { exact: false }).count()).toBe(1)
    const reveal = page.getByTestId('draw-reveal')
    expect(await reveal.locator('[data-round="3"]').textContent()).toMatch(/空缺第 2 席/)
    await page.getByRole('button', { name: '生成承诺值' }).click()
    const commitment = page.getByTestId('draw-commitment')
    await poll(() => commitment.getByRole('heading', { name: '第 4 轮承诺值（待揭示）' }).count()).toBe(1)
    expect(await commitment.textContent()).toMatch(/正式席位 \/ 候补\s*1 席 \/ 1 人/)
    await checkPage(page, 'draw-replacement-commitment')
    await reveal.getByLabel('见证人姓名').fill('赵见证')
    await reveal.getByLabel('见证值').fill('4711')
    await reveal.getByRole('button', { name: '揭示抽取结果' }).click()
    await poll(() => reveal.getByRole('heading', { name: /第 4 轮 · 补抽空缺席位/ }).count()).toBe(1)
    expect(await reveal.locator('section.round h3').allTextContents()).toEqual([
      '第 1 轮 · 初次抽取', '第 2 轮 · 谢绝或回避后递补（拒绝参加：出差）', '第 3 轮 · 谢绝或回避后递补（拒绝参加：出差）', '第 4 轮 · 补抽空缺席位'
    ])
    expect(await reveal.locator('[data-round="4"]').textContent()).toContain('赵见证')
    const checks = page.getByTestId('draw-recompute')
    await checks.getByRole('button', { name: '本机独立核算' }).click()
    await poll(() => checks.getByTestId('recompute-result').textContent()).toContain('本机独立核算结果：与公布结果一致')
    await checkPage(page, 'draw-replacement-revealed')
    expect(errors).toEqual([])
  })

  test('an auditor reads the draw, checks and recomputes it and sees the 抽取记录表, with no button that changes anything', async () => {
    const { page, errors } = await newPage(suite)
    await signIn(page, 'shenji', AUDITOR_PASSWORD)
    await page.getByLabel('当前密码').fill(AUDITOR_PASSWORD)
    await page.getByLabel('新密码', { exact: true }).fill(AUDITOR_OWN_PASSWORD)
    await page.getByLabel('再次输入新密码').fill(AUDITOR_OWN_PASSWORD)
    await page.getByRole('button', { name: '保存新密码' }).click()
    await page.waitForURL((url) => url.pathname === '/')
    await page.goto(`/hearings/${seeded.first}/draw`)
    const reveal = page.getByTestId('draw-reveal')
    await poll(() => reveal.getByRole('heading', { name: /第 1 轮 · 初次抽取/ }).count()).toBe(1)
    for (const name of ['生成承诺值', '揭示抽取结果', '出具抽取记录表', '重新生成承诺值']) expect(await page.getByRole('button', { name }).count()).toBe(0)
    const checks = page.getByTestId('draw-recompute')
    await checks.getByRole('button', { name: '本机独立核算' }).click()
    await poll(() => checks.getByTestId('recompute-result').textContent()).toContain('本机独立核算结果：与公布结果一致')
    await poll(() => page.getByTestId('draw-record-pdf').locator('iframe').count()).toBe(1)
    await checkPage(page, 'draw-auditor')
    expect(errors).toEqual([])
  })
})
