/** The import jobs table: the only file that reads or writes pool_import_jobs. */
import { and, eq, lt } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client.js'
import { poolImportJobsTable, type PoolImportJob, type PoolImportJobCounts, type PoolImportJobResult, type PoolImportJobStatus } from '../../../db/schema/index.js'

export function insertJob (tx: DbOrTx, values: {
  fileName: string,
  sha256: string,
  format: 'xlsx' | 'csv',
  totalRows: number,
  counts: PoolImportJobCounts,
  createdBy: number | null,
  createdByName: string,
  scopePath: string | null,
  runner: string,
  now: Date
}): PoolImportJob {
  const { now, ...rest } = values
  return tx.insert(poolImportJobsTable).values({
    ...rest,
    status: 'running',
    processedRows: 0,
    result: { members: [], errors: [], message: null },
    heartbeatAt: now,
    createdAt: now,
    updatedAt: now
  }).returning().get()
}

export function findJob (tx: DbOrTx, id: number): PoolImportJob | undefined {
  return tx.select().from(poolImportJobsTable).where(eq(poolImportJobsTable.id, id)).get()
}

/** Only the job's status: read before every chunk, without parsing the result the job has written so far. */
export function jobStatus (tx: DbOrTx, id: number): PoolImportJobStatus | undefined {
  return tx.select({ status: poolImportJobsTable.status }).from(poolImportJobsTable).where(eq(poolImportJobsTable.id, id)).get()?.status
}

/** Records a committed chunk (in the chunk's own transaction): processed rows, counts, the members it touched. */
export function recordChunk (tx: DbOrTx, id: number, { processedRows, counts, result, now }: {
  processedRows: number, counts: PoolImportJobCounts, result: PoolImportJobResult, now: Date
}) {
  tx.update(poolImportJobsTable)
    .set({ processedRows, counts, result, heartbeatAt: now, updatedAt: now })
    .where(eq(poolImportJobsTable.id, id))
    .run()
}

/** Ends a running job; a job that has already ended is left as it is (false). */
export function finishJob (tx: DbOrTx, id: number, { status, result, now }: { status: Exclude<PoolImportJobStatus, 'running'>, result: PoolImportJobResult, now: Date }) {
  const r = tx.update(poolImportJobsTable)
    .set({ status, result, finishedAt: now, updatedAt: now })
    .where(and(eq(poolImportJobsTable.id, id), eq(poolImportJobsTable.status, 'running')))
    .run()
  return r.changes > 0
}

/** Running jobs whose runner has not committed a chunk since `before`. */
export function staleRunningJobs (tx: DbOrTx, before: Date): PoolImportJob[] {
  return tx.select().from(poolImportJobsTable)
    .where(and(eq(poolImportJobsTable.status, 'running'), lt(poolImportJobsTable.heartbeatAt, before)))
    .all()
}

/** Running jobs of one runner (this process, when it shuts down). */
export function runningJobsOf (tx: DbOrTx, runner: string): PoolImportJob[] {
  return tx.select().from(poolImportJobsTable)
    .where(and(eq(poolImportJobsTable.status, 'running'), eq(poolImportJobsTable.runner, runner)))
    .all()
}
