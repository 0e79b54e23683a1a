// The layers of ARCHITECTURE (docs/architecture.md § Layers): imports point down only, no file
// circles (type-only imports count: `tsPreCompilationDeps`). Run by `npm run check`.
const OWN = '^(src|providers)/'

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A file circle means neither side can be read without the other.',
      from: { path: OWN },
      to: { circular: true },
    },
    {
      name: 'contract-imports-nothing-of-ours',
      severity: 'error',
      comment: 'src/contract is the bottom layer: the public schemas, errors, ids, cursors, field policy.',
      from: { path: '^src/contract/' },
      to: { path: OWN, pathNot: '^src/contract/' },
    },
    {
      name: 'kit-imports-only-the-contract',
      severity: 'error',
      comment: 'providers/kit is built on src/contract alone.',
      from: { path: '^providers/kit/' },
      to: { path: OWN, pathNot: '^(src/contract/|providers/kit/)' },
    },
    {
      name: 'provider-imports-only-kit-and-contract',
      severity: 'error',
      comment:
        'A vendor folder imports its own files, providers/kit and src/contract; never another vendor or a service.',
      from: { path: '^providers/([^/]+)/', pathNot: '^providers/kit/' },
      to: { path: OWN, pathNot: ['^src/contract/', '^providers/kit/', '^providers/$1/'] },
    },
    {
      name: 'registry-lists-providers-only',
      severity: 'error',
      from: { path: '^providers/registry\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'services-do-not-import-routes',
      severity: 'error',
      comment:
        'Services (and src/lib, shared with them) sit below routes, middleware and the app: they never import them.',
      from: { path: '^src/', pathNot: '^src/(routes/|middleware/|app\\.ts$|index\\.ts$)' },
      to: { path: '^src/(routes/|middleware/|app\\.ts$|index\\.ts$)' },
    },
    {
      name: 'no-tests-in-the-product',
      severity: 'error',
      from: { path: OWN },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    // TypeScript 7 has no compiler API for the cruiser to use; swc parses the sources, type-only imports included.
    // Run through scripts/imports.mjs (npm run imports), which turns swc's JSX on for .tsx files, so the
    // console's pages (src/routes/console) are parsed and checked like every other file.
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
}
