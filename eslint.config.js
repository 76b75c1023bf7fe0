import neostandard from 'neostandard'

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
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name='transaction']",
        message: 'Start use-case transactions with writeTransaction(db, fn) from db/client.ts (BEGIN IMMEDIATE).'
      }]
    }
  },
  {
    files: ['scripts/**/*.ts'],
    rules: { 'no-console': 'off' }
  }
]
