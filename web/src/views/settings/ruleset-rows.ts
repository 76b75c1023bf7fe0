/** The source tags the service gives each ruleset value (docs/rulesets.md), in words. */
export const SOURCE_TAG_LABELS: Record<string, string> = {
  NAT: '国家规定',
  WIDE: '各地通行',
  LOCAL: '地方规定',
  SEED: '本单位规程',
  ANALOG: '类比其他听证',
  INFER: '推定'
}

export type RulesetRow = { path: string, value: string, tag: string | null, tagLabel: string, ref: string }

type Source = { tag: string, ref: string }
type Config = Record<string, unknown> & { sources?: Record<string, Source> }

function isPlain (v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function show (v: unknown): string {
  if (v === null) return '无（不限）'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (typeof v === 'string' || typeof v === 'number') return String(v)
  return JSON.stringify(v)
}

/**
 * A ruleset's configuration as rows: every value (leaf; lists as one value) with the source the service gives it
 * in `config.sources`, keyed by the value's path or by the path of the object holding it.
 */
export function rulesetRows (config: Config): RulesetRow[] {
  const sources = config.sources ?? {}
  const rows: RulesetRow[] = []
  const walk = (value: unknown, path: string) => {
    if (isPlain(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (path === '' && k === 'sources') continue
        walk(v, path === '' ? k : `${path}.${k}`)
      }
      return
    }
    let source: Source | undefined
    for (let p = path; p !== '' && source === undefined; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') source = sources[p]
    rows.push({ path, value: show(value), tag: source?.tag ?? null, tagLabel: source ? SOURCE_TAG_LABELS[source.tag] ?? '' : '', ref: source?.ref ?? '' })
  }
  walk(config, '')
  return rows
}
