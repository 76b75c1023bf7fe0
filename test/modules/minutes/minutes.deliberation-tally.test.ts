import { describe, expect, test } from 'vitest'
import { get, inSession, post, put, type InSession } from './minutes.fixture.js'

const tally = (f: InSession, votes: { name: string, role: 'host' | 'officer', vote?: string }[]) => post(f, 'deliberation/tally', { votes })

describe('deliberation tally (评议计票预览)', () => {
  test('national rules: host and officers vote, majority of the voters; counted without saving anything', async () => {
    const f = await inSession()
    const [a, b, c] = f.officers as [string, string, string]
    const r = await tally(f, [{ name: '李主持', role: 'host', vote: 'for' }, { name: a, role: 'officer', vote: 'for' }, { name: b, role: 'officer', vote: 'for' }, { name: c, role: 'officer', vote: 'against' }])
    expect(r.statusCode, r.body).toBe(200)
    const body = r.json()
    expect(body.panel).toEqual([
      { name: '李主持', role: 'host', roleName: '主持人', votes: true },
      ...[a, b, c].map((name) => ({ name, role: 'officer', roleName: '听证员', votes: true }))
    ])
    expect(body.rules).toEqual({
      voters: { value: 'panel', name: '主持人和听证员均参加表决' },
      majority: { value: 'of_voters', name: '同意票或不同意票超过参加表决人数的一半为多数意见' },
      tie: { value: 'refer', name: '同意票与不同意票相等的，不形成多数意见，记录两种意见提请听证组织机关决定' }
    })
    expect(body.sources.tie.tag).toBe('INFER')
    expect(body.sources.majority.tag).toBe('ANALOG')
    expect(body.voteOptions).toEqual([{ value: 'for', name: '同意' }, { value: 'against', name: '不同意' }, { value: 'abstain', name: '弃权' }])
    // 4 voters: 3 for (6 > 4) is a majority, not unanimous
    expect(body.outcome).toEqual({ result: 'adopted', resultName: '获得通过', basis: 'majority', basisName: '多数意见', tally: { voters: 4, for: 3, against: 1, abstain: 0 } })
    expect(body.statement).toBe('按照少数服从多数的原则，评议事项以同意3票获得通过')
    expect(body.conclusionRequired).toBe(true)
    expect(body.dissent).toEqual([{ name: c, role: 'officer' }])
    // nothing was written: the hearing still has no deliberation record
    expect((await get(f, 'deliberation')).json().code).toBe('minutes.not_found')

    // 2 for, 2 against: a tie, which these rules refer to the hearing organ; no conclusion is required
    const tie = (await tally(f, [{ name: '李主持', role: 'host', vote: 'for' }, { name: a, role: 'officer', vote: 'for' }, { name: b, role: 'officer', vote: 'against' }, { name: c, role: 'officer', vote: 'against' }])).json()
    expect(tie.outcome).toMatchObject({ result: 'no_majority', resultName: '未形成多数意见', basis: 'tie', tally: { voters: 4, for: 2, against: 2, abstain: 0 } })
    expect(tie.statement).toMatch(/^同意票与不同意票相等（各2票），未形成多数意见，各方意见如实记录，提请.+信访局研究决定$/)
    expect(tie.conclusionRequired).toBe(false)
    expect(tie.dissent).toEqual([])

    // no votes yet
    const none = (await tally(f, [])).json()
    expect(none.outcome.tally).toEqual({ voters: 0, for: 0, against: 0, abstain: 0 })
    expect(none.statement).toBe('尚未记录参加表决人员的表决意见')
  })

  test('a ruleset where only officers vote and the host decides a tie: its values and sources are the tally\'s', async () => {
    const f = await inSession({ voters: 'officers', tie: 'host_decides' })
    const [a, b, c] = f.officers as [string, string, string]
    const body = (await tally(f, [{ name: '李主持', role: 'host', vote: 'for' }, { name: a, role: 'officer', vote: 'for' }, { name: b, role: 'officer', vote: 'against' }, { name: c, role: 'officer', vote: 'abstain' }])).json()
    expect(body.panel[0]).toEqual({ name: '李主持', role: 'host', roleName: '主持人', votes: false })
    expect(body.rules.voters.value).toBe('officers')
    expect(body.sources.voters).toEqual({ tag: 'LOCAL', ref: '本市评议规则' })
    expect(body.sources.tie).toEqual({ tag: 'LOCAL', ref: '本市评议规则' })
    // the host is not counted: 3 voters, 1 for, 1 against, 1 abstains; the tie goes the host's way
    expect(body.outcome).toMatchObject({ result: 'adopted', basis: 'host_decides', tally: { voters: 3, for: 1, against: 1, abstain: 1 } })
    // the abstention is not on the side that carried either, as the record's 不同意见 lists it
    expect(body.dissent).toEqual([{ name: b, role: 'officer' }, { name: c, role: 'officer' }])
    expect(body.statement).toBe('同意票与不同意票相等（各1票），按照表决规则以主持人李主持所持的同意意见为评议意见，评议事项获得通过')
  })

  test('a hearing outside the caller\'s reach answers 404; unknown fields are refused', async () => {
    const f = await inSession()
    const missing = await f.t.app.inject({ method: 'POST', url: '/api/v1/hearings/99999/deliberation/tally', headers: f.t.admin.headers, payload: { votes: [] } })
    expect(missing.statusCode).toBe(404)
    const bad = await post(f, 'deliberation/tally', { votes: [{ name: '李主持', role: 'host', vote: 'yes' }] })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors[0].field).toBe('votes.0.vote')
  })
})

describe('deliberation save with the revision it was read at', () => {
  test('a save from a stale revision is refused with 409 and changes nothing; without a revision it is not checked', async () => {
    const f = await inSession()
    const body = {
      startsAt: '2026-12-10T11:10:00+08:00',
      place: '渤海街道听证室合议间',
      proposal: '建议责任单位按现行标准补足补偿款。',
      opinions: [{ name: '李主持', role: 'host', opinion: '事实清楚，应予补足。', vote: 'for' }],
      conclusion: ''
    }
    const first = await put(f, 'deliberation', body)
    expect(first.statusCode, first.body).toBe(200)
    const read = first.json().revision as number
    const second = await put(f, 'deliberation', { ...body, proposal: '建议补足补偿款并书面答复。', revision: read })
    expect(second.statusCode, second.body).toBe(200)
    expect(second.json().revision).toBe(read + 1)
    // a second user still holding the first read
    const stale = await put(f, 'deliberation', { ...body, proposal: '旧的评议事项', revision: read })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().code).toBe('request.version_conflict')
    const now = (await get(f, 'deliberation')).json()
    expect(now.revision).toBe(read + 1)
    expect(now.content.proposal).toBe('建议补足补偿款并书面答复。')
    expect((await put(f, 'deliberation', { ...body, proposal: '不带修订号的保存' })).json().content.proposal).toBe('不带修订号的保存')
  })
})
