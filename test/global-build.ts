import { execFileSync } from 'node:child_process'
import type { TestProject } from 'vitest/node'
import { PROJECT_ROOT } from '../db/project-root.js'

declare module 'vitest' {
  interface ProvidedContext {
    /** What `npm run build` printed (it should print nothing). */
    buildOutput: string
  }
}

/**
 * Before the tests of what ships (the bundle over HTTP, the web interface in Chromium): builds dist/ once with the
 * project's own build script, as `npm start` does, so every such test file runs against the same build.
 */
export default function setup (project: TestProject) {
  const output = execFileSync('npm', ['run', 'build', '--silent'], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  project.provide('buildOutput', output)
}
