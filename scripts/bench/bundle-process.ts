import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** The node flags `npm start` runs dist/main.mjs with (package.json), so what is measured runs as it ships. */
export function startFlags (): string[] {
  const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start
  const command = /node ((?:--\S+ )*)dist\/main\.mjs/.exec(start)
  if (!command) throw new Error(`package.json start does not run node … dist/main.mjs: ${start}`)
  return command[1]!.trim().split(' ').filter((f) => f !== '' && !f.startsWith('--env-file'))
}

/**
 * Starts `node dist/main.mjs` (with npm start's node flags) on the database `file` (extra environment in `env`) and resolves with the URL fastify
 * logs once it listens and the process id. The child is pushed onto `started` so the caller can kill it at the end.
 */
export function startBundle (file: string, started: ChildProcess[], env: Record<string, string> = {}): Promise<{ url: string, pid: number }> {
  const child = spawn(process.execPath, [...startFlags(), 'dist/main.mjs'], {
    env: { ...process.env, PORT: '0', DATABASE_PATH: file, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  started.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m?.[1]) resolve({ url: m[1], pid: child.pid! })
    })
    child.on('exit', (code) => reject(new Error(`server exited ${code} before listening:\n${out}`)))
  })
}
