import type { PoolImportJob } from '../../../db/schema/index.js'
import { toApiTime } from '../../common/time.js'
import type { ImportJob } from './pool.import.schemas.js'

/** The job as the API shows it; the member list comes once the job has ended (polls while it runs stay small). */
export function importJobView (job: PoolImportJob): ImportJob {
  return {
    id: job.id,
    status: job.status,
    fileName: job.fileName,
    format: job.format,
    totalRows: job.totalRows,
    processedRows: job.processedRows,
    created: job.counts.created,
    updated: job.counts.updated,
    unchanged: job.counts.unchanged,
    appointed: job.counts.appointed,
    trained: job.counts.trained,
    organisationsCreated: job.counts.organisationsCreated,
    startedBy: { id: job.createdBy, name: job.createdByName },
    createdAt: toApiTime(job.createdAt),
    updatedAt: toApiTime(job.updatedAt),
    finishedAt: toApiTime(job.finishedAt),
    message: job.result.message,
    errors: job.result.errors,
    members: job.status === 'running' ? [] : job.result.members
  }
}
