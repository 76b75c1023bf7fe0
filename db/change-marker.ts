import type Database from 'better-sqlite3'

const markers = new WeakMap<Database.Database, () => string | null>()

/**
 * For in-memory caches of database reads: a value that changes whenever what the database holds may
 * have changed. It combines this connection's writes (`total_changes()`, which reads no pages) with
 * commits by other connections or processes (`PRAGMA data_version`). Inside a transaction it returns
 * null: what is read there may still be rolled back, so it must not be cached.
 */
export function changeMarker (sqlite: Database.Database): () => string | null {
  let marker = markers.get(sqlite)
  if (!marker) {
    const own = sqlite.prepare('SELECT total_changes()').pluck()
    const others = sqlite.prepare('PRAGMA data_version').pluck()
    marker = () => sqlite.inTransaction ? null : `${String(own.get())}:${String(others.get())}`
    markers.set(sqlite, marker)
  }
  return marker
}
