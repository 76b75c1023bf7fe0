import { eq } from 'drizzle-orm'
import { expect } from 'vitest'
import { membersTable, usersTable } from '../../../db/schema/index.js'
import { aMatter, aMember, anOrganisation, aVenue } from '../../helpers/factories.js'
import type { TestApp } from '../../helpers/app.js'
import { hearingFixture, travel } from '../hearings/hearings.fixture.js'

export type Res = { statusCode: number, body: string, headers: Record<string, unknown>, json: () => any }

export function api (t: TestApp, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = t.admin.headers): Promise<Res> {
  return t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) }) as unknown as Promise<Res>
}

export function expectProblem (res: Res, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status)
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/)
  const body = res.json()
  expect(body.code).toBe(code)
  expect(body.title).toMatch(/\p{Script=Han}/u)
  return body
}

/** Posts a hearing transition with its current version, as the admin. */
export async function step (t: TestApp, hearingId: number, body: Record<string, unknown>) {
  const current = (await api(t, 'GET', `/api/v1/hearings/${hearingId}`)).json()
  const res = await api(t, 'POST', `/api/v1/hearings/${hearingId}/transitions`, { version: current.version, ...body })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

type Side = { hearingId: number, hostId: number, recorderId: number, officerIds: number[], alternateIds: number[] }

/**
 * Two simple hearings on Thursday 10 December 2026 at 09:00 (Shanghai), each with 3 drawn officers and an alternate:
 * A for a matter of 渤海街道 (township A, paid by it), B for a matter of 杨柳村, a village of 杨柳镇 (paid by township
 * B). Both are notified on 28 November; the clock is left at 09:00 on the day, neither is open yet.
 */
export async function twoHearings () {
  const f = await hearingFixture()
  const { t, regions } = f
  for (let i = 0; i < 6; i++) aMember(t.db, { homeRegionId: regions.townA.id, name: `甲听证员${i + 1}`, roleHost: false, roleRecorder: false })
  const respondentB = anOrganisation(t.db, '西城县自然资源局')
  const matterB = aMatter(t.db, { regionId: regions.villageB.id, respondentOrganisationId: respondentB.id, villageId: regions.villageB.id })
  const venueB = aVenue(t.db, regions.townB.id, '杨柳镇听证室')
  const hostB = aMember(t.db, { homeRegionId: regions.townB.id, name: '孙主持' })
  const recorderB = aMember(t.db, { homeRegionId: regions.townB.id, name: '周记录' })
  for (let i = 0; i < 6; i++) aMember(t.db, { homeRegionId: regions.townB.id, name: `乙听证员${i + 1}`, roleHost: false, roleRecorder: false })

  async function schedule (body: Record<string, unknown>): Promise<Side> {
    const created = await api(t, 'POST', '/api/v1/hearings', { procedure: 'simple', panelSize: 3, startsAt: '2026-12-10T09:00:00+08:00', endsAt: '2026-12-10T11:00:00+08:00', ...body })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().hearing.id as number
    const drawn = await api(t, 'POST', `/api/v1/hearings/${id}/draws`, { witnessValue: '2718', witnessName: '钱见证' })
    expect(drawn.statusCode, drawn.body).toBe(201)
    await step(t, id, { action: 'notify', noticeServedOn: '2026-11-28' })
    const detail = (await api(t, 'GET', `/api/v1/hearings/${id}`)).json()
    const ofKind = (kind: string) => detail.participants.filter((p: { kind: string, active: boolean }) => p.kind === kind && p.active).map((p: { memberId: number }) => p.memberId) as number[]
    return { hearingId: id, hostId: body.hostMemberId as number, recorderId: body.recorderMemberId as number, officerIds: ofKind('officer'), alternateIds: ofKind('alternate') }
  }

  const a = await schedule({ matterId: f.matter.id, venueId: f.venue.id, hostMemberId: f.host.id, recorderMemberId: f.recorder.id })
  const b = await schedule({ matterId: matterB.id, venueId: venueB.id, hostMemberId: hostB.id, recorderMemberId: recorderB.id })
  travel(t, '2026-12-10T01:00:00.000Z')
  return { ...f, a, b }
}

/** Sets how a member is paid, as the pool record says (the pool's own validation is tested in the pool module). */
export function payAs (t: TestApp, memberId: number, remunerationKind: 'public_interest' | 'fee_per_half_day', feePerHalfDayYuan: number | null, seniorTitle = false) {
  t.db.update(membersTable).set({ remunerationKind, feePerHalfDayYuan, seniorTitle }).where(eq(membersTable.id, memberId)).run()
}

/** Opens the hearing now and concludes it at `endIso`. */
export async function hold (t: TestApp, hearingId: number, endIso: string) {
  const start = t.clock.now().toISOString()
  await step(t, hearingId, { action: 'open' })
  t.clock.set(endIso)
  const concluded = await step(t, hearingId, { action: 'conclude' })
  t.clock.set(start)
  return concluded
}

/** A login account of `role` linked to a pool member (users.pool_member_id), with a session from now. */
export function linkedAccount (t: TestApp, memberId: number, role: 'officer' | 'host' = 'officer', regionId: number | null = null) {
  const u = t.userWithToken({ role, regionId })
  t.db.update(usersTable).set({ poolMemberId: memberId }).where(eq(usersTable.id, u.user.id)).run()
  return u
}
