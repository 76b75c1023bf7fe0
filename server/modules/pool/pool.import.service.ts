/**
 * Importing members from an uploaded .xlsx/.csv: the dry run (synchronous, writes nothing) and the committed import,
 * which runs as a job in this server process. See docs/pool-import.md for the job's contract: the whole file is
 * checked first (any bad row: nothing is written), then applied in chunks of rows, each chunk with the job's progress
 * in one write transaction, the event loop served between chunks.
 */
import { randomUUID } from 'node:crypto'
import type { Db } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { PoolImportJob, PoolImportJobCounts, PoolImportJobResult } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { pathInScope } from '../../common/actor.js'
import { sha256Hex } from '../../common/hash.js'
import { DomainError } from '../../errors.js'
import * as repo from './pool.repository.js'
import * as jobs from './pool.import.repository.js'
import { chinaToday } from './pool.rules.js'
import { indexVocabulary } from './pool.validation.js'
import { runImport, type ImportReport } from './pool.import.js'
import { memberWriter } from './pool.writer.js'
import type { ParsedSheet } from './pool.spreadsheet.js'
import { readUpload } from './pool.spreadsheet.read.js'
import { importHasErrors } from './pool.errors.js'
import { importJobFailed, importJobNotFound } from './pool.import.errors.js'

/** Rows applied per transaction: a fiftieth of the largest file, so other requests wait for one chunk at most, not the whole import. */
export const IMPORT_CHUNK_ROWS = 200
/** A running job whose runner has not committed a chunk for this long has no runner left (the process stopped). */
export const IMPORT_STALE_MS = 30_000

/**
 * Parsed uploads kept for a while by content hash: the usual flow is a dry run and then a commit of the same file, and
 * parsing a large .xlsx costs more than validating it. Parsing depends only on the bytes, so reuse is safe; the rows
 * are validated against the database again on commit.
 */
const PARSE_CACHE_SIZE = 4
const PARSE_CACHE_MS = 15 * 60_000

type Upload = { buffer: Buffer, fileName: string, mimetype: string }
type Logger = { error: (obj: object, msg: string) => void }

/** Schedules the next chunk; setImmediate lets the requests that arrived meanwhile be served first. Tests step it by hand. */
export type Defer = (step: () => void) => void

const EMPTY_COUNTS: PoolImportJobCounts = { created: 0, updated: 0, unchanged: 0, appointed: 0, trained: 0, organisationsCreated: [] }

/** Who may follow a job: the one who started it, and anyone whose region contains the region it was started in. */
function mayReadJob (actor: Actor, job: PoolImportJob) {
  if (actor.userId !== null && job.createdBy === actor.userId) return true
  if (job.scopePath === null) return actor.scopePath === null
  return pathInScope(actor, job.scopePath)
}

function interruptedMessage (job: PoolImportJob) {
  const rest = job.totalRows - job.processedRows
  return `导入在处理完 ${job.processedRows} 行后中断（服务已停止或重启）：已导入的 ${job.processedRows} 行保留，其余 ${rest} 行未导入。` +
    '可重新上传同一文件导入：已导入的行内容相同，不会重复导入。'
}

