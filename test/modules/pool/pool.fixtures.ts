import { expect } from 'vitest'
import { BASIC_CONDITIONS } from '../../../db/schema/index.js'
import { idCheckCharacter } from '../../../server/modules/pool/pool.rules.js'
import type { TestApp } from '../../helpers/app.js'

/** A valid resident ID number: address code, birth date (YYYYMMDD), sequence (odd last digit = male) and its check character. */
export function anIdNumber ({ area = '370102', birth = '19800101', seq = 1, male = true }: { area?: string, birth?: string, seq?: number, male?: boolean } = {}) {
  let n = seq % 1000
  if ((n % 2 === 1) !== male) n = (n + 1) % 1000
  const first17 = `${area}${birth}${String(n).padStart(3, '0')}`
  return first17 + idCheckCharacter(first17)
}

let counter = 0
/** A fresh valid mobile number. */
export function aMobile () {
  counter++
  return `139${String(10_000_000 + counter * 7919).slice(-8)}`
}

export const ALL_CONDITIONS = Object.fromEntries(BASIC_CONDITIONS.map((c) => [c, { attestedBy: '滨海市信访局', attestedAt: '2026-10-01' }]))

export function aMemberBody (overrides: Record<string, unknown> & { homeRegionId: number }) {
  counter++
  return {
    name: '张伟',
    idNumber: anIdNumber({ seq: counter }),
    mobile: aMobile(),
    roles: ['officer'],
    sourceCategory: 'professional',
    ...overrides
  }
}

export type Res = { statusCode: number, headers: Record<string, unknown>, json: () => any, body: string, rawPayload: Buffer }

export function expectProblem (res: Res, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status)
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/)
  const body = res.json()
  expect(body).toMatchObject({ status, code })
  return body
}

/** Creates a member through the API as the given caller and returns the response body. */
export async function createMember (t: TestApp, headers: Record<string, string>, body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/pool/members', headers, payload: body })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

/** Creates a member with all four conditions attested and appoints them (term from `appointmentDate`). */
export async function activeMember (t: TestApp, body: Record<string, unknown> & { homeRegionId: number }, appointmentDate = '2026-11-01', termEnd?: string) {
  const created = await createMember(t, t.admin.headers, aMemberBody({ conditions: ALL_CONDITIONS, ...body }))
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/pool/members/${created.id}/appoint`,
    headers: t.admin.headers,
    payload: { appointmentDate, appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕1号', version: created.version, ...(termEnd ? { termEnd } : {}) }
  })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}
