import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The project root (the folder with package.json), found from this file upward, so that paths to
 * templates/, db/migrations/ and fonts work both from the sources (tsx) and from the bundle in dist/.
 */
function findRoot (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
}

export const PROJECT_ROOT = findRoot()
export const projectPath = (...parts: string[]) => join(PROJECT_ROOT, ...parts)