export function createPoolImportService ({ db, clock, defer = (step) => { setImmediate(step) }, chunkRows = IMPORT_CHUNK_ROWS, runner = randomUUID(), logger }: {
  db: Db, clock: Clock, defer?: Defer, chunkRows?: number, runner?: string, logger?: Logger
}) {
  const parsed = new Map<string, { sheet: ParsedSheet, at: number }>()
  let stopped = false
  /** Whether this runner started a job: only then has shutdown anything to mark (and a closed database is never touched). */
  let startedAny = false

  async function parse (upload: Upload) {
    const key = `${sha256Hex(upload.buffer)}:${upload.fileName.toLowerCase().endsWith('.csv') ? 'csv' : 'other'}`
    const now = clock.now().getTime()
    for (const [k, v] of parsed) if (now - v.at > PARSE_CACHE_MS) parsed.delete(k)
    const hit = parsed.get(key)
    if (hit) return hit.sheet
    const sheet = await readUpload(upload)
    parsed.set(key, { sheet, at: now })
    while (parsed.size > PARSE_CACHE_SIZE) parsed.delete(parsed.keys().next().value!)
    return sheet
  }

  function check (actor: Actor, sheet: ParsedSheet, upload: Upload, mode: 'dry-run' | 'commit', jobId?: number) {
    return writeTransaction(db, (tx) => {
      const now = clock.now()
      const ctx = { today: chinaToday(now), settings: repo.getSettings(tx), vocabulary: indexVocabulary(repo.listVocabulary(tx)) }
      return runImport(tx, { writer: memberWriter(db.$client), actor, now, sheet, fileName: upload.fileName, fileBytes: upload.buffer, mode, ctx, ...(jobId !== undefined ? { jobId } : {}) })
    })
  }

  function finish (id: number, status: 'failed' | 'interrupted', result: PoolImportJobResult) {
    writeTransaction(db, (tx) => jobs.finishJob(tx, id, { status, result, now: clock.now() }))
  }

  /** Marks running jobs without a runner as interrupted; returns how many. */
  function recoverStale () {
    const before = new Date(clock.now().getTime() - IMPORT_STALE_MS)
    const stale = jobs.staleRunningJobs(db, before)
    for (const job of stale) finish(job.id, 'interrupted', { ...job.result, message: interruptedMessage(job) })
    return stale.length
  }

  /** Applies the rows chunk by chunk; resolves with the job as it ended (or as it stood when this runner stopped). */
  function run (jobId: number, actor: Actor, sheet: ParsedSheet, upload: Upload): Promise<PoolImportJob> {
    const writer = memberWriter(db.$client)
    let offset = 0
    let counts: PoolImportJobCounts = { ...EMPTY_COUNTS }
    let result: PoolImportJobResult = { members: [], errors: [], message: null }
    return new Promise((resolve) => {
      const current = () => jobs.findJob(db, jobId)!
      const step = () => {
        if (stopped) { resolve(current()); return }
        const rows = sheet.rows.slice(offset, offset + chunkRows)
        let done = false
        try {
          writeTransaction(db, (tx) => {
            // another process may have declared this job interrupted (a long stall): then it is not continued
            if (jobs.jobStatus(tx, jobId) !== 'running') { done = true; return }
            const now = clock.now()
            const ctx = { today: chinaToday(now), settings: repo.getSettings(tx), vocabulary: indexVocabulary(repo.listVocabulary(tx)) }
            const r = runImport(tx, { writer, actor, now, sheet: { ...sheet, rows }, fileName: upload.fileName, fileBytes: upload.buffer, mode: 'commit', ctx, jobId })
            counts = {
              created: counts.created + r.created,
              updated: counts.updated + r.updated,
              unchanged: counts.unchanged + r.unchanged,
              appointed: counts.appointed + r.appointed,
              trained: counts.trained + r.trained,
              organisationsCreated: [...counts.organisationsCreated, ...r.organisationsCreated]
            }
            result = { ...result, members: [...result.members, ...r.members] }
            offset += rows.length
            jobs.recordChunk(tx, jobId, { processedRows: offset, counts, result, now })
            if (offset >= sheet.rows.length) {
              jobs.finishJob(tx, jobId, { status: 'succeeded', result, now })
              done = true
            }
          })
        } catch (error) {
          const first = rows[0]?.rowNumber ?? 0
          const kept = offset > 0 ? `此前的 ${offset} 行已导入并保留。` : '没有导入任何行。'
          if (error instanceof DomainError && error.code === 'pool.import_has_errors') {
            const report = (error.extra as { report?: ImportReport } | undefined)?.report
            finish(jobId, 'failed', {
              ...result,
              errors: report?.errors ?? [],
              message: `从第 ${first} 行起的一批行在导入时未通过检查（检查之后库中数据有变化），这批行及其后的行未导入；${kept}请修改后重新上传`
            })
          } else {
            logger?.error({ err: error, jobId }, 'pool import job failed')
            finish(jobId, 'failed', { ...result, message: `导入从第 ${first} 行起发生内部错误，这批行及其后的行未导入；${kept}` })
          }
          resolve(current())
          return
        }
        if (done) resolve(current())
        else defer(step)
      }
      defer(step)
    })
  }

  /** Checks every row and writes nothing. */
  async function dryRun (actor: Actor, upload: Upload): Promise<ImportReport> {
    return check(actor, await parse(upload), upload, 'dry-run')
  }

  /**
   * Checks the whole file (any bad row: 422 pool.import_has_errors with the report, nothing written), then starts
   * the job. `finished` resolves when it ends.
   */
  async function start (actor: Actor, upload: Upload) {
    const sheet = await parse(upload)
    const report = check(actor, sheet, upload, 'dry-run')
    if (report.errors.length > 0) throw importHasErrors({ report: { ...report, mode: 'commit' } }, `${report.errorRows} 行有错误，未导入任何数据`)
    const job = writeTransaction(db, (tx) => jobs.insertJob(tx, {
      fileName: upload.fileName,
      sha256: sha256Hex(upload.buffer),
      format: sheet.format,
      totalRows: sheet.rows.length,
      counts: { ...EMPTY_COUNTS },
      createdBy: actor.userId,
      createdByName: actor.displayName,
      scopePath: actor.scopePath,
      runner,
      now: clock.now()
    }))
    startedAny = true
    return { job, report, finished: run(job.id, actor, sheet, upload) }
  }

  recoverStale()

  return {
    dryRun,
    start,

    /** Dry run, or a commit that waits for its job and answers like the import did before jobs (the report). */
    async importMembers (actor: Actor, upload: Upload & { mode: 'dry-run' | 'commit' }): Promise<ImportReport & { jobId?: number }> {
      if (upload.mode === 'dry-run') return dryRun(actor, upload)
      const { report, finished } = await start(actor, upload)
      const job = await finished
      if (job.status !== 'succeeded') {
        throw importJobFailed({ jobId: job.id, processedRows: job.processedRows, totalRows: job.totalRows, errors: job.result.errors }, job.result.message ?? undefined)
      }
      return { ...report, mode: 'commit', committed: true, ...job.counts, errors: [], jobId: job.id }
    },

    /** A job as its starter (or someone over their region) sees it; a running job without a runner is marked interrupted. */
    get (actor: Actor, id: number): PoolImportJob {
      const job = jobs.findJob(db, id)
      if (!job || !mayReadJob(actor, job)) throw importJobNotFound()
      if (job.status === 'running' && job.heartbeatAt.getTime() < clock.now().getTime() - IMPORT_STALE_MS) {
        finish(job.id, 'interrupted', { ...job.result, message: interruptedMessage(job) })
        return jobs.findJob(db, id)!
      }
      return job
    },

    recoverStale,

    /** On shutdown: this runner's jobs stop after the chunk in hand and are marked interrupted. */
    stop () {
      stopped = true
      if (!startedAny) return
      for (const job of jobs.runningJobsOf(db, runner)) finish(job.id, 'interrupted', { ...job.result, message: interruptedMessage(job) })
    }
  }
}

export type PoolImportService = ReturnType<typeof createPoolImportService>
