import { describe, expect, it } from 'vitest'
import { like } from 'drizzle-orm'
import {
  caseAssignmentsTable, caseTeamMembersTable, caseTeamsTable, hearingRecordsTable, hearingsTable, matterStagesTable, outboxMessagesTable, reminderDeliveriesTable, reminderRunsTable, usersTable
} from '../../../db/schema/index.js'
import { eq } from 'drizzle-orm'
import { aMember } from '../../helpers/factories.js'
import { fixedClock } from '../../../server/common/clock.js'
import { systemActor } from '../../../server/common/actor.js'
import { BASE_URL, NOW, fileDatabase, remindersOn, seedScenario } from './reminders.fixture.js'

const reminderMails = (db: ReturnType<typeof fileDatabase>['db']) =>
  db.select().from(outboxMessagesTable).where(like(outboxMessagesTable.dedupeKey, 'reminder:%')).all()

describe('daily reminder scan', () => {
  it('reminds each recipient once: a second scan and a manual run the same day send nothing', () => {
    const { db } = fileDatabase()
    const s = seedScenario(db)
    const clock = fixedClock(NOW)
    const reminders = remindersOn(db, clock)

    const first = reminders.runDue('catch_up')
    expect(first.status).toBe('ran')
    if (first.status !== 'ran') return
    expect(first.run).toMatchObject({ scheduledFor: '2026-11-28', dailyKey: '2026-11-28', trigger: 'catch_up', status: 'finished' })
    expect(first.run.counts).toEqual({ items: { hearing_upcoming: 1, stage_deadline: 1 }, newItems: 2, mails: 3, withoutAddress: 1, digests: 0 })

    const rows = db.select().from(reminderDeliveriesTable).all()
    expect(rows.map((r) => [r.kind, r.recipientKey, r.status, r.dueOn]).sort()).toEqual([
      ['hearing_upcoming', 'digest', 'queued', '2026-12-01'],
      ['hearing_upcoming', `member:${s.host.id}`, 'queued', '2026-12-01'],
      ['hearing_upcoming', `member:${s.officer.id}`, 'queued', '2026-12-01'],
      ['hearing_upcoming', `member:${s.recorder.id}`, 'no_address', '2026-12-01'],
      ['stage_deadline', 'digest', 'queued', '2026-12-02'],
      // the township has no coordinator: the county's is the nearest
      ['stage_deadline', `user:${s.coordinator.id}`, 'queued', '2026-12-02']
    ].sort())

    const mails = reminderMails(db)
    expect(mails.map((m) => m.toAddress).sort()).toEqual(['coord@example.cn', 'host@example.cn', 'officer@example.cn'])
    const hostMail = mails.find((m) => m.toAddress === 'host@example.cn')!
    expect(hostMail.subject).toBe(`【听证即将举行】${s.matter.number} 听证定于 2026-12-01 09:30`)
    expect(hostMail.textBody).toContain('张主持（主持人）：')
    expect(hostMail.textBody).toContain(`在${s.venue.name}举行`)
    expect(hostMail.textBody).toContain(`详情：${BASE_URL}/api/v1/hearings/${s.hearing.id}`)
    const stageMail = mails.find((m) => m.toAddress === 'coord@example.cn')!
    expect(stageMail.subject).toBe(`【办理期限即将届满】${s.matter.number} 办理期限 2026-12-02 届满`)
    // Sat 11-28 → Mon 11-30, Tue 12-01, Wed 12-02
    expect(stageMail.textBody).toContain('还有 3 个工作日')

    expect(reminders.runDue('schedule')).toEqual({ status: 'already_ran', date: '2026-11-28' })
    const manual = reminders.runNow(systemActor())
    expect(manual.counts).toMatchObject({ newItems: 0, mails: 0, withoutAddress: 0 })
    expect(reminderMails(db)).toHaveLength(3)
    expect(db.select().from(reminderDeliveriesTable).all()).toHaveLength(6)
  })

  it('after a restart catches up once past the scheduled time, never twice for a date, and resends nothing already sent', () => {
    const file = fileDatabase()
    seedScenario(file.db)
    const clock = fixedClock('2026-11-27T23:00:00.000Z') // 11-28 07:00 Shanghai
    const before = remindersOn(file.db, clock)
    expect(before.runDue('catch_up')).toEqual({ status: 'not_due', date: '2026-11-28' })
    expect(file.db.select().from(reminderRunsTable).all()).toHaveLength(0)

    // the process stops; a new one starts on the same file at 09:00
    clock.set('2026-11-28T01:00:00.000Z')
    const second = file.open()
    const restarted = remindersOn(second.db, clock)
    const caught = restarted.runDue('catch_up')
    expect(caught.status).toBe('ran')
    expect(reminderMails(second.db)).toHaveLength(3)

    // and restarts again the same day: nothing
    const third = file.open()
    expect(remindersOn(third.db, clock).runDue('catch_up')).toEqual({ status: 'already_ran', date: '2026-11-28' })

    // next day 07:00: not yet; 09:00: the 11-29 run, which finds the same reminders (same due dates) and sends none
    clock.set('2026-11-28T23:00:00.000Z')
    expect(remindersOn(third.db, clock).runDue('catch_up')).toEqual({ status: 'not_due', date: '2026-11-29' })
    clock.set('2026-11-29T01:00:00.000Z')
    const next = remindersOn(third.db, clock).runDue('catch_up')
    expect(next.status).toBe('ran')
    if (next.status === 'ran') expect(next.run.counts).toMatchObject({ newItems: 0, mails: 0, items: { hearing_upcoming: 1, stage_deadline: 1 } })
    expect(reminderMails(third.db)).toHaveLength(3)
    expect(third.db.select().from(reminderRunsTable).all().map((r) => [r.scheduledFor, r.dailyKey, r.status])).toEqual([
      ['2026-11-28', '2026-11-28', 'finished'],
      ['2026-11-29', '2026-11-29', 'finished']
    ])
  })

  it('two processes claiming the same date: one runs, the other finds the claim', () => {
    const file = fileDatabase()
    seedScenario(file.db)
    const clock = fixedClock(NOW)
    const a = remindersOn(file.open().db, clock)
    const b = remindersOn(file.open().db, clock)
    const results = [a.runDue('schedule'), b.runDue('schedule')]
    expect(results.map((r) => r.status).sort()).toEqual(['already_ran', 'ran'])
    expect(file.db.select().from(reminderRunsTable).all()).toHaveLength(1)
    expect(reminderMails(file.db)).toHaveLength(3)
  })

  it('does nothing while disabled or for kinds switched off', () => {
    const { db } = fileDatabase()
    seedScenario(db)
    const clock = fixedClock(NOW)
    const reminders = remindersOn(db, clock)
    reminders.updateSettings(systemActor(), { enabled: false })
    expect(reminders.runDue()).toEqual({ status: 'disabled', date: '2026-11-28' })
    reminders.updateSettings(systemActor(), { enabled: true, hearingUpcoming: { enabled: false }, dailyTime: '10:00' })
    expect(reminders.runDue()).toEqual({ status: 'not_due', date: '2026-11-28' })
    clock.set('2026-11-28T02:00:00.000Z')
    const run = reminders.runDue()
    expect(run.status === 'ran' && run.run.counts).toEqual({ items: { stage_deadline: 1 }, newItems: 1, mails: 1, withoutAddress: 0, digests: 0 })
  })

  it('finds minutes not finalised, terms ending and notices to serve today, each through its own query', () => {
    const { db } = fileDatabase()
    const s = seedScenario(db)
    const at = new Date(NOW)
    const base = { matterId: s.matter.id, regionId: s.town.id, procedure: 'general' as const, venueId: s.venue.id, hostMemberId: s.host.id, recorderMemberId: s.recorder.id, panelSize: 5, rulesetLabel: '全国默认', rulesetFingerprint: 'x', ruleset: {}, createdAt: at, updatedAt: at }
    // held 11-25: three days later (11-28, today) its minutes are still a draft
    const held = db.insert(hearingsTable).values({ ...base, startsAt: new Date('2026-11-25T01:30:00Z'), endsAt: new Date('2026-11-25T03:30:00Z'), status: 'concluded', uid: 'h-2' }).returning().get()
    db.insert(hearingRecordsTable).values({ hearingId: held.id, kind: 'minutes', version: 1, status: 'draft', content: {}, createdAt: at, updatedAt: at }).run()
    // held 11-24 with final minutes: nothing
    const done = db.insert(hearingsTable).values({ ...base, startsAt: new Date('2026-11-24T01:30:00Z'), endsAt: new Date('2026-11-24T03:30:00Z'), status: 'concluded', uid: 'h-3' }).returning().get()
    db.insert(hearingRecordsTable).values({ hearingId: done.id, kind: 'minutes', version: 1, status: 'final', content: {}, createdAt: at, updatedAt: at }).run()
    // a general hearing on Sun 12-06, not notified: 7 clear days (11-29 … 12-05) need service by 11-28, today
    const unnotified = db.insert(hearingsTable).values({ ...base, startsAt: new Date('2026-12-06T01:30:00Z'), endsAt: new Date('2026-12-06T03:30:00Z'), status: 'scheduled', uid: 'h-4', createdByUserId: s.coordinator.id }).returning().get()
    const ending = aMember(db, { homeRegionId: s.town.id, termEnd: '2026-12-15' })
    aMember(db, { homeRegionId: s.town.id, termEnd: '2026-12-29' })

    const run = remindersOn(db, fixedClock(NOW)).runDue()
    // one mail per person: host (hearing ahead, minutes), officer (hearing ahead), coordinator (minutes, term, stage, notice);
    // no mailbox: the recorder, twice
    expect(run.status === 'ran' && run.run.counts).toEqual({
      items: { hearing_upcoming: 1, stage_deadline: 1, minutes_overdue: 1, term_ending: 1, notice_due: 1 }, newItems: 5, mails: 3, withoutAddress: 2, digests: 0
    })
    const rows = db.select().from(reminderDeliveriesTable).all().filter((r) => r.channel === 'mail' && ['minutes_overdue', 'term_ending', 'notice_due'].includes(r.kind))
    expect(rows.map((r) => [r.kind, r.subjectId, r.dueOn, r.recipientKey, r.status]).sort()).toEqual([
      ['minutes_overdue', held.id, '2026-11-28', `member:${s.host.id}`, 'queued'],
      ['minutes_overdue', held.id, '2026-11-28', `member:${s.recorder.id}`, 'no_address'],
      ['minutes_overdue', held.id, '2026-11-28', `user:${s.coordinator.id}`, 'queued'],
      // the scheduler is also the county's coordinator: one mail
      ['notice_due', unnotified.id, '2026-11-28', `user:${s.coordinator.id}`, 'queued'],
      ['term_ending', ending.id, '2026-12-15', `user:${s.coordinator.id}`, 'queued']
    ].sort())
    const coordinatorMail = reminderMails(db).find((m) => m.dedupeKey === `reminder:1:user:${s.coordinator.id}`)!
    expect(coordinatorMail.subject).toBe('【听证管理系统提醒】您有 4 项提醒：笔录尚未定稿等')
    expect(coordinatorMail.textBody).toContain(`一、【笔录尚未定稿】信访事项 ${s.matter.number} 于 2026-11-25 举行的听证，至 2026-11-28 已满 3 日，笔录仍未定稿`)
    expect(coordinatorMail.textBody).toContain(`二、【听证员任期即将届满】听证员库人员 ${ending.name}（编号 ${ending.id}）的任期于 2026-12-15 届满`)
    expect(coordinatorMail.textBody).toContain(`四、【听证通知即将逾期送达】信访事项 ${s.matter.number} 的听证定于 2026-12-06 09:30，须提前 7日通知（不含送达当日和听证当日），听证通知书最迟应于 2026-11-28 送达信访人`)
    expect(coordinatorMail.textBody).toContain(`详情：https://tz.example.gov.cn/api/v1/hearings/${unnotified.id}`)
    const hostMail = reminderMails(db).find((m) => m.toAddress === 'host@example.cn')!
    expect(hostMail.subject).toBe('【听证管理系统提醒】您有 2 项提醒：听证即将举行等')
    // every mail delivery points to its message
    const linked = db.select().from(reminderDeliveriesTable).all().filter((r) => r.status === 'queued' && r.channel === 'mail')
    expect(linked.every((r) => r.outboxId !== null)).toBe(true)
    expect(linked.filter((r) => r.outboxId === coordinatorMail.id)).toHaveLength(4)
  })

  it('sends a stage deadline to the current handler and the team leader as well as the coordinator', () => {
    const { db } = fileDatabase()
    const s = seedScenario(db)
    const at = new Date(NOW)
    const handlerMember = aMember(db, { homeRegionId: s.county.id, name: '孙承办', email: 'handler@example.cn' })
    const leaderMember = aMember(db, { homeRegionId: s.county.id, name: '周组长', email: 'leader@example.cn' })
    const handlerUser = db.insert(usersTable).values({ username: 'handler', displayName: '孙承办', passwordHash: 'x', role: 'host', regionId: s.county.id, poolMemberId: handlerMember.id, createdAt: at, updatedAt: at }).returning().get()
    const team = db.insert(caseTeamsTable).values({ name: '第一团队', regionId: s.county.id, createdAt: at, updatedAt: at }).returning().get()
    const handler = db.insert(caseTeamMembersTable).values({ teamId: team.id, userId: handlerUser.id, name: '孙承办', role: 'member', rotationOrder: 1 }).returning().get()
    // a cadre without an account, named as the pool member they are
    const leader = db.insert(caseTeamMembersTable).values({ teamId: team.id, name: '周组长', poolMemberId: leaderMember.id, role: 'leader', rotationOrder: 2 }).returning().get()
    const stage = db.select().from(matterStagesTable).where(eq(matterStagesTable.matterId, s.matter.id)).get()!
    db.insert(caseAssignmentsTable).values({ matterId: s.matter.id, stageId: stage.id, teamId: team.id, teamMemberId: handler.id, method: 'rotation', assignedByName: '系统', assignedAt: at }).run()

    remindersOn(db, fixedClock(NOW)).runDue()
    const rows = db.select().from(reminderDeliveriesTable).all().filter((r) => r.kind === 'stage_deadline' && r.channel === 'mail')
    expect(rows.map((r) => [r.recipientKey, r.recipientName, r.status]).sort()).toEqual([
      [`team-member:${leader.id}`, '周组长', 'queued'],
      [`user:${handlerUser.id}`, '孙承办', 'queued'],
      [`user:${s.coordinator.id}`, '钱协调', 'queued']
    ].sort())
    const handlerMail = reminderMails(db).find((m) => m.toAddress === 'handler@example.cn')!
    expect(handlerMail.textBody).toContain('孙承办（承办人）：')
    expect(reminderMails(db).find((m) => m.toAddress === 'leader@example.cn')!.textBody).toContain('周组长（承办团队负责人）：')
  })
})
