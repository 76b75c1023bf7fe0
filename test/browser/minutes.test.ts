/*
 * 听证笔录, typed live: a hearing opened today (real clock), the record started, attendance with a respondent's
 * representative added, entries in two sections with the keyboard only (Alt+n picks the speaker, Alt+↓ the next
 * section, Enter commits), the network gone for a while with entries typed meanwhile and every one on the service
 * in order once it is back, an entry whose answer is lost sent again and stored once, an over-long entry refused
 * with the service's title and its text back in the box, an event, signatures and a refusal with the host's note,
 * finalising (frozen, PDF, verification) and a correction with its reason that needs everyone's signature again.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { seedHearingInSession, SEEDED_PEOPLE } from '../../scripts/bench/minutes-seed.js'
import { poll, checkPage, newPage, signIn, startBrowserSuite, ADMIN_PASSWORD, type BrowserSuite } from './harness.js'

let suite: BrowserSuite
let hearingId = 0
type Stored = { version: number, status: string, correctionReason: string | null, content: { entries: { section: string, speaker: { role: string, name?: string }, text: string }[], signatures: unknown[] }, versions: { version: number, status: string }[] }
const stored = () => suite.api<Stored>('GET', `/hearings/${hearingId}/minutes`)

beforeAll(async () => {
  suite = await startBrowserSuite()
  hearingId = (await seedHearingInSession(suite.api)).hearingId
}, 120_000)
afterAll(async () => { await suite?.stop() })

/** Types an entry into the focused entry box one key at a time and commits it with Enter. */
async function typeEntry (page: Page, speakerKey: string, text: string) {
  await page.keyboard.press(`Alt+${speakerKey}`)
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
}

const editor = (page: Page) => page.getByTestId('minutes-editor')
const saveStatus = (page: Page) => page.getByTestId('save-status').textContent()

