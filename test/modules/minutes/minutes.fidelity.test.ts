import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { documentBody, findInOrder, inspectPdf } from '../documents/pdf-inspect.js'
import { transition } from '../dossier/dossier.fixture.js'
import { finalisedMinutes, get, inSession, post, put, type InSession } from './minutes.fixture.js'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
type Vote = 'for' | 'against' | 'abstain'

/** The host (李主持) and the three seated officers vote as given, in that order. */
function deliberation (f: InSession, votes: (Vote | undefined)[], conclusion?: string) {
  const panel = [{ name: '李主持', role: 'host' }, ...f.officers.map((name) => ({ name, role: 'officer' }))]
  return {
    startsAt: '2026-12-10T11:10:00+08:00',
    endsAt: '2026-12-10T11:40:00+08:00',
    place: '渤海街道听证室合议间',
    proposal: '建议责任单位按现行标准补足补偿款。',
    opinions: panel.map((p, i) => ({
      ...p,
      opinion: votes[i] === 'for' ? `${p.name}：事实清楚，应予补足。` : votes[i] === 'against' ? `${p.name}：证据不足，不应补足。` : `${p.name}：需进一步核实。`,
      ...(votes[i] ? { vote: votes[i] } : {})
    })),
    ...(conclusion === undefined ? {} : { conclusion })
  }
}

async function finalDeliberationPdf (f: InSession, body: unknown) {
  const saved = await put(f, 'deliberation', body)
  expect(saved.statusCode, saved.body).toBe(200)
  const final = await post(f, 'deliberation/finalise', {})
  expect(final.statusCode, final.body).toBe(200)
  return { saved: saved.json(), text: documentBody(await inspectPdf((await get(f, 'deliberation.pdf')).rawPayload)) }
}

