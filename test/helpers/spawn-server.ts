import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase } from '../../db/client.js'
import { runMigrations } from '../../db/migrate.js'

export type SpawnedServer = { url: string, child: ChildProcess }

/**
 * Starts test/helpers/server-process.ts on a database file in a child process, for tests where several processes
 * share one database. The child is pushed onto `started` at once, so `stopServers` ends it even when a sibling
 * fails to start.
 */
export function startServer (file: string, now: string, started: ChildProcess[]): Promise<SpawnedServer> {
  const child = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), ['test/helpers/server-process.ts', file, now], { stdio: ['ignore', 'pipe', 'pipe'] })
  started.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /LISTENING (\S+)/.exec(out)
      if (m?.[1]) resolve({ url: m[1], child })
    })
    child.stderr!.on('data', (d: Buffer) => { out += d.toString() })
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)))
  })
}

/** Ends every started server and waits until each has exited. */
export async function stopServers (started: ChildProcess[]) {
  await Promise.all(started.map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })))
}

/**
 * A migrated database file in a new temporary folder, for processes to share: `db`/`sqlite` to seed it (close
 * `sqlite` before starting servers on it), `servers` for startServer, and `cleanup` to stop them all and remove the
 * folder.
 */
export function sharedDatabase (prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const file = join(dir, 'shared.db')
  const servers: ChildProcess[] = []
  const { db, sqlite } = createDatabase({ filename: file })
  runMigrations(db)
  return {
    file,
    servers,
    db,
    sqlite,
    async cleanup () {
      await stopServers(servers)
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
