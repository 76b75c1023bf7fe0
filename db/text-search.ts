import { sql, type Column, type SQL } from 'drizzle-orm'

// Name search over the organisations_fts index (organisation names and aliases, trigram tokenizer; see the migrations).

/** A LIKE pattern matching `q` anywhere, with LIKE's wildcards escaped (use with `escape '\\'`). */
export function likePattern (q: string) {
  return '%' + q.replace(/[%_\\]/g, (c) => '\\' + c) + '%'
}

/** `q` as one FTS5 phrase. */
export function ftsPhrase (q: string) {
  return '"' + q.replace(/"/g, '""') + '"'
}

/**
 * SQL condition: the organisation id in `idColumn` has a name or alias containing `q`. Trigram full-text needs three
 * characters; shorter queries (a two-character 简称) scan with LIKE.
 */
export function organisationNameMatches (idColumn: Column, q: string): SQL {
  if ([...q].length >= 3) {
    return sql`${idColumn} in (select rowid from organisations_fts where organisations_fts match ${ftsPhrase(q)})`
  }
  return sql`${idColumn} in (select rowid from organisations_fts where names like ${likePattern(q)} escape '\\')`
}
