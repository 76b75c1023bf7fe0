/** npm run db:migrate: applies pending migrations to DATABASE_PATH (the service also does this at start). */
import { createDatabase } from '../db/client.js'
import { runMigrations } from '../db/migrate.js'
import { loadConfig } from '../server/config.js'

const config = loadConfig(process.env)
const { db, sqlite } = createDatabase({ filename: config.databasePath })
runMigrations(db)
sqlite.close()
console.log(`migrations applied to ${config.databasePath}`)
