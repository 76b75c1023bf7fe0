import { createDatabase } from '../../db/client.js'
import { createPoolService } from '../../server/modules/pool/pool.service.js'
import { testConfig } from '../../server/config.js'
import { fixedClock } from '../../server/shared/clock.js'
import { seededRng } from '../../server/shared/random.js'
import * as repo from '../../server/modules/pool/pool.repository.js'
import { membersTable } from '../../db/schema/index.js'
import { count } from 'drizzle-orm'
import type { Actor } from '../../server/shared/actor.js'
const { db, sqlite } = createDatabase({ filename: '/tmp/scratch/search.db' })
if (process.env.CACHE) sqlite.pragma('cache_size = -' + process.env.CACHE)
if (process.env.MMAP) sqlite.pragma('mmap_size = ' + process.env.MMAP)
const services = { pool: createPoolService({ db, clock: fixedClock('2026-11-28T01:00:00Z') }) }
void testConfig; void seededRng
const coordinator: Actor = { userId: 2, username: 'c', displayName: 'c', role: 'coordinator', regionId: 224, scopePath: '/1/224/', requestId: null, tokenId: null }
const admin: Actor = { userId: 1, username: 'a', displayName: 'a', role: 'admin', regionId: null, scopePath: null, requestId: null, tokenId: null }
const which = process.argv[2] ?? ''
const qs: [string, Actor, any][] = [
  ['coord active officers', coordinator, { status: 'active', role: 'officer' }],
  ['2char', admin, { q: '张伟' }],
  ['org fts', admin, { q: '律师事务所' }],
  ['3char', admin, { q: '王晓东' }],
  ['spec trained', admin, { specialty: 'land_demolition', trainedHost: true }],
  ['coord ending', coordinator, { termEndingWithinDays: 60, sort: 'termEnd' }],
  ['township src prof', admin, { regionId: 191, sourceCategory: 'professional', profession: 'lawyer' }],
  ['all p3', admin, {}]
]
for (const [label, actor, q] of qs) {
  if (!label.includes(which)) continue
  const times: number[] = []
  let total = 0
  for (let i = 0; i < 8; i++) { const s = process.hrtime.bigint(); total = services.pool.search(actor, { ...q, page: 1, pageSize: 20 }).total; times.push(Number(process.hrtime.bigint() - s) / 1e6) }
  times.sort((a, b) => a - b)
  console.log(label, 'total', total, 'median', times[4]!.toFixed(1))
  if (process.argv[3] === 'plan') {
    const settings = services.pool.getSettings()
    const f: repo.MemberFilter = { visibility: actor.scopePath ? { ownPath: actor.scopePath, shared: true } : { ownPath: null, shared: false }, today: '2026-11-28', trainingCutoff: '2023-11-28', ...q, termIds: [], termEndingUntil: q.termEndingWithinDays ? '2027-01-27' : undefined }
    void settings
    const { sql, params } = db.select({ n: count() }).from(membersTable).where(repo.memberWhere(db, f)).toSQL()
    console.log(sql)
    console.log(sqlite.prepare('explain query plan ' + sql).all(...params).map((r: any) => r.detail).join('\n'))
  }
}
