import { asc, desc, eq, isNull } from 'drizzle-orm'
import { bulletinsTable, regionsTable, type Bulletin } from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import type { BulletinFigures } from './bulletins.types.js'

/** The root of the region tree (the city), or undefined before any region exists. */
export function cityRegion (db: DbOrTx) {
  return db.select({ id: regionsTable.id, name: regionsTable.name, path: regionsTable.path, level: regionsTable.level })
    .from(regionsTable).where(isNull(regionsTable.parentId)).orderBy(asc(regionsTable.id)).get()
}

export function regionLevel (db: DbOrTx, id: number) {
  return db.select({ level: regionsTable.level }).from(regionsTable).where(eq(regionsTable.id, id)).get()?.level
}

export function insertBulletin (db: DbOrTx, values: typeof bulletinsTable.$inferInsert): Bulletin {
  return db.insert(bulletinsTable).values(values).returning().get()
}

const summaryColumns = {
  id: bulletinsTable.id,
  number: bulletinsTable.number,
  periodFrom: bulletinsTable.periodFrom,
  periodTo: bulletinsTable.periodTo,
  title: bulletinsTable.title,
  issuerName: bulletinsTable.issuerName,
  issuedAt: bulletinsTable.issuedAt,
  issuedByName: bulletinsTable.issuedByName,
  summary: bulletinsTable.summary,
  sha256: bulletinsTable.sha256,
  pageCount: bulletinsTable.pageCount,
  byteSize: bulletinsTable.byteSize
}

export type BulletinSummary = Omit<Bulletin, 'pdf' | 'figures' | 'numberPrefix' | 'numberYear' | 'numberSerial' | 'issuedByUserId'>

/** Every bulletin, newest first, without bytes or figures. */
export function listBulletins (db: DbOrTx): BulletinSummary[] {
  return db.select(summaryColumns).from(bulletinsTable).orderBy(desc(bulletinsTable.issuedAt), desc(bulletinsTable.id)).all()
}

/** One bulletin with its bytes; the figures JSON decoded to the type it was stored as. */
export function findBulletin (db: DbOrTx, id: number): (Omit<Bulletin, 'figures'> & { figures: BulletinFigures }) | undefined {
  const row = db.select().from(bulletinsTable).where(eq(bulletinsTable.id, id)).get()
  return row ? { ...row, figures: row.figures as BulletinFigures } : undefined
}
