/** True for a SQLite foreign-key violation, also when drizzle wraps it (DrizzleQueryError.cause). */
export function isForeignKeyError (error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, message } = error as { code?: unknown, message?: unknown }
  // ON DELETE RESTRICT reports SQLITE_CONSTRAINT_TRIGGER, a deferred check SQLITE_CONSTRAINT_FOREIGNKEY
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT') && typeof message === 'string' && message.includes('FOREIGN KEY')) return true
  return isForeignKeyError((error as { cause?: unknown }).cause)
}

/**
 * True when SQLite gave up waiting for another connection's lock (SQLITE_BUSY and its extended codes, or
 * SQLITE_LOCKED), also when drizzle wraps it. The client may simply try again: it is answered 503.
 */
export function isBusyError (error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code } = error as { code?: unknown }
  if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) return true
  return isBusyError((error as { cause?: unknown }).cause)
}
