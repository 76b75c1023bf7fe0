import { afterEach, describe, expect, test } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase, type DatabaseHandle } from '../../../db/client.js'
import { runMigrations } from '../../../db/migrate.js'
import { installationTable } from '../../../db/schema/index.js'
import { findInstallationId, getOrCreateInstallationId, uuidFromBytes } from '../../../server/modules/secrets/secrets.installation.service.js'
import { fixedClock } from '../../../server/common/clock.js'
import { seededRng } from '../../../server/common/random.js'

const dirs: string[] = []
const handles: DatabaseHandle[] = []
afterEach(() => {
  for (const h of handles.splice(0)) h.sqlite.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function twoConnections () {
  const dir = mkdtempSync(join(tmpdir(), 'tz-installation-'))
  dirs.push(dir)
  const file = join(dir, 'shared.db')
  const first = createDatabase({ filename: file })
  runMigrations(first.db)
  const second = createDatabase({ filename: file })
  handles.push(first, second)
  return { first, second }
}

describe('the installation id', () => {
  test('is a version 4 UUID created once: a second process on the same file reads the same id, and onCreate runs only the first time', () => {
    const { first, second } = twoConnections()
    const clock = fixedClock('2026-12-06T00:00:00Z')
    const created: string[] = []
    expect(findInstallationId(first.db)).toBeUndefined()
    const a = getOrCreateInstallationId({ db: first.db, clock, rng: seededRng(1), onCreate: () => created.push('first') })
    const b = getOrCreateInstallationId({ db: second.db, clock, rng: seededRng(2), onCreate: () => created.push('second') })
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(b).toBe(a)
    expect(created).toEqual(['first'])
    expect(second.db.select().from(installationTable).all()).toEqual([{ singleton: 1, id: a, createdAt: clock.now() }])
  })

  test('what onCreate writes rolls back with the id when it fails', () => {
    const { first } = twoConnections()
    const clock = fixedClock('2026-12-06T00:00:00Z')
    expect(() => getOrCreateInstallationId({ db: first.db, clock, rng: seededRng(1), onCreate: () => { throw new Error('adoption failed') } })).toThrow('adoption failed')
    expect(findInstallationId(first.db)).toBeUndefined()
  })

  test('uuidFromBytes sets the version and variant bits', () => {
    expect(uuidFromBytes(Buffer.alloc(16, 0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff')
    expect(uuidFromBytes(Buffer.alloc(16, 0))).toBe('00000000-0000-4000-8000-000000000000')
    expect(() => uuidFromBytes(Buffer.alloc(15))).toThrow(RangeError)
  })
})
