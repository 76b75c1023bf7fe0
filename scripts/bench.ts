/**
 * npm run bench [-- <prefix>...]: prints one line per figure, `<name> <value> <unit>`, followed by the data
 * sizes measured. Each module contributes a scripts/bench/<module>.bench.ts exporting `figures`.
 */
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Figure } from './bench/types.js'

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench')
const prefixes = process.argv.slice(2)

const figures: Figure[] = []
for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()) {
  const mod = await import(pathToFileURL(join(dir, file)).href) as { figures: Figure[] }
  figures.push(...mod.figures)
}

const selected = figures.filter((f) => prefixes.length === 0 || prefixes.some((p) => f.name.startsWith(p)))
if (selected.length === 0) {
  console.error(`no figure starts with ${prefixes.map((p) => `"${p}"`).join(' or ')}; known: ${figures.map((f) => f.name).join(', ')}`)
  process.exit(2)
}
for (const figure of selected) {
  const result = await figure.run()
  if ('skipped' in result) console.log(`# ${figure.name} skipped: ${result.skipped}`)
  else console.log(`${figure.name} ${result.value} ${result.unit}${result.sizes ? `  # ${result.sizes}` : ''}`)
}
