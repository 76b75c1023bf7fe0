import { describe, expect, it } from 'vitest'
import { reminderRunsTable } from '../../../db/schema/index.js'
import { fixedClock } from '../../../server/common/clock.js'
import { systemActor } from '../../../server/common/actor.js'
import { createReminderWorker } from '../../../server/modules/reminders/reminders.worker.js'
import { NOW, fileDatabase, remindersOn, seedScenario } from './reminders.fixture.js'

describe('reminder worker', () => {
  it('catches up at start, schedules the daily time in Shanghai, follows a change of time, and stops', async () => {
    const { db } = fileDatabase()
    seedScenario(db)
    const reminders = remindersOn(db, fixedClock(NOW))
    const worker = createReminderWorker({ reminders, pollIntervalMs: 60_000 })
    await worker.start()
    expect(db.select().from(reminderRunsTable).all().map((r) => [r.scheduledFor, r.trigger, r.status])).toEqual([['2026-11-28', 'catch_up', 'finished']])
    const next = worker.nextRun()!
    // croner runs on the real clock: the next 08:00 in Shanghai is 00:00 UTC
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([0, 0])
    reminders.updateSettings(systemActor(), { dailyTime: '07:45' })
    const moved = worker.nextRun()!
    expect([moved.getUTCHours(), moved.getUTCMinutes()]).toEqual([23, 45])
    await worker.stop()
    expect(worker.nextRun()).toBeNull()
    // a second start the same day: no second run of the date
    await worker.start()
    await worker.stop()
    expect(db.select().from(reminderRunsTable).all()).toHaveLength(1)
  })
})
