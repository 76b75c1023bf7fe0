import { describe, expect, test } from 'vitest'
import { drawnHearing, openOnTheDay, transition } from '../dossier/dossier.fixture.js'
import { api, expectProblem, linkedAccount } from '../remuneration/remuneration.fixture.js'

describe('my assessments (GET /me/assessments)', () => {
  test('an officer reads their own assessments and averages; an account without a pool member gets 404, staff roles 403', async () => {
    const f = await drawnHearing()
    await openOnTheDay(f)
    f.t.clock.set('2026-12-10T03:00:00.000Z')
    await transition(f, 'conclude')
    const detail = (await api(f.t, 'GET', f.url)).json()
    const officer = detail.participants.find((p: { kind: string, active: boolean }) => p.kind === 'officer' && p.active).memberId as number
    const put = await api(f.t, 'PUT', `${f.url}/assessments/${officer}`, { attendance: 5, preparation: 4, impartiality: 4, conduct: 3, note: '准备较充分' })
    expect(put.statusCode, put.body).toBe(201)

    const me = linkedAccount(f.t, officer)
    const res = await api(f.t, 'GET', '/api/v1/me/assessments', undefined, me.headers)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.member.id).toBe(officer)
    // (5 + 4 + 4 + 3) / 4 = 4
    expect(body.summary).toEqual({ count: 1, average: 4, byScore: { attendance: 5, preparation: 4, impartiality: 4, conduct: 3 } })
    expect(body.standing).toMatchObject({ count: 1, belowThreshold: false })
    expect(body.items).toMatchObject([{ hearingId: f.hearing.id, role: 'officer', roleName: '听证员', overall: 4, note: '准备较充分', hearingStartsAt: '2026-12-10T09:00:00.000+08:00' }])

    expectProblem(await api(f.t, 'GET', '/api/v1/me/assessments', undefined, f.t.userWithToken({ role: 'officer' }).headers), 404, 'assessments.no_linked_member')
    expectProblem(await api(f.t, 'GET', '/api/v1/me/assessments'), 403, 'auth.forbidden')
  })
})
