import { createRequire } from 'node:module'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../../db/project-root.js'

/** Run-time files (templates, fonts, packages) are found from the project root (db/project-root.ts), right for the sources and the bundle alike. */

/** An absolute path inside the project, e.g. projectPath('templates', 'documents'). */
export const projectPath = (...parts: string[]) => join(PROJECT_ROOT, ...parts)

/** require() as seen from the project root: resolves the project's own node_modules from the sources and the bundle alike. */
export const projectRequire = createRequire(projectPath('package.json'))
