import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import * as schema from '../../db/schema/index.js'
import { createPoolService } from '../../server/modules/pool/pool.service.js'
import { fixedClock } from '../../server/shared/clock.js'
import type { Actor } from '../../server/shared/actor.js'
import type { Db } from '../../db/client.js'
const sqlite = new Database('/tmp/scratch/search.db')
const logged: { q: string, p: unknown[] }[] = []
const db = drizzle(sqlite, { schema, logger: { logQuery: (q, p) => { logged.push({ q, p }) } } }) as unknown as Db
const pool = createPoolService({ db, clock: fixedClock('2026-11-28T01:00:00Z') })
const coordinator: Actor = { userId: 2, username: 'c', displayName: 'c', role: 'coordinator', regionId: 224, scopePath: '/1/224/', requestId: null, tokenId: null }
const admin: Actor = { userId: 1, username: 'a', displayName: 'a', role: 'admin', regionId: null, scopePath: null, requestId: null, tokenId: null }
const qs: [string, Actor, any][] = [
  ['coord active officers', coordinator, { status: 'active', role: 'officer' }],
  ['2char', admin, { q: '张伟' }],
  ['org fts', admin, { q: '律师事务所' }],
  ['spec trained', admin, { specialty: 'land_demolition', trainedHost: true }],
  ['coord ending', coordinator, { termEndingWithinDays: 60, sort: 'termEnd' }],
  ['township src prof', admin, { regionId: 191, sourceCategory: 'professional', profession: 'lawyer' }],
  ['all p3', admin, {}]
]
for (const [label, actor, q] of qs) {
  if (process.argv[2] && !label.includes(process.argv[2])) continue
  logged.length = 0
  pool.search(actor, { ...q, page: label.includes('p3') ? 3 : 1, pageSize: 20 })
  console.log('##', label)
  for (const { q: text, p } of logged) {
    if (!/members/.test(text) || /pool_settings|pool_vocabulary|member_vocabulary"\."member_id" in|"regions"\."id" = \?/.test(text) && !/count/.test(text)) continue
    const st = sqlite.prepare(text)
    const ts: number[] = []
    for (let i = 0; i < 5; i++) { const s = process.hrtime.bigint(); st.all(...(p as unknown[])); ts.push(Number(process.hrtime.bigint() - s) / 1e6) }
    ts.sort((a, b) => a - b)
    console.log(ts[2]!.toFixed(1) + 'ms', text.slice(0, 160))
    console.log('    ' + (sqlite.prepare('explain query plan ' + text).all(...(p as unknown[])) as { detail: string }[]).map((r) => r.detail).join(' | '))
  }
}
