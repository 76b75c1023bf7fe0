import { describe, expect, test } from 'vitest'
import { drawnHearing, openOnTheDay } from '../dossier/dossier.fixture.js'
import { get, inSession, post, put } from './minutes.fixture.js'

describe('minutes: starting the record and editing an entry against what it read', () => {
  test('POST …/minutes makes version 1 from the hearing\'s parties once; before the hearing opens it is refused', async () => {
    const f = await drawnHearing()
    const early = await post(f, 'minutes', {})
    expect(early.statusCode).toBe(409)
    expect(early.json().code).toBe('minutes.hearing_not_in_session')
    expect((await get(f, 'minutes')).statusCode).toBe(404)
    await openOnTheDay(f)
    const started = await post(f, 'minutes', {})
    expect(started.statusCode, started.body).toBe(200)
    const record = started.json()
    expect(record).toMatchObject({ version: 1, status: 'draft', revision: 1, kind: 'minutes' })
    // the matter's petitioner and their agent, present until the recorder says otherwise
    expect(record.content.participants).toEqual([
      { role: 'petitioner', name: '王信访', attendance: 'present' },
      { role: 'agent', name: '周代理', unit: '王信访的委托代理人', attendance: 'present' }
    ])
    expect(record.versions.map((v: { version: number }) => v.version)).toEqual([1])
    expect((await post(f, 'minutes/entries', { section: 'opening', speaker: { role: 'host', name: '李主持' }, text: '现在开始听证。' })).statusCode).toBe(200)
    // a second start changes nothing
    const again = (await post(f, 'minutes', {})).json()
    expect(again).toMatchObject({ version: 1, revision: 2 })
    expect(again.content.entries).toHaveLength(1)
  })

  test('an edit made from stale text is refused with 409 and the entry as it now reads; one made from the current text is stored', async () => {
    const f = await inSession()
    const entry = { section: 'statements', speaker: { role: 'petitioner', name: '王信访' }, text: '补偿款未发放。' }
    expect((await post(f, 'minutes/entries', entry)).statusCode).toBe(200)
    const first = await put(f, 'minutes/entries/1', { ...entry, text: '补偿款至今未足额发放。', expectedText: '补偿款未发放。' })
    expect(first.statusCode, first.body).toBe(200)
    const stale = await put(f, 'minutes/entries/1', { ...entry, text: '补偿款未发放，要求补发。', expectedText: '补偿款未发放。' })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'request.version_conflict', detail: '第 1 条记录已被他人修改，请核对后重新修改', text: '补偿款至今未足额发放。' })
    const now = (await get(f, 'minutes')).json()
    expect(now.content.entries.map((e: { text: string }) => e.text)).toEqual(['补偿款至今未足额发放。'])
    // without expectedText an edit is stored as before
    expect((await put(f, 'minutes/entries/1', { ...entry, text: '补偿款未足额发放。' })).json().content.entries[0].text).toBe('补偿款未足额发放。')
  })
})

describe('minutes: who signs', () => {
  test('GET …/minutes/signatories lists the panel, then those who attended, with what is recorded for each', async () => {
    const f = await inSession()
    expect((await get(f, 'minutes/signatories')).statusCode).toBe(404)
    expect((await put(f, 'minutes/attendance', { participants: [{ role: 'petitioner', name: '王信访', attendance: 'present' }, { role: 'agent', name: '周代理', attendance: 'absent' }] })).statusCode).toBe(200)
    expect((await post(f, 'minutes/signatures', { role: 'host', name: '李主持', signed: true })).statusCode).toBe(200)
    expect((await post(f, 'minutes/signatures', { role: 'petitioner', name: '王信访', signed: false, hostNote: '信访人拒绝签名，已当场宣读。' })).statusCode).toBe(200)
    const res = await get(f, 'minutes/signatories')
    expect(res.statusCode).toBe(200)
    const none = { signed: null, hostNote: null, confirmation: null }
    expect(res.json().items).toEqual([
      { role: 'host', name: '李主持', signed: true, hostNote: null, confirmation: null },
      ...f.officers.map((name) => ({ role: 'officer', name, ...none })),
      { role: 'recorder', name: '赵记录', ...none },
      // the absent agent does not sign
      { role: 'petitioner', name: '王信访', signed: false, hostNote: '信访人拒绝签名，已当场宣读。', confirmation: null }
    ])
  })
})
