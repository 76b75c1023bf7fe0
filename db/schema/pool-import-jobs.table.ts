import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'

/** A committed import's life: running while its chunks are applied, then one of the three ends. */
export const POOL_IMPORT_JOB_STATUSES = ['running', 'succeeded', 'failed', 'interrupted'] as const
export type PoolImportJobStatus = typeof POOL_IMPORT_JOB_STATUSES[number]

/** Running totals of a job (the sum over its committed chunks). */
export type PoolImportJobCounts = {
  created: number
  updated: number
  unchanged: number
  appointed: number
  trained: number
  organisationsCreated: string[]
}

/** What a job has done and why it stopped: the members its committed chunks touched, and a failing chunk's row errors. */
export type PoolImportJobResult = {
  members: { id: number, row: number, name: string, action: 'create' | 'update' | 'unchanged' }[]
  errors: { row: number, column: string, message: string }[]
  /** Why the job failed or was interrupted (Chinese, shown to the user). */
  message: string | null
}

/**
 * One committed .xlsx/.csv import (POST /pool/imports?mode=commit), applied in chunks, each chunk in its own write
 * transaction together with the update of processed_rows, so the progress read here is exactly what is committed.
 * See docs/pool-import.md.
 */
export const poolImportJobsTable = sqliteTable('pool_import_jobs', {
  id: idColumn(),
  status: text('status', { enum: POOL_IMPORT_JOB_STATUSES }).notNull(),
  fileName: text('file_name').notNull(),
  sha256: text('sha256').notNull(),
  format: text('format', { enum: ['xlsx', 'csv'] }).notNull(),
  totalRows: integer('total_rows').notNull(),
  processedRows: integer('processed_rows').notNull().default(0),
  counts: text('counts', { mode: 'json' }).$type<PoolImportJobCounts>().notNull(),
  result: text('result', { mode: 'json' }).$type<PoolImportJobResult>().notNull(),
  /** Who started it (null: a system actor) and the region subtree they worked in (null: the whole city). */
  createdBy: integer('created_by'),
  createdByName: text('created_by_name').notNull(),
  scopePath: text('scope_path'),
  /** The server process running it, and when it last committed a chunk: a running job whose heartbeat is old has no runner left. */
  runner: text('runner').notNull(),
  heartbeatAt: integer('heartbeat_at', { mode: 'timestamp_ms' }).notNull(),
  finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  ...timestampColumns()
}, (t) => [
  index('pool_import_jobs_status_idx').on(t.status, t.heartbeatAt),
  index('pool_import_jobs_created_by_idx').on(t.createdBy, t.createdAt)
])

export type PoolImportJob = typeof poolImportJobsTable.$inferSelect
