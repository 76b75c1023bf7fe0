import { describe, expect, test } from 'vitest'
import { recomputeCommitment, recomputeRecord, type PublishedCommitment, type PublishedRound } from '../../../web/src/views/hearings/draw/recompute.js'
import { aMember } from '../../helpers/factories.js'
import { hearingFixture } from './hearings.fixture.js'

type Round = { round: number, pending: boolean, detail: Record<string, unknown> & { draw?: { spec: Record<string, unknown>, steps: unknown[] }, spec?: Record<string, unknown> } }

/** GET …/draws?candidates=none|packed: the page's light view and the packed list the browser recomputes from. */
describe('the draw record without or with a packed candidate list', () => {
  test('candidates=none leaves out the list and nothing else; packed gives the same list in less space; both carry the names of the people in the record', async () => {
    const f = await hearingFixture()
    const pool = Array.from({ length: 40 }, (_, i) => aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: `听证员${i + 1}`, roleHost: false, roleRecorder: false }))
    const insider = aMember(f.t.db, { homeRegionId: f.regions.townA.id, employerOrganisationId: f.respondent.id, name: '住建局干部' })
    const { hearing } = (await f.create({ procedure: 'simple', panelSize: 3 })).json()
    const url = `/api/v1/hearings/${hearing.id}/draws`
    const get = (query = '') => f.t.app.inject({ method: 'GET', url: `${url}${query}`, headers: f.t.admin.headers })
    expect((await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/draw-commitments`, headers: f.t.admin.headers, payload: { witnessName: '王见证' } })).statusCode).toBe(201)

    // pending: the commitment and its spec, without the secret, in every view
    const pendingNone = (await get('?candidates=none')).json()
    const pendingRound = pendingNone.rounds[0] as Round
    expect(pendingRound.pending).toBe(true)
    expect(pendingRound.detail.spec).toEqual({ algorithmVersion: 'tz-draw-v2', rules: [], seats: 3, alternates: 1, localFirst: true })
    const pendingPacked = (await get('?candidates=packed')).json()
    expect(JSON.stringify(pendingPacked)).not.toContain('serverSecret"')
    expect(await recomputeCommitment(pendingPacked.rounds[0].detail as PublishedCommitment)).toMatchObject({ ok: true })

    expect((await f.t.app.inject({ method: 'POST', url, headers: f.t.admin.headers, payload: { witnessValue: '5', witnessName: '王见证' } })).statusCode).toBe(201)
    const full = await get()
    const none = await get('?candidates=none')
    const packed = await get('?candidates=packed')
    for (const res of [full, none, packed]) expect(res.statusCode).toBe(200)
    const fullRound = full.json().rounds[0] as Round
    const noneRound = none.json().rounds[0] as Round
    expect(fullRound.detail.draw!.spec.candidates).toHaveLength(40)
    // the light view is the full one without the candidate list
    const { candidates, ...header } = fullRound.detail.draw!.spec
    expect(candidates).toBeDefined()
    expect(noneRound.detail).toEqual({ ...fullRound.detail, draw: { ...fullRound.detail.draw, spec: header } })
    expect(none.body.length).toBeLessThan(full.body.length / 2)
    expect(packed.body.length).toBeLessThan(full.body.length)
    expect(none.json().state).toEqual(full.json().state)
    expect(none.json().rounds[0].excluded).toEqual(full.json().rounds[0].excluded)

    // the packed list recomputes as the full one does
    const revealed = (body: { rounds: Round[] }) => body.rounds.filter((r) => !r.pending).map((r) => r.detail as unknown as PublishedRound)
    expect(await recomputeRecord(revealed(packed.json()))).toMatchObject({ ok: true })
    expect(await recomputeRecord(revealed(full.json()))).toMatchObject({ ok: true })

    // names: everyone drawn, and the excluded (the host, the recorder, the respondent's employee)
    const names = new Map((none.json().members as { id: number, name: string }[]).map((m) => [m.id, m.name]))
    for (const step of noneRound.detail.draw!.steps as { id: number }[]) expect(names.get(step.id)).toMatch(/^听证员\d+$/)
    expect(names.get(insider.id)).toBe('住建局干部')
    expect(names.get(f.host.id)).toBe('李主持')
    expect(names.size).toBe(4 + 3)
    expect(pool).toHaveLength(40)

    const bad = await get('?candidates=some')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors[0]).toMatchObject({ in: 'querystring', field: 'candidates' })
  })
})
