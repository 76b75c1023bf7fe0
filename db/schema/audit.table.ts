import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core'
import { idColumn } from '../columns.js'

export const auditLogTable = sqliteTable('audit_log', {
  id: idColumn(),
  at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  actorUserId: integer('actor_user_id'),
  actorName: text('actor_name').notNull(),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id').notNull(),
  /** Region the entity belongs to, for scoped reading by auditors; null for city-wide entities. */
  regionPath: text('region_path'),
  requestId: text('request_id'),
  /** JSON `{ before, after }` with personal data masked; only changed fields on updates. */
  diff: text('diff', { mode: 'json' }).$type<{ before: Record<string, unknown> | null, after: Record<string, unknown> | null }>().notNull()
}, (t) => [
  index('audit_entity_idx').on(t.entityType, t.entityId),
  index('audit_actor_idx').on(t.actorUserId),
  index('audit_at_idx').on(t.at)
])

export type AuditEntry = typeof auditLogTable.$inferSelect
