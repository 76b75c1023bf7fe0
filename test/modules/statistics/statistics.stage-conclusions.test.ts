import { describe, expect, test } from 'vitest'
import { createTestApp } from '../../helpers/app.js'
import { createMatter, matterAtReReview, matterStep, seedWorld } from '../matters/matters.fixtures.js'

// What a stage decision records for the statistics: the conclusion type, a 复核 revocation for a missing hearing-rights
// notice, and the 息诉罢访 follow-up (at decision time or later).

async function setup () {
  const t = await createTestApp()
  const w = seedWorld(t)
  const m = await matterAtReReview(t, w, '2026-11-10')
  const stage = (view: { stages: { stage: string }[] }, name: string) => view.stages.find((s) => s.stage === name) as Record<string, unknown>
  return { t, w, m, stage }
}

describe('stage conclusions', () => {
  test('a 复核 decision records its conclusion and the missing-notice revocation; the view labels them', async () => {
    const { t, m, stage } = await setup()
    const decided = await matterStep(t.app, t.admin.headers, m, 'POST', '/stages/reReview/decision', {
      decidedOn: '2026-11-25', conclusionType: 'revoked_redo', revokedForMissingRightsNotice: true, petitionerCeased: false, ceasedCheckedOn: '2026-11-27'
    })
    expect(stage(decided, 'reReview')).toMatchObject({
      conclusionType: 'revoked_redo', conclusionTypeName: '撤销并责令重作', revokedForMissingRightsNotice: true, petitionerCeased: false, petitionerCeasedName: '未息诉罢访', ceasedCheckedOn: '2026-11-27'
    })
    expect(stage(decided, 'review')).toMatchObject({ conclusionType: null, conclusionTypeName: null, revokedForMissingRightsNotice: false, petitionerCeased: null })
  })

  test('only a 复核 can revoke for a missing notice; a follow-up date needs a result and lies between the decision and today', async () => {
    const { t, w, m } = await setup()
    const fresh = await createMatter(t, w, { handling: { acceptingBody: '东城区人力资源和社会保障局', acceptedOn: '2026-11-02' } })
    const handling = await t.app.inject({ method: 'POST', url: `/api/v1/matters/${fresh.id}/stages/handling/decision`, headers: t.admin.headers, payload: { decidedOn: '2026-11-20', revokedForMissingRightsNotice: true, version: fresh.version } })
    expect(handling.json()).toMatchObject({ code: 'matters.invalid', errors: [{ field: 'revokedForMissingRightsNotice' }] })
    const decide = (body: object) => t.app.inject({ method: 'POST', url: `/api/v1/matters/${m.id}/stages/reReview/decision`, headers: t.admin.headers, payload: { decidedOn: '2026-11-25', version: m.version, ...body } })
    expect((await decide({ conclusionType: 'kept' })).statusCode).toBe(400)
    expect((await decide({ ceasedCheckedOn: '2026-11-26' })).json()).toMatchObject({ code: 'matters.invalid' })
    expect((await decide({ petitionerCeased: true, ceasedCheckedOn: '2026-11-24' })).json()).toMatchObject({ code: 'matters.invalid_date' })
    expect((await decide({ petitionerCeased: true, ceasedCheckedOn: '2026-11-29' })).json()).toMatchObject({ code: 'matters.invalid_date' })
  })

  test('the follow-up is recorded later with PUT …/ceased-follow-up (audited), and refused on an open stage', async () => {
    const { t, m, stage } = await setup()
    const put = (name: string, body: object, version: number) => t.app.inject({ method: 'PUT', url: `/api/v1/matters/${m.id}/stages/${name}/ceased-follow-up`, headers: t.admin.headers, payload: { ...body, version } })
    const open = await put('reReview', { petitionerCeased: true, checkedOn: '2026-11-27' }, m.version)
    expect(open.json()).toMatchObject({ code: 'matters.stage_not_decided' })
    const res = await put('review', { petitionerCeased: true, checkedOn: '2026-11-20' }, m.version)
    expect(res.statusCode, res.body).toBe(200)
    expect(stage(res.json(), 'review')).toMatchObject({ petitionerCeased: true, petitionerCeasedName: '息诉罢访', ceasedCheckedOn: '2026-11-20' })
    expect((await put('review', { petitionerCeased: null, checkedOn: null }, m.version)).statusCode).toBe(409)
    const cleared = await put('review', { petitionerCeased: null, checkedOn: null }, res.json().version)
    expect(stage(cleared.json(), 'review')).toMatchObject({ petitionerCeased: null, ceasedCheckedOn: null })
    const audit = await t.app.inject({ method: 'GET', url: '/api/v1/audit?action=matter.ceased_follow_up', headers: t.admin.headers })
    expect(audit.json().items).toHaveLength(2)
  })
})
