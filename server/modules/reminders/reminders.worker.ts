import { Cron } from 'croner'
import { DISPLAY_TIME_ZONE } from '../../common/time.js'
import { cronOf } from './reminders.rules.js'
import type { RemindersService } from './reminders.service.js'

type Logger = { info: (obj: object, msg: string) => void, warn: (obj: object, msg: string) => void, error: (obj: object, msg: string) => void }

/** Every 15 minutes: a run missed at its time (the process was busy or the time changed elsewhere) and the retries. */
const WATCH_PATTERN = '*/15 * * * *'

/**
 * Runs the daily reminder scan in this process: a croner job at the configured time (Asia/Shanghai), a check at
 * start-up that catches up today's run when the time has passed and no run of today is recorded, and a check every
 * 15 minutes that does the same and reschedules when another process changed the time. Between them the
 * notifier digests due for (re)delivery are posted every `pollIntervalMs`. The decisions are the service's
 * (its injected clock; once per date through the database), so several processes on one file run each date once.
 */
export function createReminderWorker ({ reminders, logger, pollIntervalMs = 30_000 }: { reminders: RemindersService, logger?: Logger, pollIntervalMs?: number }) {
  let daily: Cron | undefined
  let watch: Cron | undefined
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> | undefined
  let scheduledTime: string | undefined
  let stopped = true

  function scheduleDaily (dailyTime: string) {
    if (stopped || dailyTime === scheduledTime) return
    daily?.stop()
    scheduledTime = dailyTime
    daily = new Cron(cronOf(dailyTime), { timezone: DISPLAY_TIME_ZONE, protect: true }, () => { void check('schedule') })
    logger?.info({ dailyTime, nextRun: daily.nextRun() }, 'reminder scan scheduled')
  }

  function check (trigger: 'schedule' | 'catch_up') {
    if (stopped) return running
    const work = (running ?? Promise.resolve()).then(async () => {
      if (stopped) return
      try {
        scheduleDaily(reminders.settings().dailyTime)
        const result = reminders.runDue(trigger)
        if (result.status !== 'ran') return
        logger?.info({ runId: result.run.id, scheduledFor: result.run.scheduledFor, trigger: result.run.trigger, counts: result.run.counts }, 'reminder scan finished')
        await reminders.deliverNotifications()
      } catch (error) {
        logger?.error({ err: error }, 'reminder scan check failed')
      }
    })
    running = work
    return work
  }

  function poll () {
    if (stopped) return
    timer = setTimeout(() => {
      running = (running ?? Promise.resolve()).then(() => reminders.deliverNotifications())
        .catch((error: unknown) => logger?.error({ err: error }, 'reminder notifier delivery failed'))
        .finally(poll)
    }, pollIntervalMs)
  }

  reminders.onSettingsChange((s) => scheduleDaily(s.dailyTime))

  return {
    /** Schedules the daily scan and runs the catch-up check at once; resolves when that check is done. */
    start () {
      if (!stopped) return running
      stopped = false
      watch = new Cron(WATCH_PATTERN, { timezone: DISPLAY_TIME_ZONE, protect: true }, () => { void check('catch_up') })
      const first = check('catch_up')
      poll()
      return first
    },
    /** Stops the jobs and waits for a scan or delivery in progress. */
    async stop () {
      stopped = true
      daily?.stop()
      watch?.stop()
      if (timer) clearTimeout(timer)
      scheduledTime = undefined
      await running?.catch(() => undefined)
    },
    /** When the daily job fires next (null while stopped). */
    nextRun () {
      return daily?.nextRun() ?? null
    }
  }
}