describe('听证笔录', () => {
  test('the recorder starts the record, sets attendance, types two sections with the keyboard, keeps typing offline without losing anything, and an over-long entry is refused with its text kept', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`/hearings/${hearingId}/minutes`)
    await poll(() => page.getByRole('button', { name: '开始记录笔录' }).count()).toBe(1)
    await checkPage(page, 'minutes-not-started')
    await page.getByRole('button', { name: '开始记录笔录' }).click()
    await poll(() => editor(page).count()).toBe(1)

    // attendance: the petitioner listed by the service; a respondent's representative added
    expect(await page.getByLabel('第 1 人·姓名').inputValue()).toBe(SEEDED_PEOPLE.petitioner)
    await page.getByRole('button', { name: '添加人员' }).click()
    await page.getByLabel('第 2 人·姓名').fill('郑科长')
    await page.getByRole('combobox', { name: '第 2 人·身份' }).click()
    await page.getByRole('option', { name: '责任单位代表', exact: true }).click()
    await page.getByLabel('第 2 人·单位').fill('东城区住房和城乡建设局')
    await page.getByRole('button', { name: '保存到场情况' }).click()
    await poll(async () => (await suite.api('GET', `/hearings/${hearingId}/minutes`)).content.participants.length).toBe(2)
    // the speakers are the service's signatories: host, three officers, recorder, petitioner, representative
    await poll(async () => (await suite.api('GET', `/hearings/${hearingId}/minutes/signatories`)).items.length).toBe(7)
    await checkPage(page, 'minutes-attendance')

    // keyboard only from here: the entry box has the focus; Alt+1 the host, Alt+6 the petitioner, Alt+7 the representative
    await page.locator('#minutes-text').focus()
    await typeEntry(page, '1', '现在开始听证。宣布听证纪律。')
    await typeEntry(page, '1', '请信访人陈述。')
    await page.keyboard.press('Alt+ArrowDown')
    await page.keyboard.press('Alt+ArrowDown')
    await typeEntry(page, '6', '宅基地面积认定有误，要求重新核定。')
    await typeEntry(page, '7', '面积按一九九八年测绘结果认定。')
    await poll(async () => (await stored()).content.entries.map((e) => [e.section, e.speaker.name, e.text])).toEqual([
      ['opening', SEEDED_PEOPLE.host, '现在开始听证。宣布听证纪律。'],
      ['opening', SEEDED_PEOPLE.host, '请信访人陈述。'],
      ['statements', SEEDED_PEOPLE.petitioner, '宅基地面积认定有误，要求重新核定。'],
      ['statements', '郑科长', '面积按一九九八年测绘结果认定。']
    ])
    await poll(() => saveStatus(page)).toBe('已保存')
    expect(await page.locator('#minutes-text').inputValue()).toBe('')
    await checkPage(page, 'minutes-typing')

    // the network drops: entries keep being typed, kept in the browser, shown as waiting
    await context.setOffline(true)
    const offline = ['信访人补充：二〇〇五年已登记。', '听证员询问：有无原始登记表？', '信访人答：有复印件。']
    await typeEntry(page, '6', offline[0]!)
    await typeEntry(page, '2', offline[1]!)
    await typeEntry(page, '6', offline[2]!)
    await poll(() => saveStatus(page)).toBe('离线，已在本机保存 3 条，恢复网络后自动上传')
    expect(await editor(page).getByText('（待上传）').count()).toBe(3)
    await page.waitForTimeout(4000)
    expect((await stored()).content.entries).toHaveLength(4)
    await checkPage(page, 'minutes-offline')
    await context.setOffline(false)
    await poll(() => saveStatus(page)).toBe('已保存')
    const after = (await stored()).content.entries
    expect(after.map((e) => e.text)).toEqual([
      '现在开始听证。宣布听证纪律。', '请信访人陈述。', '宅基地面积认定有误，要求重新核定。', '面积按一九九八年测绘结果认定。', ...offline
    ])
    // Alt+2 is the panel's first seat, whoever the (witnessed, unpredictable) draw put there
    expect(after[5]!.speaker.role).toBe('officer')
    expect(SEEDED_PEOPLE.officers).toContain(after[5]!.speaker.name)

    // the answer lost: the service stores the entry, the reply never reaches the browser, which sends it again;
    // the service recognises the entry's id and it is stored once
    let lost = 0
    await page.route('**/api/v1/hearings/*/minutes/entries', async (route) => {
      if (lost > 0 || route.request().method() !== 'POST') return route.fallback()
      lost++
      await route.fetch()
      await route.abort('connectionreset')
    })
    await typeEntry(page, '6', '信访人补充：原始登记表在村委会。')
    await poll(() => lost).toBe(1)
    await poll(() => saveStatus(page)).toBe('已保存')
    expect((await stored()).content.entries.map((e) => e.text).filter((t) => t === '信访人补充：原始登记表在村委会。')).toHaveLength(1)
    expect(await editor(page).getByText('信访人补充：原始登记表在村委会。').count()).toBe(1)
    await page.unroute('**/api/v1/hearings/*/minutes/entries')

    // refused: an entry longer than the service takes; its title is shown and the text is back in the box
    const long = '长'.repeat(20_001)
    await page.locator('#minutes-text').fill(long)
    await page.keyboard.press('Enter')
    await poll(() => page.locator('.el-message--error').textContent()).toContain('单条记录过长')
    await poll(() => page.locator('#minutes-text').inputValue()).toBe(long)
    expect((await stored()).content.entries).toHaveLength(8)
    await page.locator('.el-message__closeBtn').click()
    await page.locator('#minutes-text').fill('')
    await checkPage(page, 'minutes-refused')
    expect(errors).toEqual([])
    await context.close()
  }, 120_000)

  test('a recess is recorded, everyone signs but the petitioner, whose refusal the host notes; the record is finalised (frozen, PDF, verified) and corrected with a reason, to be signed again', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`/hearings/${hearingId}/minutes`)
    await poll(() => editor(page).count()).toBe(1)

    await page.getByRole('tab', { name: '情况与证据' }).click()
    await page.locator('#ev-kind').click()
    await page.getByRole('option', { name: '休会', exact: true }).click()
    await page.getByLabel('原因').fill('休会十分钟')
    await page.getByRole('button', { name: '记录情况' }).click()
    await poll(() => page.getByRole('region', { name: '情况与证据' }).textContent()).toContain('休会十分钟')

    await page.getByRole('tab', { name: '签名' }).click()
    const people = page.getByRole('region', { name: '签名' })
    await poll(() => people.locator('li').count()).toBe(7)
    for (const name of [SEEDED_PEOPLE.host, ...SEEDED_PEOPLE.officers, SEEDED_PEOPLE.recorder, '郑科长']) {
      await people.getByRole('button', { name: `${name}签名`, exact: true }).click()
      await poll(() => people.locator('li', { hasText: name }).textContent()).toContain('已签名')
    }
    await people.getByRole('button', { name: `${SEEDED_PEOPLE.petitioner}拒绝签名` }).click()
    await page.getByLabel(/主持人说明/).fill('信访人对笔录第二页有异议，拒绝签名，已当场宣读。')
    await page.getByRole('button', { name: '登记拒绝签名' }).click()
    await poll(() => people.locator('li', { hasText: SEEDED_PEOPLE.petitioner }).textContent()).toContain('拒绝签名：信访人对笔录第二页有异议')
    await checkPage(page, 'minutes-signatures')

    await page.getByRole('button', { name: '定稿', exact: true }).click()
    await page.getByRole('dialog', { name: '笔录定稿' }).getByRole('button', { name: '确定定稿' }).click()
    await poll(() => page.getByTestId('minutes-verification').textContent()).toContain('内容与 PDF 均与定稿时登记的一致')
    const final = await stored()
    expect(final).toMatchObject({ version: 1, status: 'final' })
    // frozen: no entry box, the attendance cannot change, the stored PDF is shown
    expect(await page.locator('#minutes-text').count()).toBe(0)
    expect(await page.getByLabel('第 1 人·姓名').isDisabled()).toBe(true)
    await poll(() => page.locator('iframe.tz-pdf').count()).toBe(1)
    expect(await editor(page).textContent()).toContain((final as unknown as { contentSha256: string }).contentSha256)
    await checkPage(page, 'minutes-final')

    await page.getByRole('button', { name: '更正', exact: true }).click()
    await page.getByLabel('更正理由').fill('更正信访人陈述中的年份')
    await page.getByRole('button', { name: '提出更正' }).click()
    await poll(() => editor(page).textContent()).toContain('第 2 版 · 草稿')
    const corrected = await stored()
    expect(corrected).toMatchObject({ version: 2, status: 'draft', correctionReason: '更正信访人陈述中的年份' })
    expect(corrected.content.signatures).toEqual([])
    expect(corrected.versions.map((v) => [v.version, v.status])).toEqual([[1, 'final'], [2, 'draft']])
    await poll(() => people.locator('li[data-signed="none"]').count()).toBe(7)
    expect(await editor(page).textContent()).toContain('更正理由：更正信访人陈述中的年份')
    await checkPage(page, 'minutes-correction')
    expect(errors).toEqual([])
    await context.close()
  }, 120_000)
})
