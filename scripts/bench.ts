/**
 * npm run bench [-- <prefix>...]: prints one line per figure, `<name> <value> <unit>`, followed by the data
 * sizes measured. Each module contributes a scripts/bench/<module>.bench.ts exporting `figures`.
 *
 * Each module's figures run in a process of their own, so that what one measurement leaves on the heap (a
 * million-hearing database's rows, a 100,000-member pool, fonts) does not slow the garbage collection of the
 * next one. A module's figures share their process (the throughput figures share one measurement).
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Figure } from './bench/types.js'

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench')
const MODULE_FLAG = '--module'
const args = process.argv.slice(2)
const moduleFile = args[0] === MODULE_FLAG ? args[1] : undefined
const prefixes = moduleFile === undefined ? args : args.slice(2)
const selects = (name: string) => prefixes.length === 0 || prefixes.some((p) => name.startsWith(p))

async function figuresOf (file: string) {
  return (await import(pathToFileURL(join(dir, file)).href) as { figures: Figure[] }).figures
}

if (moduleFile !== undefined) {
  // a child: measure this module's selected figures
  for (const figure of (await figuresOf(moduleFile)).filter((f) => selects(f.name))) {
    const result = await figure.run()
    if ('skipped' in result) console.log(`# ${figure.name} skipped: ${result.skipped}`)
    else console.log(`${figure.name} ${result.value} ${result.unit}${result.sizes ? `  # ${result.sizes}` : ''}`)
  }
} else {
  const modules: { file: string, names: string[] }[] = []
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()) {
    modules.push({ file, names: (await figuresOf(file)).map((f) => f.name) })
  }
  const selected = modules.filter((m) => m.names.some(selects))
  if (selected.length === 0) {
    console.error(`no figure starts with ${prefixes.map((p) => `"${p}"`).join(' or ')}; known: ${modules.flatMap((m) => m.names).join(', ')}`)
    process.exit(2)
  }
  for (const { file } of selected) {
    // the same node and loader flags (tsx) as this process
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), MODULE_FLAG, file, ...prefixes], { stdio: 'inherit' })
    if (child.status !== 0) process.exit(child.status ?? 1)
  }
}
