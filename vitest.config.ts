import { defineConfig } from 'vitest/config'

/** Tests of what ships: they run the built bundle (dist/main.mjs, dist/web) as `npm start` does. */
const SHIPPED = ['test/app/bundle.test.ts', 'test/browser/**/*.test.ts']

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { TZ: 'UTC' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: SHIPPED, sequence: { groupOrder: 0 } } },
      // built once for all of them (test/global-build.ts), after the unit tests; browser pages are heavy, so at most two files at once
      { extends: true, test: { name: 'shipped', include: SHIPPED, globalSetup: ['test/global-build.ts'], sequence: { groupOrder: 1 }, maxWorkers: 2, testTimeout: 60_000, hookTimeout: 120_000 } }
    ]
  }
})
