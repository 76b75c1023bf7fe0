import { api, ok, type ApiProblem } from '@/api/client'
import type { paths } from '@/api/schema'

export type ImportReport = paths['/api/v1/pool/imports']['post']['responses'][200]['content']['application/json']
export type ImportJob = paths['/api/v1/pool/imports/{id}']['get']['responses'][200]['content']['application/json']
export type RowError = ImportReport['errors'][number]

/** Largest upload the service takes (server/modules/pool/pool.routes.ts MAX_UPLOAD_BYTES). */
export const MAX_UPLOAD_MB = 10

function form (file: File) {
  const body = new FormData()
  body.append('file', file, file.name)
  return body
}

/** The dry run: every row checked, nothing written. */
export function dryRun (file: File): Promise<ImportReport> {
  // the route takes multipart/form-data, which the OpenAPI document does not describe as a body: FormData goes through as is
  return ok(api.POST('/api/v1/pool/imports', { params: { query: { mode: 'dry-run' } }, body: form(file) as never })) as Promise<ImportReport>
}

/** Starts the import job; the service answers 202 with the job at once (Prefer: respond-async). */
export function startImport (file: File): Promise<ImportJob> {
  return ok(api.POST('/api/v1/pool/imports', { params: { query: { mode: 'commit' }, header: { prefer: 'respond-async' } }, body: form(file) as never })) as Promise<ImportJob>
}

export function fetchJob (id: number): Promise<ImportJob> {
  return ok(api.GET('/api/v1/pool/imports/{id}', { params: { path: { id } } }))
}

/** The report a 422 pool.import_has_errors carries (the file changed meaning between the dry run and the commit). */
export function reportOf (error: ApiProblem): ImportReport | null {
  const report = (error.problem as { report?: ImportReport }).report
  return report && Array.isArray(report.errors) ? report : null
}
