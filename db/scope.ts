import { and, gte, lt, type Column, type SQL } from 'drizzle-orm'

// Region scoping. A region's `path` is its ancestors' ids and its own, e.g. '/1/12/57/' (a township under a county
// under the city); a user's scope is the path of the region they work in, null for the whole installation.

/** Upper bound for a range scan over every path that starts with `prefix` (which ends in '/'): '0' sorts after '/'. */
export function subtreeUpperBound (prefix: string) {
  return prefix.slice(0, -1) + '0'
}

/** SQL condition: `pathColumn` lies in the subtree whose root has path `prefix` (null: everything). */
export function inSubtree (pathColumn: Column, prefix: string | null): SQL | undefined {
  if (prefix === null) return undefined
  return and(gte(pathColumn, prefix), lt(pathColumn, subtreeUpperBound(prefix)))
}
