import { Type, type Static } from 'typebox'
import type { PoolImportJobStatus } from '../../../db/schema/index.js'
import { ApiTime } from '../../common/schemas.js'

/** The job statuses of db/schema/pool-import-jobs.table.ts, repeated here because only repositories import tables; the type checks each one. */
const JOB_STATUSES = ['running', 'succeeded', 'failed', 'interrupted'] as const satisfies readonly PoolImportJobStatus[]

const RowError = Type.Object({ row: Type.Integer(), column: Type.String(), message: Type.String() })

/** A committed import and how far it has got (GET /pool/imports/:id; also the 202 answer that starts it). */
export const ImportJob = Type.Object({
  id: Type.Integer(),
  status: Type.Enum(JOB_STATUSES, { description: 'running, then succeeded, failed (a chunk was refused; earlier chunks stay) or interrupted (the server stopped)' }),
  fileName: Type.String(),
  format: Type.Enum(['xlsx', 'csv'] as const),
  totalRows: Type.Integer(),
  processedRows: Type.Integer({ description: 'rows committed so far (each chunk commits with this count)' }),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  appointed: Type.Integer(),
  trained: Type.Integer(),
  organisationsCreated: Type.Array(Type.String()),
  startedBy: Type.Object({ id: Type.Union([Type.Integer(), Type.Null()]), name: Type.String() }),
  createdAt: ApiTime,
  updatedAt: ApiTime,
  finishedAt: Type.Union([ApiTime, Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()], { description: 'why it failed or was interrupted (Chinese)' }),
  errors: Type.Array(RowError, { description: 'the row errors of the chunk that was refused' }),
  members: Type.Array(Type.Object({
    id: Type.Integer(),
    row: Type.Integer(),
    name: Type.String(),
    action: Type.Enum(['create', 'update', 'unchanged'] as const)
  }), { description: 'the members the committed chunks created, updated or left unchanged; filled once the job has ended' })
})

export type ImportJob = Static<typeof ImportJob>
