import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { NotifierKind, ReminderKind, ReminderNotifier, ReminderRun, ReminderRunTrigger, ReminderSettingsRow } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { addCalendarDays, shanghaiDateOf, type IsoDate } from '../../common/dates.js'
import type { WorkCalendar } from '../../common/workdays.js'
import { maskPersonalText } from '../../common/personal-data.js'
import { toApiTime } from '../../common/time.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { enqueueMail } from '../mail/mail.outbox.service.js'
import { countedDaysBetween } from '../matters/matters.time-limits.rules.js'
import { STAGE_NAMES } from '../matters/matters.rules.js'
import { RECORDING_STATUSES } from '../minutes/minutes.rules.js'
import { DEFAULT_RULESET, hearingRuleset, type RulesetConfig } from '../rulesets/rulesets.config.js'
import * as repo from './reminders.repository.js'
import {
  REMINDER_DEFAULTS, NOTICE_LOOKAHEAD_DAYS, NOTIFIER_MAX_ATTEMPTS, NOTIFIER_BACKOFF_MS,
  dailyRunDue, dateRangeInstants, mailKey, hearingUpcoming, isDailyTime, isHttpUrl, maskUrl, minutesOverdue, minutesWindow,
  nearestCoordinators, noticeDue, notifierBackoff, reminderMail, stageDeadlineDue, stageDeadlineHorizon, termEnding, uniqueRecipients,
  upcomingWindow, UPCOMING_STATUSES, webhookPayload, wecomPayload,
  type Digest, type Recipient, type ReminderItem, type ReminderSettings
} from './reminders.rules.js'
import { postDigest } from './reminders.notifiers.js'
import * as errors from './reminders.errors.js'

/** A daily run still `running` after this long was left by a process that died: the next check takes it over. */
const RUN_LEASE_MS = 30 * 60_000
/** How long a notifier delivery is claimed for (a process that dies while posting leaves it to the next one). */
const MESSAGE_LEASE_MS = 2 * 60_000

type Logger = { info: (obj: object, msg: string) => void, warn: (obj: object, msg: string) => void, error: (obj: object, msg: string) => void }

export type SettingsView = ReminderSettings & { version: number, updatedAt: Date | null, updatedBy: string | null, stored: boolean }

function settingsOf (row: ReminderSettingsRow | undefined): SettingsView {
  if (!row) return { ...structuredClone(REMINDER_DEFAULTS), version: 0, updatedAt: null, updatedBy: null, stored: false }
  return {
    enabled: row.enabled,
    dailyTime: row.dailyTime,
    hearingUpcoming: { enabled: row.hearingUpcomingEnabled, days: row.hearingUpcomingDays },
    minutesOverdue: { enabled: row.minutesOverdueEnabled, days: row.minutesOverdueDays },
    termEnding: { enabled: row.termEndingEnabled, days: row.termEndingDays },
    stageDeadline: { enabled: row.stageDeadlineEnabled, days: row.stageDeadlineDays },
    noticeDue: { enabled: row.noticeDueEnabled },
    version: row.version,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
    stored: true
  }
}

export type SettingsInput = {
  enabled?: boolean | undefined
  dailyTime?: string | undefined
  hearingUpcoming?: { enabled?: boolean | undefined, days?: number | undefined } | undefined
  minutesOverdue?: { enabled?: boolean | undefined, days?: number | undefined } | undefined
  termEnding?: { enabled?: boolean | undefined, days?: number | undefined } | undefined
  stageDeadline?: { enabled?: boolean | undefined, days?: number | undefined } | undefined
  noticeDue?: { enabled?: boolean | undefined } | undefined
  version?: number | undefined
}

export type NotifierInput = { name?: string | undefined, kind?: NotifierKind | undefined, url?: string | undefined, secret?: string | null | undefined, enabled?: boolean | undefined, version?: number | undefined }

/** A notifier as the API and the audit show it: the URL without its key, the secret only as set or not. */
export function notifierSnapshot (n: ReminderNotifier) {
  return { name: n.name, kind: n.kind, url: maskUrl(n.url), secretSet: n.secret !== null, enabled: n.enabled }
}

