import { describe, expect, test } from 'vitest'
import { hearingEventsTable, matterHearingPausesTable } from '../../../db/schema/index.js'
import { hearingFixture } from './hearings.fixture.js'

describe('hearing lifecycle', () => {
  test('scheduled → notified → in session → suspended → resumed (new time) → in session → concluded, each step bumping sequence and version', async () => {
    const f = await hearingFixture()
    const { hearing } = (await f.create()).json()
    const step = async (body: Record<string, unknown>) => {
      const current = f.t.services.hearings.requireHearing(f.t.db, f.t.admin.actor, hearing.id).hearing
      return f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/transitions`, headers: f.t.admin.headers, payload: { version: current.version, ...body } })
    }
    expect((await step({ action: 'notify', noticeServedOn: '2026-11-28' })).json().hearing).toMatchObject({ status: 'notified', sequence: 1, noticeServedOn: '2026-11-28' })
    expect((await step({ action: 'open' })).json().hearing.status).toBe('in_session')
    const suspended = await step({ action: 'suspend', reason: '需要重新勘验现场' })
    expect(suspended.json().hearing).toMatchObject({ status: 'suspended', statusReason: '需要重新勘验现场' })
    const noTime = await step({ action: 'resume' })
    expect(noTime.statusCode).toBe(422)
    expect(noTime.json().code).toBe('hearings.new_time_required')
    const resumed = await step({ action: 'resume', startsAt: '2026-12-20T09:00:00+08:00', endsAt: '2026-12-20T11:00:00+08:00' })
    expect(resumed.statusCode).toBe(200)
    expect(resumed.json().hearing).toMatchObject({ status: 'scheduled', startsAt: '2026-12-20T09:00:00.000+08:00' })
    expect((await step({ action: 'open' })).json().hearing.status).toBe('in_session')
    const concluded = await step({ action: 'conclude' })
    expect(concluded.json().hearing).toMatchObject({ status: 'concluded', sequence: 6, version: 7 })
    expect(f.t.db.select().from(matterHearingPausesTable).all()).toEqual([expect.objectContaining({ matterId: f.matter.id, hearingId: hearing.id, fromOn: '2026-11-28', toOn: '2026-11-28' })])
    const events = f.t.db.select().from(hearingEventsTable).all().map((e) => `${e.action}:${e.toStatus ?? ''}`)
    expect(events).toEqual(['create:scheduled', 'notify:notified', 'open:in_session', 'suspend:suspended', 'resume:scheduled', 'open:in_session', 'conclude:concluded'])
  })

  test('invalid transitions are refused with hearings.invalid_transition and change nothing', async () => {
    const f = await hearingFixture()
    const { hearing } = (await f.create()).json()
    const res = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/transitions`, headers: f.t.admin.headers, payload: { action: 'conclude', version: 1 } })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ code: 'hearings.invalid_transition', hearingStatus: 'scheduled' })
    const cancel = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/transitions`, headers: f.t.admin.headers, payload: { action: 'cancel', version: 1 } })
    expect(cancel.json().code).toBe('hearings.reason_required')
    expect(f.t.services.hearings.requireHearing(f.t.db, f.t.admin.actor, hearing.id).hearing).toMatchObject({ status: 'scheduled', version: 1, sequence: 0 })
  })

  test('postponement needs a reason and a new time, re-checks conflicts, and returns to scheduled', async () => {
    const f = await hearingFixture()
    const { hearing } = (await f.create()).json()
    const res = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/transitions`, headers: f.t.admin.headers, payload: { action: 'postpone', version: 1, reason: '信访人因不可抗力不能到场', startsAt: '2026-12-15T09:00:00+08:00', endsAt: '2026-12-15T10:00:00+08:00' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().hearing).toMatchObject({ status: 'scheduled', sequence: 1, statusReason: '信访人因不可抗力不能到场' })
  })

  test('termination for unexcused absence records the waiver; a terminated hearing frees its people', async () => {
    const f = await hearingFixture()
    const { hearing } = (await f.create()).json()
    const open = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/transitions`, headers: f.t.admin.headers, payload: { action: 'open', version: 1 } })
    expect(open.statusCode).toBe(200)
    const res = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/transitions`, headers: f.t.admin.headers, payload: { action: 'terminate', version: 2, ground: 'unexcused_absence' } })
    expect(res.json().hearing).toMatchObject({ status: 'terminated', statusReason: '信访人无正当理由不到场（视为放弃听证）' })
    const event = f.t.db.select().from(hearingEventsTable).all().at(-1)!
    expect(event.details).toMatchObject({ ground: 'unexcused_absence', waiver: true })
    const preview = await f.t.app.inject({ method: 'POST', url: '/api/v1/hearings/preview', headers: f.t.admin.headers, payload: f.body() })
    expect(preview.json().problems).toEqual([])
  })

  test('a cancelled hearing cannot be edited', async () => {
    const f = await hearingFixture()
    const { hearing } = (await f.create()).json()
    await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/transitions`, headers: f.t.admin.headers, payload: { action: 'cancel', version: 1, reason: '信访人撤回申请' } })
    const edit = await f.t.app.inject({ method: 'PATCH', url: `/api/v1/hearings/${hearing.id}`, headers: f.t.admin.headers, payload: { venueId: f.venue2.id, version: 2 } })
    expect(edit.statusCode).toBe(409)
    expect(edit.json().code).toBe('hearings.not_editable')
  })
})

describe('hearing list', () => {
  test('filters by time window; a window bound without offset is a 400 naming the field, not silently ignored', async () => {
    const f = await hearingFixture()
    const { hearing } = (await f.create()).json()
    const inside = await f.t.app.inject({ method: 'GET', url: '/api/v1/hearings?from=2026-12-10T00:00:00%2B08:00&to=2026-12-11T00:00:00%2B08:00', headers: f.t.admin.headers })
    expect(inside.json()).toMatchObject({ total: 1, items: [{ id: hearing.id }] })
    const outside = await f.t.app.inject({ method: 'GET', url: '/api/v1/hearings?from=2026-12-11T00:00:00%2B08:00', headers: f.t.admin.headers })
    expect(outside.json().total).toBe(0)
    const bare = await f.t.app.inject({ method: 'GET', url: '/api/v1/hearings?from=2026-12-10T00:00:00', headers: f.t.admin.headers })
    expect(bare.statusCode).toBe(400)
    expect(bare.json()).toMatchObject({ code: 'request.invalid', errors: [{ in: 'querystring', field: 'from' }] })
  })
})
