import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { outboxMessagesTable } from '../../../db/schema/index.js'
import { scheduledHearing } from './hearing-fixture.js'

type Item = { personKind: string, personId: number, method: string, latest: { subject: string, state: string, sentAt: string | null, attempts: number } | null, sentCount: number }

describe('GET /hearings/{id}/invitation-mails', () => {
  test('per person the latest calendar mail and whether it went out: queued, sent, failed; a superseded one does not count; no address or error shown', async () => {
    const f = await scheduledHearing({ recorderEmail: null })
    const drawn = await f.draw()
    const list = async (headers = f.t.admin.headers) => {
      const res = await f.t.app.inject({ method: 'GET', url: `${f.url}/invitation-mails`, headers })
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as { items: Item[] }).items
    }
    const byMember = (items: Item[]) => new Map(items.filter((i) => i.personKind === 'member').map((i) => [i.personId, i]))

    const before = byMember(await list())
    // the host and the three seated officers are mailed; the alternate is not invited before moving up, and the
    // recorder has no mailbox
    expect([...before.keys()].sort((a, b) => a - b)).toEqual([f.host.id, ...drawn.official].sort((a, b) => a - b))
    expect(before.get(f.recorder.id)).toBeUndefined()
    expect(before.get(drawn.alternates[0]!)).toBeUndefined()
    for (const item of before.values()) expect(item).toMatchObject({ method: 'REQUEST', latest: { state: 'queued', sentAt: null, attempts: 0 }, sentCount: 0 })
    expect(before.get(drawn.official[0]!)!.latest!.subject).toContain('听证邀请')

    // the outbox delivers the first officer's mail, gives up on the second's
    const rows = f.t.db.select().from(outboxMessagesTable).all()
    const rowOf = (memberId: number) => rows.find((r) => r.toAddress === f.emailOf(memberId))!
    const sentAt = new Date('2026-11-28T02:00:00.000Z')
    f.t.db.update(outboxMessagesTable).set({ status: 'sent', sentAt, attempts: 1 }).where(eq(outboxMessagesTable.id, rowOf(drawn.official[0]!).id)).run()
    f.t.db.update(outboxMessagesTable).set({ status: 'failed', attempts: 8, lastError: '550 mailbox unavailable' }).where(eq(outboxMessagesTable.id, rowOf(drawn.official[1]!).id)).run()
    const after = byMember(await list())
    expect(after.get(drawn.official[0]!)).toMatchObject({ latest: { state: 'sent', sentAt: '2026-11-28T10:00:00.000+08:00', attempts: 1 }, sentCount: 1 })
    expect(after.get(drawn.official[1]!)).toMatchObject({ latest: { state: 'failed', attempts: 8 }, sentCount: 0 })
    const body = JSON.stringify(await list())
    expect(body).not.toContain('550')
    expect(body).not.toContain('@example.cn')

    // a change of time: the newer update supersedes what was not sent yet; the sent one still counts as sent
    const moved = await f.t.app.inject({ method: 'PATCH', url: f.url, headers: f.t.admin.headers, payload: { version: f.version(), startsAt: '2026-12-10T14:00:00+08:00', endsAt: '2026-12-10T16:00:00+08:00' } })
    expect(moved.statusCode, moved.body).toBe(200)
    const later = byMember(await list())
    expect(later.get(drawn.official[0]!)).toMatchObject({ latest: { state: 'queued' }, sentCount: 1 })
    expect(later.get(drawn.official[2]!)!.latest).toMatchObject({ state: 'queued' })
    expect(later.get(drawn.official[2]!)!.latest!.subject).not.toBe(before.get(drawn.official[2]!)!.latest!.subject)
  })

  test('hearing staff and auditors of the region read it; an officer may not; a coordinator of another county is told it does not exist', async () => {
    const f = await scheduledHearing()
    const auditor = f.t.userWithToken({ role: 'auditor', regionId: f.regions.countyA.id })
    expect((await f.t.app.inject({ method: 'GET', url: `${f.url}/invitation-mails`, headers: auditor.headers })).statusCode).toBe(200)
    const officer = f.t.userWithToken({ role: 'officer', regionId: f.regions.townA.id })
    expect((await f.t.app.inject({ method: 'GET', url: `${f.url}/invitation-mails`, headers: officer.headers })).statusCode).toBe(403)
    const other = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.countyB.id })
    const hidden = await f.t.app.inject({ method: 'GET', url: `${f.url}/invitation-mails`, headers: other.headers })
    expect(hidden.statusCode).toBe(404)
    expect(hidden.json().code).toBe('hearings.not_found')
  })
})
