import { eq } from 'drizzle-orm'
import { appSecretsTable } from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'

export function findSecret (db: DbOrTx, name: string) {
  return db.select().from(appSecretsTable).where(eq(appSecretsTable.name, name)).get()
}

/** Inserts the secret unless one of that name exists already (another process may have won the race). */
export function insertSecretIfAbsent (db: DbOrTx, values: { name: string, value: string, createdAt: Date }) {
  db.insert(appSecretsTable).values(values).onConflictDoNothing().run()
}
