import { eq } from 'drizzle-orm'
import { expect } from 'vitest'
import { matterAgentsTable, matterPetitionersTable, membersTable } from '../../../db/schema/index.js'
import { aMember } from '../../helpers/factories.js'
import { hearingFixture, travel } from '../hearings/hearings.fixture.js'

/** A drawn hearing (3 officers + 1 alternate) whose people all carry phones and ID numbers in the database. */
export async function drawnHearing () {
  const f = await hearingFixture()
  const pool = Array.from({ length: 6 }, (_, i) => aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: `听证员${'甲乙丙丁戊己'[i]}`, roleHost: false, roleRecorder: false }))
  const petitioner = f.t.db.select().from(matterPetitionersTable).where(eq(matterPetitionersTable.matterId, f.matter.id)).get()!
  f.t.db.update(matterPetitionersTable).set({ address: '滨海市东城区渤海社区5号楼' }).where(eq(matterPetitionersTable.id, petitioner.id)).run()
  f.t.db.insert(matterAgentsTable).values({ petitionerId: petitioner.id, position: 1, name: '周代理', idNumber: '371602198801010011', phone: '13911112222', powerOfAttorneyNote: '一般授权', powerOfAttorneyDate: '2026-11-20' }).run()
  const res = await f.create({ procedure: 'simple', panelSize: 3 })
  const { hearing } = res.json()
  const url = `/api/v1/hearings/${hearing.id}`
  const drawn = await f.t.app.inject({ method: 'POST', url: `${url}/draws`, headers: f.t.admin.headers, payload: { witnessValue: '2718', witnessName: '钱见证' } })
  if (drawn.statusCode !== 201) throw new Error(drawn.body)
  const host = f.t.db.select().from(membersTable).where(eq(membersTable.id, f.host.id)).get()!
  const members = f.t.db.select().from(membersTable).all()
  return { ...f, pool, hearing, url, petitioner: { ...petitioner, address: '滨海市东城区渤海社区5号楼' }, host, members }
}

export type DrawnHearing = Awaited<ReturnType<typeof drawnHearing>>

export async function transition (f: DrawnHearing, action: string, extra: Record<string, unknown> = {}) {
  const current = (await f.t.app.inject({ method: 'GET', url: f.url, headers: f.t.admin.headers })).json()
  const res = await f.t.app.inject({ method: 'POST', url: `${f.url}/transitions`, headers: f.t.admin.headers, payload: { action, version: current.version, ...extra } })
  if (res.statusCode !== 200) throw new Error(res.body)
  return res.json()
}

/**
 * Opens the hearing as a bureau would: the notice is served today (the test clock's Shanghai date), then on the
 * hearing's day, at its start, the host opens it.
 */
export async function openOnTheDay (f: DrawnHearing) {
  await transition(f, 'notify', { noticeServedOn: new Date(f.t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10) })
  travel(f.t, f.hearing.startsAt)
  return transition(f, 'open')
}

/**
 * Renames everything a hearing document prints from live rows: the venue (name and address), the host and the
 * recorder (pool members) and the issuing body of the city (document settings).
 */
export async function renameEverything (f: DrawnHearing) {
  const admin = f.t.admin.headers
  const venue = await f.t.app.inject({ method: 'PATCH', url: `/api/v1/venues/${f.venue.id}`, headers: admin, payload: { name: '改名后的听证室', address: '滨海市东城区改名路99号' } })
  expect(venue.statusCode).toBe(200)
  for (const [id, name] of [[f.host.id, '李新名'], [f.recorder.id, '赵新名']] as const) {
    const member = (await f.t.app.inject({ method: 'GET', url: `/api/v1/pool/members/${id}`, headers: admin })).json()
    const renamed = await f.t.app.inject({ method: 'PATCH', url: `/api/v1/pool/members/${id}`, headers: admin, payload: { name, version: member.version } })
    expect(renamed.statusCode).toBe(200)
  }
  const settings = await f.t.app.inject({ method: 'PUT', url: `/api/v1/regions/${f.regions.city.id}/document-settings`, headers: admin, payload: { issuerName: '改名后的信访局', contactPerson: '孙联络', contactPhone: '0543-3161234', numberPrefix: '改信听' } })
  expect(settings.statusCode).toBe(200)
}

/** The same bytes with one byte changed in the middle. */
export function flipped (bytes: Buffer) {
  const copy = Buffer.from(bytes)
  const at = Math.floor(copy.length / 2)
  copy[at] = copy[at]! ^ 0xff
  return copy
}

/** A problem answer that shows nothing of the server's internals. */
export function expectNoInternals (body: string) {
  for (const word of ['hearing_records', 'issued_documents', 'SELECT', 'UPDATE', 'sqlite', 'node_modules', '/work/', '.ts:', 'Error:', '    at ']) expect(body).not.toContain(word)
}
