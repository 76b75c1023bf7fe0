import { eq } from 'drizzle-orm'
import { appSecretsTable, installationTable } from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'

export function findSecret (db: DbOrTx, name: string) {
  return db.select().from(appSecretsTable).where(eq(appSecretsTable.name, name)).get()
}

/** Inserts the secret unless one of that name exists already (another process may have won the race). */
export function insertSecretIfAbsent (db: DbOrTx, values: { name: string, value: string, createdAt: Date }) {
  db.insert(appSecretsTable).values(values).onConflictDoNothing().run()
}

const SINGLETON = 1

export function findInstallationRow (db: DbOrTx) {
  return db.select({ id: installationTable.id }).from(installationTable).where(eq(installationTable.singleton, SINGLETON)).get()
}

/** Stores the installation id unless one is stored already. */
export function insertInstallationIfAbsent (db: DbOrTx, values: { id: string, createdAt: Date }) {
  db.insert(installationTable).values({ singleton: SINGLETON, ...values }).onConflictDoNothing().run()
}
