import autocannon from 'autocannon'
import Fastify from 'fastify'
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase } from '../../db/client.js'
import { runMigrations } from '../../db/migrate.js'
import { buildApp } from '../../server/app.js'
import { testConfig } from '../../server/config.js'
import { systemClock } from '../../server/common/clock.js'
import { cryptoRng } from '../../server/common/random.js'
import { createServices } from '../../server/services.js'
import { systemActor } from '../../server/common/actor.js'
import { median, round, type Figure } from './types.js'
import { startFlags } from './bundle-process.js'

const DURATION_S = 2
const ROUNDS = 5
const CONNECTIONS = 10
const REGIONS = 50

async function rps (url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return result.requests.average
}

async function measureThroughput () {
  const dir = mkdtempSync(join(tmpdir(), 'tz-bench-'))
  try {
    const { db, sqlite } = createDatabase({ filename: join(dir, 'bench.db') })
    runMigrations(db)
    const config = testConfig({ databasePath: join(dir, 'bench.db'), passwordHashCost: 14 })
    const deps = { config, db, sqlite, clock: systemClock, rng: cryptoRng }
    const services = createServices(deps)
    await services.auth.bootstrapAdmin({ username: 'admin', password: 'Bench-pass-123' })
    const actor = systemActor()
    const city = services.regions.create(actor, { name: '滨海市' })
    let made = 1
    for (let c = 0; made < REGIONS; c++) {
      const county = services.regions.create(actor, { name: `第${c + 1}区`, parentId: city.id }); made++
      for (let s = 0; s < 6 && made < REGIONS; s++) { services.regions.create(actor, { name: `第${s + 1}街道`, parentId: county.id }); made++ }
    }
    const app = await buildApp({ ...deps, services })
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Bench-pass-123' } })
    const token = login.json().token as string

    const bare = Fastify({ logger: false })
    bare.get('/bare', async () => ({ items: [] }))
    const bareBase = await bare.listen({ port: 0, host: '127.0.0.1' })

    // interleaved rounds, so that both see the same machine load; medians of the rounds
    const regionRounds: number[] = []
    const bareRounds: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      regionRounds.push(await rps(`${base}/api/v1/regions`, { authorization: `Bearer ${token}` }))
      bareRounds.push(await rps(`${bareBase}/bare`))
    }
    const regions = median(regionRounds)
    const bareRps = median(bareRounds)
    await app.close(); await bare.close(); sqlite.close()
    return { regions, bare: bareRps, sizes: `${REGIONS} regions, admin token, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${DURATION_S} s on 127.0.0.1 (median), LOG_LEVEL=silent` }
  } finally { rmSync(dir, { recursive: true, force: true }) }
}

let throughput: ReturnType<typeof measureThroughput> | undefined
const measured = () => (throughput ??= measureThroughput())

async function coldStartSeconds () {
  const dir = mkdtempSync(join(tmpdir(), 'tz-cold-'))
  const file = join(dir, 'existing.db')
  const { db, sqlite } = createDatabase({ filename: file })
  runMigrations(db)
  await createServices({ config: testConfig(), db, clock: systemClock, rng: cryptoRng }).auth.bootstrapAdmin({ username: 'admin', password: 'Bench-pass-123' })
  sqlite.close()
  const runs: number[] = []
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' })
  try {
    for (let i = 0; i < 3; i++) {
      const started = process.hrtime.bigint()
      const child = spawn(process.execPath, [...startFlags(), 'dist/main.mjs'], { env: { ...process.env, PORT: '0', DATABASE_PATH: file, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] })
      await new Promise<void>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString()
          if (out.includes('Server listening at')) { runs.push(Number(process.hrtime.bigint() - started) / 1e9); resolve() }
        })
        child.on('exit', () => reject(new Error(`server exited before listening:\n${out}`)))
      })
      const exited = new Promise((resolve) => child.on('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  } finally { rmSync(dir, { recursive: true, force: true }) }
  return median(runs)
}

export const figures: Figure[] = [
  { name: 'regions_list_rps', run: async () => { const m = await measured(); return { value: Math.round(m.regions), unit: 'req/s', sizes: m.sizes } } },
  { name: 'bare_route_rps', run: async () => { const m = await measured(); return { value: Math.round(m.bare), unit: 'req/s', sizes: 'fastify route returning {"items":[]}, same run' } } },
  { name: 'regions_vs_bare_ratio', run: async () => { const m = await measured(); return { value: round(m.regions / m.bare, 3), unit: 'ratio', sizes: 'goal >= 0.5' } } },
  { name: 'cold_start_s', run: async () => ({ value: round(await coldStartSeconds(), 3), unit: 's', sizes: 'node dist/main.mjs (npm start builds it) on an existing migrated database, spawn to listening, median of 3; goal <= 2 s' }) }
]
