import { computed, reactive } from 'vue'
import { ApiProblem } from '@/api/client'
import type { EditEntryBody, EntryBody, MinutesRecord } from './types'

/*
 * The recorder's outbox: every entry typed (and every edit of one) is queued here first, kept in localStorage
 * under the hearing, and sent to the service one at a time in the order typed. A failed fetch or an offline
 * browser keeps the queue and retries with backoff (and at once when the browser is back online), so a reload or a
 * network gone for a while loses nothing. An edit carries the text it was made from: when the service says another
 * recorder changed the entry meanwhile (409), the edit is set aside as a conflict for the recorder to settle, never
 * sent over it. Any other refusal hands the operation back (its text returns to the editor) with the problem.
 */
export type QueuedOp =
  | { id: string, kind: 'add', body: EntryBody }
  | { id: string, kind: 'edit', seq: number, body: EditEntryBody }

export type Conflict = { op: Extract<QueuedOp, { kind: 'edit' }>, serverText: string }

export type SaveStatus = 'saved' | 'saving' | 'offline' | 'conflict' | 'refused'

type Options = {
  send: (op: QueuedOp) => Promise<MinutesRecord>
  onSaved: (record: MinutesRecord) => void
  onRefused: (op: QueuedOp, problem: ApiProblem) => void
}

const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000]
const storageKey = (hearingId: number) => `tz.minutes.queue.${hearingId}`

function load (hearingId: number): QueuedOp[] {
  try {
    const raw = localStorage.getItem(storageKey(hearingId))
    return raw ? JSON.parse(raw) as QueuedOp[] : []
  } catch {
    return []
  }
}

/**
 * An operation's id, also sent with an added entry as its `clientId`: the service stores an entry once per id, so
 * an entry whose answer was lost (sent, stored, the connection gone before the reply) is not stored twice when the
 * queue sends it again. Time plus random bytes: unique across reloads and recorders' browsers. (getRandomValues,
 * not randomUUID, which browsers offer only on https or localhost.)
 */
const newId = () => {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('')
  return `${Date.now().toString(36)}-${random}`
}

export function createMinutesQueue (hearingId: number, options: Options) {
  const state = reactive({ pending: load(hearingId), conflicts: [] as Conflict[], sending: false, offline: false, refused: false })
  let timer: ReturnType<typeof setTimeout> | null = null
  let attempt = 0
  const life = { stopped: false }

  const persist = () => {
    try {
      if (state.pending.length === 0) localStorage.removeItem(storageKey(hearingId))
      else localStorage.setItem(storageKey(hearingId), JSON.stringify(state.pending))
    } catch { /* storage full or blocked: the queue still lives in memory */ }
  }

  function retryLater () {
    if (timer !== null || life.stopped) return
    const wait = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!
    attempt++
    timer = setTimeout(() => { timer = null; void flush() }, wait)
  }

  async function flush () {
    if (state.sending || life.stopped) return
    if (timer !== null) { clearTimeout(timer); timer = null }
    state.sending = true
    try {
      while (state.pending.length > 0 && !life.stopped) {
        if (!navigator.onLine) { state.offline = true; retryLater(); return }
        const op = state.pending[0]!
        let record: MinutesRecord
        try {
          record = await options.send(op)
        } catch (error) {
          const problem = error instanceof ApiProblem ? error : null
          if (problem === null || problem.status === 0 || problem.status >= 500) {
            // not reached, or the service could not answer now: keep it and try again
            state.offline = problem === null || problem.status === 0
            retryLater()
            return
          }
          state.pending.shift()
          persist()
          if (op.kind === 'edit' && problem.code === 'request.version_conflict') {
            const text = (problem.problem as { text?: unknown }).text
            state.conflicts.push({ op, serverText: typeof text === 'string' ? text : '' })
          } else {
            state.refused = true
            options.onRefused(op, problem)
          }
          continue
        }
        attempt = 0
        state.offline = false
        state.refused = false
        state.pending.shift()
        persist()
        options.onSaved(record)
      }
    } finally {
      state.sending = false
    }
  }

  function push (op: QueuedOp) {
    state.pending.push(op)
    persist()
    void flush()
  }

  const online = () => { attempt = 0; void flush() }
  const offline = () => { state.offline = true }
  window.addEventListener('online', online)
  window.addEventListener('offline', offline)

  const status = computed<SaveStatus>(() => {
    if (state.conflicts.length > 0) return 'conflict'
    if (state.offline && state.pending.length > 0) return 'offline'
    if (state.pending.length > 0 || state.sending) return 'saving'
    return state.refused ? 'refused' : 'saved'
  })

  return {
    state,
    status,
    add: (body: EntryBody) => push({ id: newId(), kind: 'add', body }),
    edit: (seq: number, body: EditEntryBody) => push({ id: newId(), kind: 'edit', seq, body }),
    /** Settles a conflict: keep mine (sent again over the text now stored) or take theirs (mine dropped). */
    resolve (conflict: Conflict, keepMine: boolean) {
      state.conflicts = state.conflicts.filter((c) => c !== conflict)
      if (keepMine) push({ ...conflict.op, id: newId(), body: { ...conflict.op.body, expectedText: conflict.serverText } })
    },
    flush: () => { attempt = 0; return flush() },
    stop () {
      life.stopped = true
      if (timer !== null) clearTimeout(timer)
      window.removeEventListener('online', online)
      window.removeEventListener('offline', offline)
    }
  }
}

export type MinutesQueue = ReturnType<typeof createMinutesQueue>
