/*
 * Generates the web interface's API types (web/src/api/schema.d.ts) from the service's OpenAPI document, so the
 * interface is typed by what the server declares. `npm run web:client` rewrites the file; `--check` exits 1 when
 * the committed file differs from what the routes declare now (CI runs the same comparison as a test).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import openapiTS, { astToString } from 'openapi-typescript'
import { createDatabase } from '../db/client.js'
import { runMigrations } from '../db/migrate.js'
import { buildApp } from '../server/app.js'
import { testConfig } from '../server/config.js'
import { fixedClock } from '../server/common/clock.js'
import { seededRng } from '../server/common/random.js'
import { projectPath } from '../server/common/paths.js'

export const WEB_CLIENT_TYPES = projectPath('web', 'src', 'api', 'schema.d.ts')

const HEADER = '/* Generated from /api/openapi.json by `npm run web:client` (scripts/web-client.ts). Do not edit. */\n\n'

/** The file the current routes give. */
export async function generateWebClientTypes (): Promise<string> {
  const { db, sqlite } = createDatabase({ filename: ':memory:' })
  runMigrations(db)
  const app = await buildApp({ config: testConfig({ logLevel: 'silent' }), db, sqlite, clock: fixedClock('2026-01-01T00:00:00Z'), rng: seededRng(1) })
  try {
    await app.ready()
    const doc = app.swagger() as Parameters<typeof openapiTS>[0]
    const ast = await openapiTS(doc, { alphabetize: true, exportType: true, defaultNonNullable: false })
    return HEADER + astToString(ast)
  } finally {
    await app.close()
    sqlite.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const fresh = await generateWebClientTypes()
  if (process.argv.includes('--check')) {
    const current = readFileSync(WEB_CLIENT_TYPES, 'utf8')
    if (current !== fresh) {
      process.stderr.write('web/src/api/schema.d.ts is out of date: run npm run web:client\n')
      process.exit(1)
    }
  } else {
    writeFileSync(WEB_CLIENT_TYPES, fresh)
    process.stdout.write(`wrote ${WEB_CLIENT_TYPES}\n`)
  }
}
