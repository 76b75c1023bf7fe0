// The layout's rules, checked by `npm run lint:deps` (part of .ci/run). README § "Module map" explains them.
//
// Layers, from the bottom: db/ (tables, connection, migrations, scope SQL) ← server/common/ (pure helpers) ←
// server/modules/<concept>/ ← server/plugins/ (fastify plugins) ← server/services.ts, server/app.ts (composition).
// A module reaches another module only through the names the other module offers: its service, its errors, its pure
// rules, its types. Its repository (the SQL) and the tables stay its own.

/**
 * Files of another module that a module may import: its use cases (`x.service.ts`, `x.<topic>.service.ts`), its
 * pure rules (`x.rules.ts`, `x.<topic>.rules.ts`), its errors and types, the audit recorder other use cases write
 * through inside their own transaction, and the ruleset's schema and defaults (`rulesets.config.ts`).
 */
const PUBLIC_FILES = '[.](service|errors|rules|types)[.]ts$|^server/modules/audit/audit[.]recorder[.]ts$|^server/modules/rulesets/rulesets[.]config[.]ts$'
/** Shared kernels: pure libraries without tables or routes, used whole by the modules that need them. */
const KERNELS = '^server/modules/(draw|documents)/'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle between files: a cycle means two files are one concept or one of them is in the wrong place.',
      from: {},
      to: { circular: true }
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment: 'No import cycle between folders (modules, plugins, common, db): layers point one way.',
      scope: 'folder',
      from: {},
      to: { circular: true }
    },
    {
      name: 'module-through-its-names',
      severity: 'error',
      comment: 'Another module is reached through its service, errors, rules or types, never its repository, routes or internals.',
      from: { path: '^server/modules/([^/]+)/' },
      to: {
        path: '^server/modules/([^/]+)/',
        pathNot: ['^server/modules/$1/', PUBLIC_FILES, KERNELS]
      }
    },
    {
      name: 'tables-through-repositories',
      severity: 'error',
      comment: 'Only a repository (or db/ itself) touches the tables; everything else asks a repository by name.',
      from: { path: '^server/', pathNot: '[.]repository[.]ts$' },
      to: { path: '^db/schema/', pathNot: '^db/schema/enums[.]ts$', dependencyTypesNot: ['type-only'] }
    },
    {
      name: 'server-not-from-scripts-or-tests',
      severity: 'error',
      comment: 'What ships does not import the scripts or the tests.',
      from: { path: '^(server|db)/' },
      to: { path: '^(scripts|test)/' }
    },
    {
      name: 'kernels-are-pure',
      severity: 'error',
      comment: 'A shared kernel knows no module with state: only other kernels, pure rules files (`*.rules.ts`), the ruleset schema and server/common/.',
      from: { path: KERNELS },
      to: { path: '^server/modules/', pathNot: [KERNELS, '[.]rules[.]ts$', '^server/modules/rulesets/rulesets[.]config[.]ts$'] }
    },
    {
      name: 'db-below-server',
      severity: 'error',
      comment: 'db/ is the bottom layer: it does not import from server/.',
      from: { path: '^db/' },
      to: { path: '^server/' }
    },
    {
      name: 'common-below-modules',
      severity: 'error',
      comment: 'server/common/ holds helpers that know no domain module, plugin or the composition root.',
      from: { path: '^server/common/' },
      to: { path: '^server/(modules|plugins)/|^server/(services|app|main)[.]ts$' }
    },
    {
      name: 'modules-below-plugins',
      severity: 'error',
      comment: 'A module does not import fastify plugins or the composition root; what a plugin and a route share lives in server/common/.',
      from: { path: '^server/modules/' },
      to: { path: '^server/plugins/|^server/(services|app|main)[.]ts$' }
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'Every import resolves.',
      from: {},
      to: { couldNotResolve: true }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(server|db|scripts|test)/',
    exclude: { path: '^db/migrations/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json']
    }
  }
}
