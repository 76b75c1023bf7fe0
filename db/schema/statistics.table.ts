import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { MATTER_STAGES, CONCLUSION_TYPES } from './enums.js'

/**
 * Decided matter stages counted by what the statistics group them by, per bucket of the decision date: a year
 * (`2026`), a month (`2026-03`) and a day (`2026-03-25`), so a period is read as a few buckets instead of every stage
 * decided in it. Kept by SQLite triggers on matter_stages (migration 0023, docs/statistics.md); never written by
 * code. `key` is the bucket and every other column but `n` (nulls included), so each combination has one row.
 */
export const stageDecisionCountsTable = sqliteTable('stage_decision_counts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  key: text('key').notNull(),
  bucket: text('bucket').notNull(),
  regionId: integer('region_id'),
  stage: text('stage', { enum: MATTER_STAGES }),
  conclusionType: text('conclusion_type', { enum: CONCLUSION_TYPES }),
  petitionerCeased: integer('petitioner_ceased'),
  revokedForMissingRightsNotice: integer('revoked_for_missing_rights_notice'),
  /** Decided after the due date. */
  late: integer('late'),
  /** Days from the application (requested, else accepted) to the decision. */
  applicationDays: integer('application_days'),
  /** 1: the stage had a concluded hearing in its window (first_held_at); the two day counts below then apply. */
  heard: integer('heard').notNull(),
  toHearingDays: integer('to_hearing_days'),
  afterHearingDays: integer('after_hearing_days'),
  n: integer('n').notNull()
}, (t) => [
  uniqueIndex('stage_decision_counts_key_uq').on(t.key),
  // a period's buckets are read whole, with every column the figures group by: without touching the rows
  index('stage_decision_counts_bucket_idx').on(t.bucket, t.regionId, t.stage, t.conclusionType, t.petitionerCeased, t.revokedForMissingRightsNotice, t.late, t.heard,
    t.applicationDays, t.toHearingDays, t.afterHearingDays, t.n)
])