const minuteText = (d: Date) => {
  const ms = d.getTime() + 8 * 3_600_000
  const minutes = Math.floor(ms / 60_000) % 1440
  return `${shanghaiDateOf(d)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

export type RunResult = { status: 'ran', run: ReminderRun } | { status: 'disabled' | 'not_due' | 'already_ran', date: IsoDate }

export type DeliveryResult = { claimed: number, sent: number, retried: number, failed: number }

export function createRemindersService ({ db, clock, baseUrl, loadCalendar, logger, backoffMs = NOTIFIER_BACKOFF_MS, maxAttempts = NOTIFIER_MAX_ATTEMPTS }: {
  db: Db
  clock: Clock
  baseUrl: string
  loadCalendar: (db: DbOrTx) => WorkCalendar
  logger?: Logger | undefined
  backoffMs?: readonly number[]
  maxAttempts?: number
}) {
  const settingsListeners: ((s: SettingsView) => void)[] = []

  /** Every reminder due today under the settings, each with its recipients. Reads only. */
  function collect (tx: DbOrTx, today: IsoDate, s: ReminderSettings): ReminderItem[] {
    const items: ReminderItem[] = []
    const calendar = loadCalendar(tx)
    const unnotified = s.noticeDue.enabled
      ? repo.unnotifiedHearings(tx, (() => { const [from, to] = dateRangeInstants(addCalendarDays(today, 1), addCalendarDays(today, NOTICE_LOOKAHEAD_DAYS)); return { from, to } })())
      : []
    const staff = repo.staffUsers(tx, [...new Set(unnotified.flatMap((h) => (h.createdByUserId === null ? [] : [h.createdByUserId])))])
    const coordinatorsByPath = new Map<string, Recipient[]>()
    for (const u of staff) {
      if (u.role !== 'coordinator' || u.regionPath === null) continue
      const list = coordinatorsByPath.get(u.regionPath) ?? coordinatorsByPath.set(u.regionPath, []).get(u.regionPath)!
      list.push({ key: `user:${u.id}`, name: u.name, email: u.email, role: '协调员' })
    }
    const staffById = new Map(staff.map((u) => [u.id, u]))
    const coordinators = (path: string) => nearestCoordinators(path, coordinatorsByPath)

    type HearingRow = ReturnType<typeof repo.hearingsStartingBetween>[number]
    const hostAndRecorder = (h: HearingRow): Recipient[] => [
      { key: `member:${h.hostId}`, name: h.hostName, email: h.hostEmail, role: '主持人' },
      { key: `member:${h.recorderId}`, name: h.recorderName, email: h.recorderEmail, role: '记录员' }
    ]

    if (s.hearingUpcoming.enabled) {
      const [from, to] = dateRangeInstants(...upcomingWindow(today, s.hearingUpcoming.days))
      const hearings = repo.hearingsStartingBetween(tx, { from, to, statuses: UPCOMING_STATUSES })
      const seated = new Map<number, ReturnType<typeof repo.seatedParticipants>>()
      for (const p of repo.seatedParticipants(tx, hearings.map((h) => h.id))) {
        (seated.get(p.hearingId) ?? seated.set(p.hearingId, []).get(p.hearingId)!).push(p)
      }
      for (const h of hearings) {
        const due = hearingUpcoming(h, { today, days: s.hearingUpcoming.days })
        if (!due) continue
        const people: Recipient[] = hostAndRecorder(h)
        for (const p of seated.get(h.id) ?? []) {
          if (p.kind === 'third_party' && !p.email) continue
          const key = p.memberId !== null ? `member:${p.memberId}` : `participant:${p.participantId}`
          people.push({ key, name: p.name ?? '', email: p.email, role: p.kind === 'officer' ? '听证员' : '第三方参与人员' })
        }
        const when = minuteText(h.startsAt)
        items.push({
          kind: 'hearing_upcoming',
          subjectId: h.id,
          dueOn: due.dueOn,
          regionPath: h.regionPath,
          path: `/api/v1/hearings/${h.id}`,
          summary: `${h.matterNumber} 听证定于 ${when}`,
          detail: `信访事项 ${h.matterNumber} 的听证定于 ${when} 在${h.venueName}举行，请按时参加。`,
          recipients: uniqueRecipients(people)
        })
      }
    }

    if (s.minutesOverdue.enabled) {
      const days = s.minutesOverdue.days
      const [from, to] = dateRangeInstants(...minutesWindow(today, days))
      for (const h of repo.hearingsWithMinutesState(tx, { from, to, statuses: RECORDING_STATUSES })) {
        const due = minutesOverdue({ startsAt: h.startsAt, recording: true, minutesFinal: h.minutesFinal }, { today, days })
        if (!due) continue
        const date = shanghaiDateOf(h.startsAt)
        items.push({
          kind: 'minutes_overdue',
          subjectId: h.id,
          dueOn: due.dueOn,
          regionPath: h.regionPath,
          path: `/api/v1/hearings/${h.id}/minutes`,
          summary: `${h.matterNumber} 听证（${date}）笔录尚未定稿`,
          detail: `信访事项 ${h.matterNumber} 于 ${date} 举行的听证，至 ${due.dueOn} 已满 ${days} 日，笔录仍未定稿；请主持人、记录员尽快核对签名并定稿。`,
          recipients: uniqueRecipients([...hostAndRecorder(h), ...coordinators(h.regionPath)])
        })
      }
    }

    if (s.termEnding.enabled) {
      const days = s.termEnding.days
      for (const m of repo.termsEndingBetween(tx, { from: today, to: addCalendarDays(today, days) })) {
        const due = termEnding(m, { today, days })
        if (!due) continue
        items.push({
          kind: 'term_ending',
          subjectId: m.id,
          dueOn: due.dueOn,
          regionPath: m.regionPath,
          path: `/api/v1/pool/members/${m.id}`,
          summary: `听证员库人员（编号 ${m.id}）任期于 ${due.dueOn} 届满`,
          detail: `听证员库人员 ${m.name}（编号 ${m.id}）的任期于 ${due.dueOn} 届满，请及时办理续聘或到期退出。`,
          recipients: uniqueRecipients([...coordinators(m.regionPath)])
        })
      }
    }

    if (s.stageDeadline.enabled) {
      const horizon = stageDeadlineHorizon(today, s.stageDeadline.days, calendar)
      const stages = repo.openStagesDueBetween(tx, { from: today, to: horizon })
      const leaders = new Map<number, ReturnType<typeof repo.teamLeaders>>()
      for (const l of repo.teamLeaders(tx, [...new Set(stages.flatMap((st) => (st.teamId === null ? [] : [st.teamId])))])) {
        (leaders.get(l.teamId) ?? leaders.set(l.teamId, []).get(l.teamId)!).push(l)
      }
      for (const st of stages) {
        const due = stageDeadlineDue(st, { today, horizon })
        if (!due) continue
        const people: Recipient[] = []
        const entryKey = (e: { userId: number | null, entryId: number }) => (e.userId !== null ? `user:${e.userId}` : `team-member:${e.entryId}`)
        if (st.handlerEntryId !== null) {
          people.push({ key: entryKey({ userId: st.handlerUserId, entryId: st.handlerEntryId }), name: st.handlerName ?? '', email: st.handlerEmail, role: '承办人' })
        }
        for (const l of st.teamId === null ? [] : leaders.get(st.teamId) ?? []) people.push({ key: entryKey(l), name: l.name, email: l.email, role: '承办团队负责人' })
        people.push(...coordinators(st.regionPath))
        const stageName = STAGE_NAMES[st.stage]
        const left = countedDaysBetween({ from: today, to: due.dueOn, unit: 'working', calendar })
        items.push({
          kind: 'stage_deadline',
          subjectId: st.id,
          dueOn: due.dueOn,
          regionPath: st.regionPath,
          path: `/api/v1/matters/${st.matterId}`,
          summary: `${st.matterNumber} ${stageName}期限 ${due.dueOn} 届满`,
          detail: `信访事项 ${st.matterNumber} 的${stageName}期限于 ${due.dueOn} 届满（自今日起还有 ${left} 个工作日），请在期限内作出${stageName}意见并送达。`,
          recipients: uniqueRecipients(people)
        })
      }
    }

    if (s.noticeDue.enabled) {
      const snapshots = repo.rulesetSnapshots(tx, [...new Set(unnotified.map((h) => h.rulesetFingerprint))])
      const rulesets = new Map<string, RulesetConfig>()
      const noticeByDate = new Map<string, ReturnType<typeof noticeDue>>()
      const rulesetOf = (h: typeof unnotified[number]) => {
        let r = rulesets.get(h.rulesetFingerprint)
        if (!r) {
          // a snapshot that no longer validates: the national defaults, rather than no reminder
          try { r = hearingRuleset(snapshots.get(h.rulesetFingerprint)) } catch { r = DEFAULT_RULESET }
          rulesets.set(h.rulesetFingerprint, r)
        }
        return r
      }
      for (const h of unnotified) {
        const rule = rulesetOf(h).noticeLeadTime[h.procedure]
        // the answer depends on the hearing's date and the rule only: computed once per date and rule
        const memoKey = `${shanghaiDateOf(h.startsAt)}|${rule.days}|${rule.unit}`
        let due = noticeByDate.get(memoKey)
        if (due === undefined) noticeByDate.set(memoKey, due = noticeDue(h, rule, { today, calendar }))
        if (!due) continue
        const creator = h.createdByUserId === null ? undefined : staffById.get(h.createdByUserId)
        const people: Recipient[] = creator ? [{ key: `user:${creator.id}`, name: creator.name, email: creator.email, role: '听证安排人' }] : []
        people.push(...coordinators(h.regionPath))
        const unit = rule.unit === 'working' ? '个工作日' : '日'
        items.push({
          kind: 'notice_due',
          subjectId: h.id,
          dueOn: due.dueOn,
          regionPath: h.regionPath,
          path: `/api/v1/hearings/${h.id}`,
          summary: `${h.matterNumber} 听证（${shanghaiDateOf(h.startsAt)}）通知最迟于 ${due.dueOn} 送达`,
          detail: `信访事项 ${h.matterNumber} 的听证定于 ${minuteText(h.startsAt)}，须提前 ${rule.days}${unit}通知（不含送达当日和听证当日），听证通知书最迟应于 ${due.dueOn} 送达信访人；目前尚未登记送达。`,
          recipients: uniqueRecipients(people)
        })
      }
    }
    return items
  }

  /** Writes what is new of `items` (deliveries, mails, the notifiers' digests) and finishes the run, in one transaction. */
  function record (run: ReminderRun, items: readonly ReminderItem[]) {
    return writeTransaction(db, (tx) => {
      const at = clock.now()
      const found: Partial<Record<ReminderKind, number>> = {}
      const fresh: ReminderItem[] = []
      let mails = 0
      let withoutAddress = 0
      const rows: repo.DeliveryRow[] = []
      for (const item of items) {
        found[item.kind] = (found[item.kind] ?? 0) + 1
        const base = { runId: run.id, kind: item.kind, subjectId: item.subjectId, dueOn: item.dueOn, regionPath: item.regionPath, createdAt: at }
        rows.push({ ...base, recipientKey: 'digest', recipientName: null, channel: 'digest', status: 'queued' })
        for (const r of item.recipients) rows.push({ ...base, recipientKey: r.key, recipientName: r.name, channel: 'mail', status: r.email ? 'queued' : 'no_address' })
      }
      // same connection as tx: the rows are part of this transaction
      const ids = repo.insertDeliveriesIfNew(db.$client, rows)
      // one mail per person and run, listing what is new for them (a host with two hearings gets one mail)
      const perPerson = new Map<string, { recipient: Recipient, items: ReminderItem[] }>()
      let row = 0
      for (const item of items) {
        if (ids[row++] !== undefined) fresh.push(item)
        for (const r of item.recipients) {
          if (ids[row++] === undefined) continue
          if (!r.email) { withoutAddress++; continue }
          const entry = perPerson.get(r.key) ?? perPerson.set(r.key, { recipient: r, items: [] }).get(r.key)!
          entry.items.push(item)
        }
      }
      for (const [key, { recipient, items: mine }] of perPerson) {
        const mail = reminderMail(mine, recipient, baseUrl)
        enqueueMail(tx, { at, to: { address: recipient.email!, name: recipient.name }, subject: mail.subject, text: mail.text, dedupeKey: mailKey(run.id, key) })
        mails++
      }
      if (mails > 0) repo.linkOutbox(tx, run.id)
      let digests = 0
      if (fresh.length > 0) {
        const digest: Digest = { runId: run.id, scheduledFor: run.scheduledFor, generatedAt: toApiTime(at), items: fresh, test: false }
        for (const n of repo.listNotifiers(tx, { enabledOnly: true })) {
          if (repo.insertMessageIfNew(tx, { notifierId: n.id, runId: run.id, body: bodyFor(n.kind, digest), status: 'queued', nextAttemptAt: at, createdAt: at, updatedAt: at })) digests++
        }
      }
      const counts = { items: found, newItems: fresh.length, mails, withoutAddress, digests }
      return repo.finishRun(tx, run.id, { status: 'finished', finishedAt: clock.now(), counts })!
    })
  }

  function bodyFor (kind: NotifierKind, digest: Digest) {
    return JSON.stringify(kind === 'wecom' ? wecomPayload(digest, baseUrl) : webhookPayload(digest, baseUrl))
  }

  function execute (run: ReminderRun): ReminderRun {
    try {
      const items = collect(db, run.scheduledFor, settingsOf(repo.findSettings(db)))
      const done = record(run, items)
      logger?.info({ runId: done.id, scheduledFor: done.scheduledFor, trigger: done.trigger, counts: done.counts }, 'reminder scan finished')
      return done
    } catch (error) {
      const message = maskPersonalText(error instanceof Error ? error.message : String(error)).slice(0, 500)
      // the date is released (daily_key cleared): nothing of the run was written, the next check runs it again
      writeTransaction(db, (tx) => repo.finishRun(tx, run.id, { status: 'failed', finishedAt: clock.now(), error: message, dailyKey: null }))
      logger?.error({ runId: run.id, error: message }, 'reminder scan failed')
      throw error
    }
  }

  function settings () {
    return settingsOf(repo.findSettings(db))
  }

  /** Claims and runs the notifier deliveries that are due; each POST happens outside any transaction. */
  async function deliverNotifications ({ onlyId, limit = 20 }: { onlyId?: number | undefined, limit?: number } = {}): Promise<DeliveryResult> {
    const result: DeliveryResult = { claimed: 0, sent: 0, retried: 0, failed: 0 }
    const now = clock.now()
    const batch = writeTransaction(db, (tx) => repo.claimDueMessages(tx, { now, lockedUntil: new Date(now.getTime() + MESSAGE_LEASE_MS), limit, onlyId }))
    result.claimed = batch.length
    for (const message of batch) {
      const notifier = repo.findNotifier(db, message.notifierId)
      const outcome = !notifier
        ? { ok: false as const, error: '通道已删除' }
        : await postDigest({ kind: notifier.kind, url: notifier.url, secret: notifier.secret, body: message.body, at: clock.now() })
      const at = clock.now()
      writeTransaction(db, (tx) => {
        if (outcome.ok) {
          repo.markMessage(tx, message.id, { status: 'sent', sentAt: at, lockedUntil: null, lastError: null, updatedAt: at })
          if (notifier) repo.updateNotifier(tx, notifier.id, { lastStatus: 'sent', lastError: null, lastAttemptAt: at })
          result.sent++
          return
        }
        const giveUp = message.attempts >= maxAttempts || !notifier
        repo.markMessage(tx, message.id, giveUp
          ? { status: 'failed', lockedUntil: null, lastError: outcome.error, updatedAt: at }
          : { status: 'queued', lockedUntil: null, lastError: outcome.error, nextAttemptAt: new Date(at.getTime() + notifierBackoff(message.attempts, backoffMs)), updatedAt: at })
        if (notifier) repo.updateNotifier(tx, notifier.id, { lastStatus: giveUp ? 'failed' : 'retrying', lastError: outcome.error, lastAttemptAt: at })
        if (giveUp) result.failed++
        else result.retried++
      })
      if (!outcome.ok) logger?.warn({ notifierId: message.notifierId, messageId: message.id, attempts: message.attempts, error: outcome.error }, 'reminder notifier delivery failed')
    }
    return result
  }

  function requireNotifier (id: number) {
    const n = repo.findNotifier(db, id)
    if (!n) throw errors.notifierNotFound({ notifierId: id })
    return n
  }

  function checkUrl (url: string) {
    if (!isHttpUrl(url)) throw errors.notifierInvalidUrl({ errors: [{ in: 'body', field: 'url', message: '应为 http:// 或 https:// 开头的完整地址（不含用户名和密码）' }] })
  }

  return {
    settings,

    /** Called with the new settings after every change (the worker reschedules the daily scan). */
    onSettingsChange (listener: (s: SettingsView) => void) { settingsListeners.push(listener) },

    updateSettings (actor: Actor, input: SettingsInput) {
      if (input.dailyTime !== undefined && !isDailyTime(input.dailyTime)) {
        throw errors.reminderSettingsInvalid({ errors: [{ in: 'body', field: 'dailyTime', message: '应为 24 小时制的 HH:MM，例如 08:00' }] })
      }
      const after = writeTransaction(db, (tx) => {
        const before = settingsOf(repo.findSettings(tx))
        if (input.version !== undefined && input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        const merge = <T extends object>(a: T, b: Partial<T> | undefined): T => ({ ...a, ...Object.fromEntries(Object.entries(b ?? {}).filter(([, v]) => v !== undefined)) })
        const next: ReminderSettings = {
          enabled: input.enabled ?? before.enabled,
          dailyTime: input.dailyTime ?? before.dailyTime,
          hearingUpcoming: merge(before.hearingUpcoming, input.hearingUpcoming),
          minutesOverdue: merge(before.minutesOverdue, input.minutesOverdue),
          termEnding: merge(before.termEnding, input.termEnding),
          stageDeadline: merge(before.stageDeadline, input.stageDeadline),
          noticeDue: merge(before.noticeDue, input.noticeDue)
        }
        const now = clock.now()
        repo.saveSettings(tx, {
          enabled: next.enabled,
          dailyTime: next.dailyTime,
          hearingUpcomingEnabled: next.hearingUpcoming.enabled,
          hearingUpcomingDays: next.hearingUpcoming.days,
          minutesOverdueEnabled: next.minutesOverdue.enabled,
          minutesOverdueDays: next.minutesOverdue.days,
          termEndingEnabled: next.termEnding.enabled,
          termEndingDays: next.termEnding.days,
          stageDeadlineEnabled: next.stageDeadline.enabled,
          stageDeadlineDays: next.stageDeadline.days,
          noticeDueEnabled: next.noticeDue.enabled,
          version: before.version + 1,
          updatedAt: now,
          updatedBy: actor.displayName
        })
        const { version: _bv, updatedAt: _bu, updatedBy: _bb, stored: _bs, ...beforeValues } = before
        recordAudit(tx, { actor, at: now, action: 'reminder_settings.update', entityType: 'reminder_settings', entityId: 1, before: beforeValues, after: next })
        return settingsOf(repo.findSettings(tx))
      })
      for (const l of settingsListeners) l(after)
      return after
    },

    /**
     * The daily scan, if it is due: enabled, today's time has passed and today's run is not on record. The claim
     * (a row with the date under a unique key) is taken in its own IMMEDIATE transaction, so of two processes
     * checking at once one runs and the other sees the row; a run left `running` by a dead process is taken
     * over after RUN_LEASE_MS. Called at the scheduled time, at start-up (catch-up) and by the periodic check.
     */
    runDue (trigger: Exclude<ReminderRunTrigger, 'manual'> = 'schedule'): RunResult {
      const s = settings()
      const now = clock.now()
      const { date, due } = dailyRunDue(now, s.dailyTime)
      if (!s.enabled) return { status: 'disabled', date }
      if (!due) return { status: 'not_due', date }
      const startedBy = trigger === 'schedule' ? '每日定时' : '启动补跑'
      const run = writeTransaction(db, (tx) => {
        const claimed = repo.claimDailyRun(tx, { date, trigger, at: now, startedBy })
        if (claimed) return claimed
        const existing = repo.findDailyRun(tx, date)
        if (existing?.status !== 'running') return undefined
        return repo.takeOverStaleRun(tx, { id: existing.id, staleBefore: new Date(now.getTime() - RUN_LEASE_MS), at: now, trigger, startedBy })
      })
      if (!run) return { status: 'already_ran', date }
      return { status: 'ran', run: execute(run) }
    },

    /** A scan now, by an administrator: sends only what no earlier run sent (the deliveries are once-only). */
    runNow (actor: Actor) {
      const now = clock.now()
      const run = writeTransaction(db, (tx) => {
        const r = repo.insertManualRun(tx, { date: shanghaiDateOf(now), at: now, startedBy: actor.displayName })
        recordAudit(tx, { actor, at: now, action: 'reminder_run.start', entityType: 'reminder_run', entityId: r.id, after: { scheduledFor: r.scheduledFor, trigger: r.trigger } })
        return r
      })
      return execute(run)
    },

    listRuns (limit = 30) {
      return repo.listRuns(db, limit)
    },

    listDeliveries (actor: Actor, query: { runId?: number | undefined, kind?: ReminderKind | undefined, page: number, pageSize: number }) {
      return repo.listDeliveries(db, { scopePath: actor.scopePath, runId: query.runId, kind: query.kind, limit: query.pageSize, offset: (query.page - 1) * query.pageSize })
    },

    listNotifiers () {
      return repo.listNotifiers(db).map((n) => ({ notifier: n, recent: repo.messagesOfNotifier(db, n.id, 5) }))
    },

    getNotifier (id: number) {
      const notifier = requireNotifier(id)
      return { notifier, recent: repo.messagesOfNotifier(db, id, 5) }
    },

    createNotifier (actor: Actor, input: { name: string, kind: NotifierKind, url: string, secret?: string | null | undefined, enabled?: boolean | undefined }) {
      checkUrl(input.url)
      return writeTransaction(db, (tx) => {
        const now = clock.now()
        const n = repo.insertNotifier(tx, { name: input.name.trim(), kind: input.kind, url: input.url, secret: input.kind === 'webhook' ? input.secret ?? null : null, enabled: input.enabled ?? true, createdAt: now, updatedAt: now })
        recordAudit(tx, { actor, at: now, action: 'reminder_notifier.create', entityType: 'reminder_notifier', entityId: n.id, after: notifierSnapshot(n) })
        return { notifier: n, recent: [] }
      })
    },

    updateNotifier (actor: Actor, id: number, input: NotifierInput) {
      if (input.url !== undefined) checkUrl(input.url)
      return writeTransaction(db, (tx) => {
        const before = repo.findNotifier(tx, id)
        if (!before) throw errors.notifierNotFound({ notifierId: id })
        if (input.version !== undefined && input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        const kind = input.kind ?? before.kind
        const now = clock.now()
        const after = repo.updateNotifier(tx, id, {
          ...(input.name !== undefined ? { name: input.name.trim() } : {}),
          kind,
          ...(input.url !== undefined ? { url: input.url } : {}),
          secret: kind === 'webhook' ? (input.secret !== undefined ? input.secret : before.secret) : null,
          ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
          version: before.version + 1,
          updatedAt: now
        })!
        recordAudit(tx, { actor, at: now, action: 'reminder_notifier.update', entityType: 'reminder_notifier', entityId: id, before: notifierSnapshot(before), after: notifierSnapshot(after) })
        return { notifier: after, recent: repo.messagesOfNotifier(tx, id, 5) }
      })
    },

    deleteNotifier (actor: Actor, id: number) {
      writeTransaction(db, (tx) => {
        const before = repo.findNotifier(tx, id)
        if (!before) throw errors.notifierNotFound({ notifierId: id })
        repo.deleteNotifier(tx, id)
        recordAudit(tx, { actor, at: clock.now(), action: 'reminder_notifier.delete', entityType: 'reminder_notifier', entityId: id, before: notifierSnapshot(before) })
      })
    },

    /** Queues a test message for the notifier and delivers it at once (one attempt now; retries as usual). */
    async testNotifier (actor: Actor, id: number) {
      const message = writeTransaction(db, (tx) => {
        const n = repo.findNotifier(tx, id)
        if (!n) throw errors.notifierNotFound({ notifierId: id })
        const at = clock.now()
        const digest: Digest = { runId: null, scheduledFor: shanghaiDateOf(at), generatedAt: toApiTime(at), items: [], test: true }
        const row = repo.insertMessageIfNew(tx, { notifierId: id, runId: null, body: bodyFor(n.kind, digest), status: 'queued', nextAttemptAt: at, createdAt: at, updatedAt: at })!
        recordAudit(tx, { actor, at, action: 'reminder_notifier.test', entityType: 'reminder_notifier', entityId: id, after: { messageId: row.id } })
        return row
      })
      await deliverNotifications({ onlyId: message.id, limit: 1 })
      return repo.findMessage(db, message.id)!
    },

    deliverNotifications
  }
}

export type RemindersService = ReturnType<typeof createRemindersService>