describe('deliberation: the conclusion follows the tally under the hearing\'s voting rules', () => {
  test('a 2:2 tie (host votes, national default) forms no majority: both opinions are recorded and referred to the hearing organ', async () => {
    const f = await inSession()
    await transition(f, 'conclude')
    const { saved, text } = await finalDeliberationPdf(f, deliberation(f, ['for', 'for', 'against', 'against']))
    expect(saved.content.rules).toEqual({ voters: 'panel', majority: 'of_voters', tie: 'refer' })
    expect(saved.content.outcome).toEqual({ result: 'no_majority', basis: 'tie', tally: { voters: 4, for: 2, against: 2, abstain: 0 } })
    expect(text).toContain('同意2票、不同意2票、弃权0票')
    expect(text).not.toContain('少数服从多数')
    findInOrder(text, ['同意票与不同意票相等（各2票），未形成多数意见', '提请滨海市信访局研究决定',
      '同意的意见（2票）', '李主持：事实清楚', '不同意的意见（2票）', `${f.officers[1]}：证据不足`])
    expect(text).not.toContain('五、不同意见')
  })

  test('a tie still needs no conclusion, but a note given is printed as such', async () => {
    const f = await inSession()
    await transition(f, 'conclude')
    const { text } = await finalDeliberationPdf(f, deliberation(f, ['for', 'against', 'for', 'against'], '双方意见分歧较大，建议补充调查补偿款发放情况。'))
    expect(text).toContain('评议情况说明：双方意见分歧较大')
  })

  test('a majority and a unanimous vote are worded differently, and the tally is printed', async () => {
    const f = await inSession()
    await transition(f, 'conclude')
    const { text } = await finalDeliberationPdf(f, deliberation(f, ['for', 'for', 'against', 'for'], '建议补足补偿款。'))
    expect(text).toContain('同意3票、不同意1票、弃权0票')
    findInOrder(text, ['按照少数服从多数的原则，评议事项以同意3票获得通过，形成评议意见如下：建议补足补偿款。', '五、不同意见', `${f.officers[1]}（不同意）`])

    const g = await inSession()
    await transition(g, 'conclude')
    const unanimous = await finalDeliberationPdf(g, deliberation(g, ['against', 'against', 'against', 'against'], '不建议补足补偿款。'))
    expect(unanimous.text).toContain('参加表决的4人一致不同意评议事项，评议事项未获通过，形成评议意见如下：不建议补足补偿款。')
    expect(unanimous.text).not.toContain('少数服从多数')
  })

  test('abstentions: 2 for, 1 against, 1 abstaining is short of a majority of the voters', async () => {
    const f = await inSession()
    await transition(f, 'conclude')
    const saved = await put(f, 'deliberation', deliberation(f, ['for', 'for', 'against', 'abstain']))
    expect(saved.json().content.outcome).toMatchObject({ result: 'no_majority', basis: 'short_of_majority' })
    // a conclusion is required once a majority is formed
    const majority = await put(f, 'deliberation', deliberation(f, ['for', 'for', 'for', 'abstain']))
    expect(majority.json().content.outcome).toMatchObject({ result: 'adopted', basis: 'majority' })
    const refused = await post(f, 'deliberation/finalise', {})
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('minutes.deliberation_incomplete')
    expect(refused.json().detail).toContain('未填写评议结论')
  })

  test('a ruleset where the host decides a tie: the host\'s side carries and the PDF says so', async () => {
    const f = await inSession({ tie: 'host_decides' })
    await transition(f, 'conclude')
    const { saved, text } = await finalDeliberationPdf(f, deliberation(f, ['against', 'for', 'for', 'against'], '不建议补足补偿款。'))
    expect(saved.content.outcome).toMatchObject({ result: 'rejected', basis: 'host_decides' })
    expect(text).toContain('同意2票、不同意2票、弃权0票')
    expect(text).toContain('按照表决规则以主持人李主持所持的不同意意见为评议意见，评议事项未获通过')
    expect(text).toContain('不同意（决定票）')
    expect(text).toContain('同意票与不同意票相等的，以主持人所持意见为评议意见')
  })

  test('a ruleset where only officers vote: the host gives an opinion without a vote, a voter without a vote is refused', async () => {
    const f = await inSession({ voters: 'officers' })
    await transition(f, 'conclude')
    const unvoted = await put(f, 'deliberation', deliberation(f, [undefined, 'for', undefined, 'for']))
    expect(unvoted.statusCode).toBe(422)
    expect(unvoted.json().code).toBe('minutes.vote_required')
    expect(unvoted.json().detail).toContain(f.officers[1])
    const { saved, text } = await finalDeliberationPdf(f, deliberation(f, [undefined, 'for', 'against', 'for'], '建议补足补偿款。'))
    expect(saved.content.outcome.tally).toEqual({ voters: 3, for: 2, against: 1, abstain: 0 })
    expect(text).toContain('参加表决3人：同意2票、不同意1票、弃权0票')
    expect(text).toContain('不参加表决')
    expect(text).toContain('听证员参加表决，主持人不计票')
  })

  test('under the default rules the host must vote too', async () => {
    const f = await inSession()
    await transition(f, 'conclude')
    const unvoted = await put(f, 'deliberation', deliberation(f, [undefined, 'for', 'for', 'for'], '建议补足补偿款。'))
    expect(unvoted.statusCode).toBe(422)
    expect(unvoted.json().code).toBe('minutes.vote_required')
  })

  test('the national default voting rules carry their sources', async () => {
    const f = await inSession()
    const presets = (await f.t.app.inject({ method: 'GET', url: '/api/v1/ruleset-presets', headers: f.t.admin.headers })).json()
    const national = (Array.isArray(presets) ? presets : presets.items).find((p: { id: string }) => p.id === 'national-default')
    expect(national.config.deliberation).toEqual({ voters: 'panel', majority: 'of_voters', tie: 'refer' })
    for (const key of ['voters', 'majority', 'tie']) expect(national.config.sources[`deliberation.${key}`].ref).toMatch(/S-A10|S22|S15/)
  })
})

