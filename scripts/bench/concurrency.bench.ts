/**
 * two_process_writes_5xx: 200 concurrent creates (organisations, venues, pool members) spread over two
 * `node dist/main.mjs` processes sharing one database file. Goal: 0 answers of 500 or above other than 503.
 */
import { execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fireConcurrentCreates, seedWriteTarget } from '../../test/helpers/two-process-writes.js'
import type { Figure } from './types.js'
import { startBundle } from './bundle-process.js'

const CREATES = 200
const ROUNDS = 3

async function serverErrors () {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' })
  let errors = 0
  let busy = 0
  for (let round = 0; round < ROUNDS; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'tz-bench-writes-'))
    const file = join(dir, 'shared.db')
    const started: ChildProcess[] = []
    try {
      const { token, townId } = seedWriteTarget(file, new Date().toISOString())
      const urls = (await Promise.all([startBundle(file, started), startBundle(file, started)])).map((s) => s.url)
      const answers = await fireConcurrentCreates({ urls, token, townId, count: CREATES })
      errors += answers.filter((a) => a.status >= 500 && a.status !== 503).length
      busy += answers.filter((a) => a.status === 503).length
    } finally {
      await Promise.all(started.map((c) => new Promise((resolve) => { c.once('exit', resolve); c.kill('SIGTERM') })))
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return { errors, busy }
}

export const figures: Figure[] = [
  {
    name: 'two_process_writes_5xx',
    run: async () => {
      const { errors, busy } = await serverErrors()
      return { value: errors, unit: 'count', sizes: `${ROUNDS} rounds of ${CREATES} concurrent creates (organisations, venues, pool members) over two node dist/main.mjs processes on one database file; ${busy} answered 503 with Retry-After; goal 0` }
    }
  }
]
