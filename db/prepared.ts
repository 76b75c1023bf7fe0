import { sql } from 'drizzle-orm'
import type { DbOrTx } from './client.js'

/**
 * A query built and prepared once per database handle, for statements that run on every request or every
 * check: building a drizzle query costs more than running it against an index. Pass placeholders
 * (`sql.placeholder`) for the values; `json_each` over a bound JSON array serves lists of any length.
 */
export function preparedPerHandle<T> (build: (db: DbOrTx) => T): (db: DbOrTx) => T {
  const cache = new WeakMap<object, T>()
  return (db) => {
    let query = cache.get(db)
    if (!query) { query = build(db); cache.set(db, query) }
    return query
  }
}

/** `(select value from json_each(:name))`: the members of a JSON array bound to placeholder `name`, for `x in …`. */
export const jsonArrayValues = (name: string) => sql`(select value from json_each(${sql.placeholder(name)}))`
