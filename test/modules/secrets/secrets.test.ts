import { afterEach, describe, expect, test } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase, type DatabaseHandle } from '../../../db/client.js'
import { runMigrations } from '../../../db/migrate.js'
import { appSecretsTable } from '../../../db/schema/index.js'
import { getOrCreateSecret } from '../../../server/modules/secrets/secrets.service.js'
import { fixedClock } from '../../../server/common/clock.js'
import { seededRng, type Rng } from '../../../server/common/random.js'

const dirs: string[] = []
const handles: DatabaseHandle[] = []
afterEach(() => {
  for (const h of handles.splice(0)) h.sqlite.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** Two connections to one database file, as two server processes have. */
function twoConnections () {
  const dir = mkdtempSync(join(tmpdir(), 'tz-secrets-'))
  dirs.push(dir)
  const file = join(dir, 'shared.db')
  const first = createDatabase({ filename: file })
  runMigrations(first.db)
  const second = createDatabase({ filename: file })
  second.sqlite.pragma('busy_timeout = 0')
  handles.push(first, second)
  return { first, second }
}

describe('stored secrets', () => {
  test('created once and read back the same afterwards', () => {
    const { first, second } = twoConnections()
    const clock = fixedClock('2026-12-06T00:00:00Z')
    const a = getOrCreateSecret({ db: first.db, clock, rng: seededRng(1), name: 'links' })
    const b = getOrCreateSecret({ db: second.db, clock, rng: seededRng(2), name: 'links' })
    expect(a).toHaveLength(32)
    expect(b.equals(a)).toBe(true)
  })

  test('another process cannot write between the look-up and the insert (a read that upgrades to a write would fail with SQLITE_BUSY)', () => {
    const { first, second } = twoConnections()
    const clock = fixedClock('2026-12-06T00:00:00Z')
    const base = seededRng(3)
    let otherWrite: string | null = null
    // The random bytes are taken after the look-up and before the insert: the other process tries to write then.
    const rng: Rng = {
      ...base,
      bytes: (n) => {
        try {
          second.db.insert(appSecretsTable).values({ name: 'other', value: 'x', createdAt: clock.now() }).run()
          otherWrite = 'written'
        } catch (error) {
          otherWrite = (error as { code?: string }).code ?? 'error'
        }
        return base.bytes(n)
      }
    }
    const secret = getOrCreateSecret({ db: first.db, clock, rng, name: 'links' })
    expect(otherWrite).toBe('SQLITE_BUSY')
    expect(getOrCreateSecret({ db: second.db, clock, rng: seededRng(4), name: 'links' }).equals(secret)).toBe(true)
  })
})
