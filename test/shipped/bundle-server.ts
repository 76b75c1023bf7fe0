import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../../db/project-root.js'
import { startFlags } from '../../scripts/bench/bundle-process.js'

const BUNDLE = join(PROJECT_ROOT, 'dist', 'main.mjs')

export type Served = { url: string, child: ChildProcess, output: () => string, exited: Promise<number | null> }

/** Starts the bundle as `npm start` does (its node flags, dist/main.mjs) and waits until it listens and has printed how to sign in. */
export function startBundle (env: Record<string, string>, cwd: string): Promise<Served> {
  const child = spawn(process.execPath, [...startFlags(), '--env-file-if-exists=.env', BUNDLE], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr!.on('data', (d: Buffer) => { out += d.toString() })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      // ready once main() has printed its sign-in hint, which comes after fastify's listening line
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m?.[1] && /Sign in: |tingzheng: sign in at/.test(out)) { clearInterval(timer); resolve({ url: m[1], child, output: () => out, exited }) }
    }, 25)
    void exited.then((code) => { clearInterval(timer); reject(new Error(`dist/main.mjs exited (${code}) before listening:\n${out}`)) })
  })
}

/**
 * A port free right now. The service is given a fixed port rather than PORT=0 so that PUBLIC_BASE_URL, which
 * defaults to http://localhost:$PORT and goes into feed addresses and mailed links, is the address it listens on.
 */
export function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** Ends the child (SIGTERM, then SIGKILL after 10 s). */
export async function stopBundle (served: Served | undefined) {
  const child = served?.child
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const stopped = await Promise.race([served.exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 10_000))])
  if (!stopped) child.kill('SIGKILL')
}

/**
 * The shipped service on a database of its own in a fresh working directory, with a known administrator password,
 * reached at http://127.0.0.1:<port> (which is also its public address, so the browser's Origin matches).
 */
export async function startShippedService ({ adminPassword, env = {} }: { adminPassword: string, env?: Record<string, string> }) {
  const workDir = mkdtempSync(join(tmpdir(), 'tingzheng-shipped-'))
  const port = await freePort()
  const served = await startBundle({
    DATABASE_PATH: join(workDir, 'data', 'tingzheng.db'),
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'info',
    PASSWORD_HASH_COST: '10',
    ...env
  }, workDir)
  return {
    ...served,
    workDir,
    async stop () {
      await stopBundle(served)
      rmSync(workDir, { recursive: true, force: true })
    }
  }
}
