import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import * as schema from './schema/index.js'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type DbOrTx = Db | Tx

export type DatabaseHandle = { db: Db, sqlite: Database.Database }

/**
 * Opens (and creates) the SQLite database with the pragmas every connection needs. `busyTimeoutMs` is how long a
 * statement waits for another connection's lock before SQLite answers SQLITE_BUSY.
 */
export function createDatabase ({ filename, busyTimeoutMs = 5000 }: { filename: string, busyTimeoutMs?: number }): DatabaseHandle {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true })
  const sqlite = new Database(filename)
  if (filename !== ':memory:') sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`)
  const db = drizzle(sqlite, { schema }) as Db
  return { db, sqlite }
}

/**
 * Runs one use case's writes in a transaction that takes the write lock at BEGIN (BEGIN IMMEDIATE).
 * A deferred transaction that reads and then writes cannot wait for another process's lock: SQLite answers
 * SQLITE_BUSY at once for the upgrade. BEGIN IMMEDIATE waits up to busy_timeout instead; past it the error
 * reaches the client as 503 with Retry-After (server/plugins/problem-details.ts). Every read-then-write use
 * case goes through here (eslint forbids calling `.transaction(` directly).
 */
export function writeTransaction<T> (db: Db, fn: (tx: Tx) => T): T {
  return db.transaction(fn, { behavior: 'immediate' })
}
