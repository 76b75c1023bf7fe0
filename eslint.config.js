import neostandard from 'neostandard'

const TRANSACTION = {
  selector: "CallExpression[callee.property.name='transaction']",
  message: 'Start use-case transactions with writeTransaction(db, fn) from db/client.ts (BEGIN IMMEDIATE).'
}
// Inside dist/main.mjs every module shares one import.meta.url, so a path built from it points elsewhere.
const IMPORT_META = {
  selector: "MetaProperty[meta.name='import'][property.name='meta']",
  message: 'Locate files with projectPath() / projectRequire() from server/common/paths.ts (root: db/project-root.ts), which is right for the sources and the bundle alike.'
}

export default [
  ...neostandard({ ts: true, ignores: ['node_modules', 'data', 'dist', 'coverage', 'db/migrations', '.vitest-report.json'] }),
  {
    rules: {
      'no-console': 'error',
      // TypeBox idiom: a schema value and its Static<> type share one name.
      '@typescript-eslint/no-redeclare': 'off',
      'no-void': ['error', { allowAsStatement: true }]
    }
  },
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', TRANSACTION, IMPORT_META] }
  },
  {
    files: ['db/**/*.ts'],
    ignores: ['db/project-root.ts'],
    rules: { 'no-restricted-syntax': ['error', IMPORT_META] }
  },
  {
    files: ['scripts/**/*.ts'],
    rules: { 'no-console': 'off' }
  }
]
