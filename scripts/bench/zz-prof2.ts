import { createDatabase } from '../../db/client.js'
import { createPoolService } from '../../server/modules/pool/pool.service.js'
import { fixedClock } from '../../server/shared/clock.js'
import type { Actor } from '../../server/shared/actor.js'
const { db } = createDatabase({ filename: '/tmp/scratch/search.db' })
const pool = createPoolService({ db, clock: fixedClock('2026-11-28T01:00:00Z') })
const admin: Actor = { userId: 1, username: 'a', displayName: 'a', role: 'admin', regionId: null, scopePath: null, requestId: null, tokenId: null }
const q = JSON.parse(process.argv[2] ?? '{}')
const ts: number[] = []
for (let i = 0; i < 200; i++) { const s = process.hrtime.bigint(); pool.search(admin, { ...q, page: 3, pageSize: 20 }); ts.push(Number(process.hrtime.bigint() - s) / 1e6) }
ts.sort((a, b) => a - b)
console.log('median', ts[100], 'min', ts[0])
