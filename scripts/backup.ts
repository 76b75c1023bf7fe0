/**
 * npm run backup -- <file>: a consistent copy of the live database through SQLite's online backup API,
 * safe while the service runs (WAL mode). Restore: stop the service, copy the file to DATABASE_PATH
 * (removing any -wal/-shm files beside it), start the service.
 */
import Database from 'better-sqlite3'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { loadConfig, ConfigError } from '../server/config.js'

export async function backupDatabase ({ source, target }: { source: string, target: string }) {
  if (!existsSync(source)) throw new Error(`database ${source} does not exist`)
  if (existsSync(target)) throw new Error(`${target} already exists; choose a new file name`)
  mkdirSync(dirname(resolve(target)), { recursive: true })
  const db = new Database(source, { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    await db.backup(target)
  } finally {
    db.close()
  }
  const copy = new Database(target, { readonly: true })
  try {
    const check = copy.pragma('integrity_check', { simple: true })
    if (check !== 'ok') throw new Error(`integrity check of the copy failed: ${String(check)}`)
  } finally {
    copy.close()
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!)
if (isMain) {
  const target = process.argv[2]
  if (!target) {
    console.error('usage: npm run backup -- <file>   (e.g. npm run backup -- backups/tingzheng-2026-11-28.db)')
    process.exit(2)
  }
  try {
    const config = loadConfig(process.env)
    await backupDatabase({ source: config.databasePath, target })
    console.log(`backup written to ${target} (integrity ok)`)
  } catch (error) {
    console.error(`backup failed: ${error instanceof ConfigError ? error.message : (error as Error).message}`)
    process.exit(1)
  }
}
