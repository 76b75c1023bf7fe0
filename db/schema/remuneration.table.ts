import { sql } from 'drizzle-orm'
import { sqliteTable, integer, text, index, uniqueIndex, check, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'
import { regionsTable } from './regions.table.js'
import { hearingsTable } from './hearings.table.js'
import { membersTable } from './pool.table.js'
import { usersTable } from './users.table.js'

// Value lists of the remuneration ledger (kept here with their table; server/modules/remuneration/remuneration.rules.ts
// repeats them for schemas and rules and checks both agree at compile time).
export const REMUNERATION_ROLES = ['host', 'officer', 'third_party', 'recorder'] as const
export type RemunerationRole = typeof REMUNERATION_ROLES[number]
/** original: made from a concluded hearing; reversal: cancels a line (negative); replacement: the corrected line. */
export const REMUNERATION_ENTRY_KINDS = ['original', 'reversal', 'replacement'] as const
export type RemunerationEntryKind = typeof REMUNERATION_ENTRY_KINDS[number]
/** not_payable: nothing to pay (公益服务, amount 0); cancelled: an unpaid line reversed before payment, with its reversal. */
export const REMUNERATION_LINE_STATUSES = ['unpaid', 'paid', 'not_payable', 'cancelled'] as const
export type RemunerationLineStatus = typeof REMUNERATION_LINE_STATUSES[number]

/** A payment batch: the lines a township's finance office paid on one date under one voucher reference. */
export const remunerationBatchesTable = sqliteTable('remuneration_batches', {
  id: idColumn(),
  payerRegionId: integer('payer_region_id').notNull().references(() => regionsTable.id, { onDelete: 'restrict' }),
  /** YYYY-MM-DD */
  paidOn: text('paid_on').notNull(),
  reference: text('reference').notNull(),
  note: text('note'),
  lineCount: integer('line_count').notNull(),
  /** Sum of the lines' amounts in fen (1/100 yuan). */
  totalFen: integer('total_fen').notNull(),
  createdByUserId: integer('created_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  createdByName: text('created_by_name').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [index('remuneration_batches_payer_idx').on(t.payerRegionId, t.paidOn)])

/**
 * One member's pay for serving at one concluded hearing (听证取酬). Amounts are integers in fen. A line is never
 * edited once paid: a correction is a reversal line (the negated amounts, pointing to the line) and, when the
 * correct figures are known, a replacement line.
 */
export const remunerationLinesTable = sqliteTable('remuneration_lines', {
  id: idColumn(),
  hearingId: integer('hearing_id').notNull().references(() => hearingsTable.id, { onDelete: 'restrict' }),
  memberId: integer('member_id').notNull().references(() => membersTable.id, { onDelete: 'restrict' }),
  /** The member's name when the line was made (the ledger is a record of what was owed then). */
  memberName: text('member_name').notNull(),
  role: text('role', { enum: REMUNERATION_ROLES }).notNull(),
  entryKind: text('entry_kind', { enum: REMUNERATION_ENTRY_KINDS }).notNull(),
  /** The line a reversal cancels, or the line a replacement corrects. */
  relatedLineId: integer('related_line_id').references((): AnySQLiteColumn => remunerationLinesTable.id, { onDelete: 'restrict' }),
  reason: text('reason'),
  /** The region that pays: the hearing's township (or the hearing's own region above township level). */
  payerRegionId: integer('payer_region_id').notNull().references(() => regionsTable.id, { onDelete: 'restrict' }),
  /** YYYY-MM-DD (Shanghai) the hearing was held; `year` is its year, the ledger's year. */
  serviceDate: text('service_date').notNull(),
  year: integer('year').notNull(),
  /** Actual start of the first session and end of the last (the hearing's open and conclude events). */
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
  endedAt: integer('ended_at', { mode: 'timestamp_ms' }).notNull(),
  /** Minutes in session, summed over the sessions. */
  minutes: integer('minutes').notNull(),
  halfDays: integer('half_days').notNull(),
  remunerationKind: text('remuneration_kind', { enum: ['public_interest', 'fee_per_half_day'] }).notNull(),
  rateFen: integer('rate_fen').notNull(),
  amountFen: integer('amount_fen').notNull(),
  status: text('status', { enum: REMUNERATION_LINE_STATUSES }).notNull(),
  batchId: integer('batch_id').references(() => remunerationBatchesTable.id, { onDelete: 'restrict' }),
  /** YYYY-MM-DD */
  paidOn: text('paid_on'),
  createdByName: text('created_by_name').notNull(),
  version: integer('version').notNull().default(1),
  ...timestampColumns()
}, (t) => [
  // one original line per member and hearing: what makes generation idempotent
  uniqueIndex('remuneration_lines_original_uq').on(t.hearingId, t.memberId).where(sql`${t.entryKind} = 'original'`),
  // a line is reversed at most once
  uniqueIndex('remuneration_lines_reversal_uq').on(t.relatedLineId).where(sql`${t.entryKind} = 'reversal'`),
  index('remuneration_lines_payer_idx').on(t.payerRegionId, t.year),
  index('remuneration_lines_member_idx').on(t.memberId, t.year),
  index('remuneration_lines_batch_idx').on(t.batchId),
  check('remuneration_lines_half_days_ck', sql`${t.entryKind} = 'reversal' or ${t.halfDays} >= 0`)
])

export type RemunerationLine = typeof remunerationLinesTable.$inferSelect
export type NewRemunerationLine = typeof remunerationLinesTable.$inferInsert
export type RemunerationBatch = typeof remunerationBatchesTable.$inferSelect
