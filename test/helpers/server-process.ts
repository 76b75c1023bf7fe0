/**
 * A real service process over a given database file, for tests that need several processes sharing one
 * database: `tsx test/helpers/server-process.ts <db file> <fixed clock ISO>`; prints `LISTENING <url>`.
 */
import { createDatabase } from '../../db/client.js'
import { runMigrations } from '../../db/migrate.js'
import { buildApp } from '../../server/app.js'
import { testConfig } from '../../server/config.js'
import { fixedClock } from '../../server/common/clock.js'
import { cryptoRng } from '../../server/common/random.js'

const [file, now] = process.argv.slice(2)
if (!file || !now) throw new Error('usage: server-process.ts <db file> <clock ISO>')
const { db, sqlite } = createDatabase({ filename: file })
runMigrations(db)
const app = await buildApp({ config: testConfig({ databasePath: file }), db, sqlite, clock: fixedClock(now), rng: cryptoRng })
const url = await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`LISTENING ${url}\n`)
const stop = async () => { await app.close(); sqlite.close(); process.exit(0) }
process.on('SIGTERM', () => { void stop() })
process.on('SIGINT', () => { void stop() })
