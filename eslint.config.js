import neostandard from 'neostandard'
import pluginVue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

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
  ...neostandard({ ts: true, ignores: ['node_modules', 'data', 'dist', 'coverage', 'db/migrations', '.vitest-report.json', 'web/src/api/schema.d.ts', 'test-artifacts'] }),
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
  // the web interface's single-file components: Vue's recommended rules, TypeScript in <script setup lang="ts">
  ...pluginVue.configs['flat/recommended'].map((config) => ({ ...config, files: ['web/**/*.vue'] })),
  {
    files: ['web/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
    rules: {
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/html-self-closing': ['error', { html: { void: 'always', normal: 'never', component: 'always' } }]
    }
  },
  {
    files: ['scripts/**/*.ts'],
    rules: { 'no-console': 'off' }
  }
]
