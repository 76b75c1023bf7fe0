import { describe, expect, test } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const TSX = join(process.cwd(), 'node_modules/.bin/tsx')

function start (env: Record<string, string>) {
  const child = spawn(TSX, ['server/main.ts'], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr.on('data', (d: Buffer) => { out += d.toString() })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m?.[1] && /Sign in: |tingzheng: sign in at/.test(out)) { clearInterval(timer); resolve(m[1]) } // after the sign-in hint
    }, 50)
    void exited.then(() => { clearInterval(timer); reject(new Error(`exited early:\n${out}`)) })
  })
  listening.catch(() => undefined)
  return { child, exited, listening, output: () => out }
}

describe('server/main.ts owns the process', () => {
  test('starts on a fresh database, prints how to log in, serves, and shuts down cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tingzheng-main-'))
    try {
      const db = join(dir, 'db', 'tz.db')
      const proc = start({ PORT: '0', DATABASE_PATH: db, ADMIN_PASSWORD: 'First-boot-123' })
      const url = await proc.listening
      const health = await fetch(`${url}/healthz`)
      expect(await health.json()).toEqual({ status: 'ok', database: 'ok' })
      const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'First-boot-123' }) })
      expect(login.status).toBe(200)
      expect(proc.output()).toMatch(/username: admin/)
      expect(proc.output()).not.toContain('First-boot-123')
      proc.child.kill('SIGTERM')
      expect(await proc.exited).toBe(0)
      expect(proc.output()).toMatch(/shutting down/)
      expect(existsSync(`${db}-wal`)).toBe(false)

      const again = start({ PORT: '0', DATABASE_PATH: db })
      const url2 = await again.listening
      expect((await fetch(`${url2}/healthz`)).status).toBe(200)
      expect(again.output()).not.toMatch(/administrator account created/)
      again.child.kill('SIGINT')
      expect(await again.exited).toBe(0)
    } finally { rmSync(dir, { recursive: true, force: true }) }
  })

  test('invalid configuration stops start-up with a clear message', async () => {
    const proc = start({ PORT: 'eighty', LOG_LEVEL: 'chatty' })
    expect(await proc.exited).toBe(1)
    expect(proc.output()).toMatch(/PORT="eighty": must be a whole number/)
    expect(proc.output()).toMatch(/LOG_LEVEL/)
  })
})
