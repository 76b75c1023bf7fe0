/** True for a SQLite foreign-key violation, also when drizzle wraps it (DrizzleQueryError.cause). */
export function isForeignKeyError (error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, message } = error as { code?: unknown, message?: unknown }
  // ON DELETE RESTRICT reports SQLITE_CONSTRAINT_TRIGGER, a deferred check SQLITE_CONSTRAINT_FOREIGNKEY
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT') && typeof message === 'string' && message.includes('FOREIGN KEY')) return true
  return isForeignKeyError((error as { cause?: unknown }).cause)
}
