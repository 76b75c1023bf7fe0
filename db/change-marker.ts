import type Database from 'better-sqlite3'

export type ChangeMarker = (options?: { fresh?: boolean }) => string | null

const markers = new WeakMap<Database.Database, ChangeMarker>()

/**
 * For in-memory caches of database reads: a value that changes whenever what the database holds may
 * have changed. It combines this connection's writes (`total_changes()`, which reads no pages, checked on
 * every call) with commits by other connections or processes (`PRAGMA data_version`). Inside a
 * transaction it returns null: what is read there may still be rolled back, so it must not be cached.
 *
 * `PRAGMA data_version` opens a read transaction, the dearest part of a cached request. It is read afresh
 * when asked (`fresh: true`: the token check at the start of every request does) and otherwise reused
 * within the same turn of the event loop, so a request reads it once: what another process commits while
 * a request is being served is seen by the next one.
 */
export function changeMarker (sqlite: Database.Database): ChangeMarker {
  let marker = markers.get(sqlite)
  if (!marker) {
    const own = sqlite.prepare('SELECT total_changes()').pluck()
    const others = sqlite.prepare('PRAGMA data_version').pluck()
    let othersThisTurn: unknown = null
    const forget = () => { othersThisTurn = null }
    marker = ({ fresh = false } = {}) => {
      if (sqlite.inTransaction) return null
      if (fresh || othersThisTurn === null) {
        if (othersThisTurn === null) setImmediate(forget)
        othersThisTurn = others.get()
      }
      return `${String(own.get())}:${String(othersThisTurn)}`
    }
    markers.set(sqlite, marker)
  }
  return marker
}
