import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The project root: the nearest folder above this module that holds both package.json and db/migrations. This
 * module is db/project-root.ts in the sources and part of dist/main.mjs in the bundle, so the walk upward
 * finds the same folder from both, whatever the working directory. Everything the service reads at run time
 * (templates, migrations, packages in node_modules) is located from here, never from the file that reads it:
 * inside the bundle every module shares one import.meta.url.
 */
function findRoot (): string {
  const start = dirname(fileURLToPath(import.meta.url))
  let dir = start
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'db', 'migrations'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`tingzheng: project folder (package.json and db/migrations) not found above ${start}`)
    dir = parent
  }
}

export const PROJECT_ROOT = findRoot()
