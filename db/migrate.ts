import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import type { Db } from './client.js'
import { join } from 'node:path'
import { PROJECT_ROOT } from './project-root.js'

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'db', 'migrations')

/** Applies every pending migration in db/migrations; a no-op when the database is current. */
export function runMigrations (db: Db, { migrationsFolder = MIGRATIONS_DIR }: { migrationsFolder?: string } = {}) {
  migrate(db, { migrationsFolder })
}
