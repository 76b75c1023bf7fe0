/*
 * A hearing in session today, on the real clock, built through the API only: the city and its township, a venue,
 * the host, the recorder and three officers (appointed and trained), a matter with one petitioner, a simple hearing
 * starting a few minutes from now, its panel drawn, the notice served today with the petitioner's consent to the
 * short notice, and the hearing opened. Used by the minutes browser test and the minutes typing bench.
 */
import { BASIC_CONDITIONS } from '../../db/schema/enums.js'
import { anIdNumber } from '../../test/helpers/factories.js'

export type ApiCall = <T = any>(method: string, path: string, body?: unknown, expected?: number) => Promise<T>

const DAY_MS = 24 * 3600_000
const chinaDate = (days = 0) => new Date(Date.now() + 8 * 3600_000 + days * DAY_MS).toISOString().slice(0, 10)
/** A China-time instant with its offset, as the API takes it. */
const chinaTime = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 16)}:00+08:00`

export const SEEDED_PEOPLE = { host: '李主持', recorder: '赵记录', officers: ['周听证', '吴听证', '郑听证'], petitioner: '王秀兰' }

export async function seedHearingInSession (api: ApiCall, number = '滨信〔2026〕501号') {
  const attested = Object.fromEntries(BASIC_CONDITIONS.map((c) => [c, { attestedBy: '滨海市信访局', attestedAt: chinaDate(-60) }]))
  const city = await api('POST', '/regions', { name: '滨海市', code: '371600000000' })
  await api('PUT', `/regions/${city.id}/document-settings`, { issuerName: '滨海市信访局', contactPerson: '孙文华', contactPhone: '0543-3161234', address: '滨海市黄河五路 386 号', numberPrefix: '滨信听' }, 200)
  const county = await api('POST', '/regions', { name: '东城区', parentId: city.id })
  const town = await api('POST', '/regions', { name: '渤海街道', parentId: county.id })
  const respondent = await api('POST', '/organisations', { name: '滨海市东城区住房和城乡建设局', kind: 'agency' })
  const venue = await api('POST', '/venues', { regionId: town.id, name: '渤海街道听证室', address: '滨海市东城区渤海七路 520 号三楼', capacity: 40 })
  let seq = 0
  async function member (name: string, roles: string[], trained: boolean) {
    seq++
    const created = await api('POST', '/pool/members', {
      name, idNumber: anIdNumber(500 + seq, { birth: '19760412' }), mobile: `1390543${String(5000 + seq)}`, roles, sourceCategory: 'professional', homeRegionId: town.id, conditions: attested
    })
    await api('POST', `/pool/members/${created.id}/appoint`, { appointmentDate: chinaDate(-30), appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕1号', termEnd: chinaDate(700), version: created.version }, 200)
    if (trained) await api('POST', `/pool/members/${created.id}/trainings`, { course: '听证主持人业务培训', trainedOn: chinaDate(-20), hours: 8, provider: '滨海市信访局' })
    return created.id as number
  }
  const host = await member(SEEDED_PEOPLE.host, ['host'], true)
  const recorder = await member(SEEDED_PEOPLE.recorder, ['recorder'], false)
  for (const name of SEEDED_PEOPLE.officers) await member(name, ['officer'], false)
  const matter = await api('POST', '/matters', {
    number,
    title: '关于渤海社区安置补偿的信访事项',
    summary: '信访人反映旧村改造中宅基地面积认定有误，要求重新核定。',
    regionId: town.id,
    petitionerKind: 'individual',
    petitioners: [{ name: SEEDED_PEOPLE.petitioner, idNumber: anIdNumber(600, { birth: '19680315' }), mobile: '13705431201', address: '滨海市东城区渤海街道 12 号' }],
    respondentOrganisationId: respondent.id,
    handling: { acceptingBody: '滨海市东城区人民政府', acceptedOn: chinaDate(-5) }
  })
  // a few minutes from now, on a five-minute mark, inside today (China time)
  const start = Math.ceil((Date.now() + 10 * 60_000) / 300_000) * 300_000
  const created = await api('POST', '/hearings', {
    matterId: matter.id, procedure: 'simple', startsAt: chinaTime(start), endsAt: chinaTime(start + 60 * 60_000), venueId: venue.id, hostMemberId: host, recorderMemberId: recorder, panelSize: 3
  })
  const hearingId = created.hearing.id as number
  await api('POST', `/hearings/${hearingId}/draws`, { witnessName: '东城区政协委员 韩丽', witnessValue: '314159' })
  const step = async (action: string, extra: Record<string, unknown> = {}) => {
    const current = await api('GET', `/hearings/${hearingId}`)
    return api('POST', `/hearings/${hearingId}/transitions`, { action, version: current.version, ...extra }, 200)
  }
  await step('notify', { noticeServedOn: chinaDate(), noticeWaiver: { date: chinaDate(), method: 'written' } })
  await step('open')
  return { hearingId, matterId: matter.id as number }
}

/** An API client with a bearer token, as the browser test's harness has one (for the bench, which has no harness). */
export function bearerApi (base: string, token: string): ApiCall {
  return async (method, path, body, expected = method === 'POST' ? 201 : 200) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await res.text()
    if (res.status !== expected) throw new Error(`${method} ${path} answered ${res.status}, expected ${expected}: ${text}`)
    return (text === '' ? null : JSON.parse(text))
  }
}
