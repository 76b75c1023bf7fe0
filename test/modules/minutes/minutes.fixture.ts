import { eq } from 'drizzle-orm'
import { expect } from 'vitest'
import { matterAgentsTable, matterPetitionersTable, membersTable } from '../../../db/schema/index.js'
import { aMember } from '../../helpers/factories.js'
import { hearingFixture } from '../hearings/hearings.fixture.js'
import { drawnHearing, openOnTheDay, transition, type DrawnHearing } from '../dossier/dossier.fixture.js'

export const post = (f: DrawnHearing, path: string, payload: unknown) => f.t.app.inject({ method: 'POST', url: `${f.url}/${path}`, headers: f.t.admin.headers, payload: payload as Record<string, unknown> })
export const put = (f: DrawnHearing, path: string, payload: unknown) => f.t.app.inject({ method: 'PUT', url: `${f.url}/${path}`, headers: f.t.admin.headers, payload: payload as Record<string, unknown> })
export const get = (f: DrawnHearing, path: string) => f.t.app.inject({ method: 'GET', url: `${f.url}/${path}`, headers: f.t.admin.headers })

/**
 * A drawn hearing that is in session, with the names of its seated officers. With `deliberation`, the city first
 * chooses a ruleset with those voting rules (through the rulesets API), so the hearing is scheduled under them.
 */
export async function inSession (deliberation?: Record<string, string>) {
  const f = deliberation ? await drawnHearingUnder(deliberation) : await drawnHearing()
  await openOnTheDay(f)
  const detail = (await f.t.app.inject({ method: 'GET', url: f.url, headers: f.t.admin.headers })).json()
  const officers = detail.participants.filter((p: { kind: string, active: boolean }) => p.kind === 'officer' && p.active)
    .map((p: { memberId: number }) => f.members.find((m) => m.id === p.memberId)!.name)
  return { ...f, officers: officers as string[] }
}

export type InSession = Awaited<ReturnType<typeof inSession>>

/** drawnHearing, with the city's ruleset (voting rules) chosen through the API before the hearing is scheduled. */
async function drawnHearingUnder (deliberation: Record<string, string>): Promise<DrawnHearing> {
  const f = await hearingFixture()
  const { t } = f
  const sources = Object.fromEntries(Object.keys(deliberation).map((k) => [`deliberation.${k}`, { tag: 'LOCAL', ref: '本市评议规则' }]))
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/rulesets', headers: t.admin.headers, payload: { name: '本市评议规则', config: { deliberation, sources } } })
  expect(created.statusCode, created.body).toBe(201)
  const assigned = await t.app.inject({ method: 'PUT', url: `/api/v1/regions/${f.regions.city.id}/ruleset`, headers: t.admin.headers, payload: { rulesetId: created.json().id } })
  expect(assigned.statusCode, assigned.body).toBe(200)
  const pool = Array.from({ length: 6 }, (_, i) => aMember(t.db, { homeRegionId: f.regions.townA.id, name: `听证员${'甲乙丙丁戊己'[i]}`, roleHost: false, roleRecorder: false }))
  const petitioner = t.db.select().from(matterPetitionersTable).where(eq(matterPetitionersTable.matterId, f.matter.id)).get()!
  t.db.update(matterPetitionersTable).set({ address: '滨海市东城区渤海社区5号楼' }).where(eq(matterPetitionersTable.id, petitioner.id)).run()
  t.db.insert(matterAgentsTable).values({ petitionerId: petitioner.id, position: 1, name: '周代理', idNumber: '371602198801010011', phone: '13911112222', powerOfAttorneyNote: '一般授权', powerOfAttorneyDate: '2026-11-20' }).run()
  const { hearing } = (await f.create({ procedure: 'simple', panelSize: 3 })).json()
  const url = `/api/v1/hearings/${hearing.id}`
  const drawn = await t.app.inject({ method: 'POST', url: `${url}/draws`, headers: t.admin.headers, payload: { witnessValue: '2718', witnessName: '钱见证' } })
  expect(drawn.statusCode, drawn.body).toBe(201)
  const host = t.db.select().from(membersTable).where(eq(membersTable.id, f.host.id)).get()!
  return { ...f, pool, hearing, url, petitioner: { ...petitioner, address: '滨海市东城区渤海社区5号楼' }, host, members: t.db.select().from(membersTable).all() }
}

/** Minutes with a few entries, signed by everyone (the agent refuses, noted by the host), concluded and finalised. */
export async function finalisedMinutes () {
  const f = await inSession()
  expect((await put(f, 'minutes/attendance', { participants: [{ role: 'petitioner', name: '王信访', attendance: 'present' }, { role: 'agent', name: '周代理', unit: '王信访的委托代理人', attendance: 'present' }] })).statusCode).toBe(200)
  for (const e of [
    { section: 'opening', speaker: { role: 'host', name: '李主持' }, text: '现在开始听证。宣布听证纪律。' },
    { section: 'statements', speaker: { role: 'petitioner', name: '王信访' }, text: '征地补偿款至今未足额发放。' },
    { section: 'closing', speaker: { role: 'host', name: '李主持' }, text: '听证结束，请核对笔录后签名。' }
  ]) expect((await post(f, 'minutes/entries', e)).statusCode).toBe(200)
  const people = [['host', '李主持'], ...f.officers.map((n) => ['officer', n]), ['recorder', '赵记录'], ['petitioner', '王信访']]
  for (const [role, name] of people) expect((await post(f, 'minutes/signatures', { role, name, signed: true })).statusCode).toBe(200)
  expect((await post(f, 'minutes/signatures', { role: 'agent', name: '周代理', signed: false, hostNote: '代理人对笔录有异议，拒绝签名，已当场宣读。' })).statusCode).toBe(200)
  await transition(f, 'conclude')
  const final = await post(f, 'minutes/finalise', {})
  expect(final.statusCode).toBe(200)
  return { ...f, final: final.json() }
}

/** A concluded hearing with a finalised deliberation record (one officer dissents). */
export async function finalisedDeliberation () {
  const f = await inSession()
  await transition(f, 'conclude')
  const body = {
    startsAt: '2026-12-10T11:10:00+08:00',
    endsAt: '2026-12-10T11:40:00+08:00',
    place: '渤海街道听证室合议间',
    proposal: '建议责任单位按现行标准补足补偿款。',
    opinions: [
      { name: '李主持', role: 'host', opinion: '事实清楚，应予补足。', vote: 'for' },
      ...f.officers.map((name, i) => ({ name, role: 'officer', opinion: i === 2 ? '证据不足，不同意。' : '同意主持人意见。', vote: i === 2 ? 'against' : 'for' }))
    ],
    conclusion: '以多数意见建议补足补偿款。'
  }
  expect((await put(f, 'deliberation', body)).statusCode).toBe(200)
  const final = await post(f, 'deliberation/finalise', {})
  expect(final.statusCode).toBe(200)
  return { ...f, final: final.json() }
}
