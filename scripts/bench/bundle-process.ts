import { spawn, type ChildProcess } from 'node:child_process'

/**
 * Starts `node dist/main.mjs` on the database `file` (extra environment in `env`) and resolves with the URL fastify
 * logs once it listens and the process id. The child is pushed onto `started` so the caller can kill it at the end.
 */
export function startBundle (file: string, started: ChildProcess[], env: Record<string, string> = {}): Promise<{ url: string, pid: number }> {
  const child = spawn(process.execPath, ['dist/main.mjs'], {
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
