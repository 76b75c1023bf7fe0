import { describe, expect, test } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { DEFAULT_RULESET, PRESETS } from '../../server/modules/rulesets/rulesets.config.js'
import { projectPath } from '../../server/common/paths.js'

/** The codes a source reference may cite: S0–S27 with letters (S3b), S-A1…, P1…. */
const CODE = /\bS-A\d+\b|\bS\d+[a-z]?\b|\bP\d+\b/g
const bibliography = readFileSync(projectPath('docs', 'sources.md'), 'utf8')
const entries = new Set([...bibliography.matchAll(/^### (\S+)$/gm)].map((m) => m[1]))

function rulesetRefs () {
  const refs: { where: string, ref: string }[] = []
  for (const [path, source] of Object.entries(DEFAULT_RULESET.sources)) refs.push({ where: `national default ${path}`, ref: source.ref })
  for (const preset of PRESETS) {
    for (const [path, source] of Object.entries(preset.config.sources)) refs.push({ where: `${preset.id} ${path}`, ref: source.ref })
  }
  return refs
}

function filesUnder (dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : [full]
  })
}

describe('every citation resolves to docs/sources.md', () => {
  test('the bibliography has entries for the statutes, the local rules, the analogies and the peer practice', () => {
    for (const code of ['S0', 'S1b', 'S3b', 'S7', 'S-A5', 'S-A10', 'P1', 'P2', 'P3']) expect(entries, code).toContain(code)
  })

  test('each ruleset value of the national default and of every preset cites codes that have an entry', () => {
    const refs = rulesetRefs()
    expect(refs.length).toBeGreaterThan(50)
    const unresolved = refs.flatMap(({ where, ref }) => [...ref.matchAll(CODE)].map((m) => m[0]).filter((code) => !entries.has(code)).map((code) => `${where}: ${code}`))
    expect(unresolved).toEqual([])
  })

  test('a source names a source: no ruleset reference is without a code or points to notes outside the repository', () => {
    const cites = new RegExp(CODE.source)
    for (const { where, ref } of rulesetRefs()) expect(ref, where).not.toMatch(/DOMAIN|ANCHORS|议题|shared\//)
    const uncited = rulesetRefs().filter(({ ref }) => !cites.test(ref) && !/《[^》]+》/.test(ref))
    expect(uncited.map((r) => r.where)).toEqual([])
  })

  test('nothing in the repository points to the notes it was built from, or to issues', () => {
    const roots = ['server', 'db', 'templates', 'docs', 'scripts', 'test', 'web'].map((d) => projectPath(d)).filter((d) => { try { return statSync(d).isDirectory() } catch { return false } })
    const files = [...roots.flatMap(filesUnder), projectPath('README.md')]
      .filter((f) => /\.(ts|js|mjs|vue|json|md|sql|txt|html|css)$/.test(f) && !f.includes('node_modules') && !f.endsWith(join('test', 'docs', 'sources.test.ts')) && !f.endsWith(join('test', 'modules', 'rulesets', 'rulesets.config.test.ts')))
    const forbidden = [/shared\/(DOMAIN|ANCHORS|STYLE|STACK|seed|hooks)\b/, /DOMAIN\.md/, /ANCHORS/, /STYLE\.md/, /STACK\.md/, /议题\s*\d/, /\bissue #?\d+\b/i]
    const hits = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8')
      return forbidden.filter((re) => re.test(text)).map((re) => `${relative(projectPath(), file)}: ${re}`)
    })
    expect(hits).toEqual([])
  })
})