describe('a corrected minutes version', () => {
  test('needs fresh signatures or recorded confirmations; prints the reason, the version it corrects and its hashes; the original stays readable and verifiable', async () => {
    const f = await finalisedMinutes()
    const v1 = f.final
    const v1Pdf = (await get(f, 'minutes.pdf')).rawPayload
    expect(sha256(v1Pdf)).toBe(v1.pdfSha256)

    // confirmation instead of a signature is for corrections only
    const correction = await post(f, 'minutes/corrections', { reason: '更正信访人陈述中的错别字' })
    expect(correction.statusCode).toBe(201)
    expect(correction.json().content.signatures).toEqual([])
    const unsigned = await post(f, 'minutes/finalise', {})
    expect(unsigned.statusCode).toBe(409)
    expect(unsigned.json().code).toBe('minutes.signatures_missing')

    const edited = await put(f, 'minutes/entries/2', { section: 'statements', speaker: { role: 'petitioner', name: '王信访' }, text: '征地补偿款至今未足额发放，差额约三万元。' })
    expect(edited.statusCode, edited.body).toBe(200)
    expect((await put(f, 'minutes/entries/99', { section: 'statements', speaker: { role: 'petitioner' }, text: '无' })).json().code).toBe('minutes.entry_not_found')

    const people = [['host', '李主持'], ...f.officers.map((n) => ['officer', n]), ['recorder', '赵记录']]
    for (const [role, name] of people) expect((await post(f, 'minutes/signatures', { role, name, signed: true })).statusCode).toBe(200)
    expect((await post(f, 'minutes/signatures', { role: 'petitioner', name: '王信访', signed: true, confirmation: '2026年12月12日书面确认更正内容' })).statusCode).toBe(200)
    const stillMissing = await post(f, 'minutes/finalise', {})
    expect(stillMissing.json().code).toBe('minutes.signatures_missing')
    expect(stillMissing.json().detail).toContain('周代理')
    expect((await post(f, 'minutes/signatures', { role: 'agent', name: '周代理', signed: true })).statusCode).toBe(200)
    const v2 = await post(f, 'minutes/finalise', {})
    expect(v2.statusCode, v2.body).toBe(200)
    expect(v2.json()).toMatchObject({ version: 2, status: 'final', previousId: v1.id, correctionReason: '更正信访人陈述中的错别字' })

    const v2Text = documentBody(await inspectPdf((await get(f, 'minutes.pdf?version=2')).rawPayload))
    findInOrder(v2Text, ['更正说明：本版（第2版）更正已定稿的第1版', '更正理由：更正信访人陈述中的错别字', v1.contentSha256, v1.pdfSha256, '差额约三万元', '确认更正：2026年12月12日书面确认更正内容'])
    expect(v2Text).not.toContain('拒绝签名')

    // the earlier final version: same bytes, original wording, still verifiable
    const again = await get(f, 'minutes.pdf?version=1')
    expect(Buffer.compare(again.rawPayload, v1Pdf)).toBe(0)
    const v1Text = documentBody(await inspectPdf(again.rawPayload))
    expect(v1Text).toContain('征地补偿款至今未足额发放。')
    expect(v1Text).not.toContain('差额约三万元')
    expect((await get(f, 'minutes/versions/1/verification')).json()).toMatchObject({ intact: true, pdf: { intact: true } })
    expect((await get(f, 'minutes/versions/2/verification')).json()).toMatchObject({ intact: true, pdf: { intact: true } })
  })

  test('a first version cannot be confirmed instead of signed, and a refusal cannot carry a confirmation', async () => {
    const f = await inSession()
    const confirmed = await post(f, 'minutes/signatures', { role: 'host', name: '李主持', signed: true, confirmation: '电话确认' })
    expect(confirmed.statusCode).toBe(422)
    expect(confirmed.json().code).toBe('minutes.confirmation_only_for_correction')
    const both = await post(f, 'minutes/signatures', { role: 'host', name: '李主持', signed: false, hostNote: '拒签', confirmation: '电话确认' })
    expect(both.statusCode).toBe(422)
    expect(both.json().code).toBe('minutes.confirmation_with_refusal')
  })

  test('a corrected deliberation record prints the correction and the corrected version\'s hash', async () => {
    const f = await inSession()
    await transition(f, 'conclude')
    await finalDeliberationPdf(f, deliberation(f, ['for', 'for', 'against', 'for'], '建议补足补偿款。'))
    const v1 = (await get(f, 'deliberation')).json()
    expect((await post(f, 'deliberation/corrections', { reason: '更正评议地点' })).statusCode).toBe(201)
    const body = { ...deliberation(f, ['for', 'for', 'against', 'for'], '建议补足补偿款。'), place: '渤海街道听证室第二合议间' }
    const { text } = await finalDeliberationPdf(f, body)
    expect(text).toContain('渤海街道听证室第二合议间')
    findInOrder(text, ['更正说明：本版（第2版）更正已定稿的第1版', '更正理由：更正评议地点', v1.contentSha256, v1.pdfSha256, '一、评议事项'])
  })
})
