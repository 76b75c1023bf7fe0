import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from './client.js'

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations')

/** Applies every pending migration in db/migrations; a no-op when the database is current. */
export function runMigrations (db: Db, { migrationsFolder = MIGRATIONS_DIR }: { migrationsFolder?: string } = {}) {
  migrate(db, { migrationsFolder })
}
