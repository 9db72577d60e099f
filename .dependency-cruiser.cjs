// The package and layer rules, checked by `npm run lint:deps` (part of `npm test`).
// TypeScript 7 has no compiler API, so sources are read through Babel's TypeScript preset: imports
// used only as types are dropped before the check, which is what the "values only" rules mean.
const SRC = '^packages/[^/]+/src/';
const OURS = '^(packages|plugins|demo)/';

module.exports = {
  forbidden: [
    {
      name: 'core-is-the-kernel',
      comment: 'core imports nothing of ours: every other package builds on it.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: OURS, pathNot: '^packages/core/' },
    },
    {
      name: 'sdk-on-core-only',
      comment: 'The SDK ships to third parties: it may use core and nothing else of ours.',
      severity: 'error',
      from: { path: '^packages/sdk/', pathNot: '^packages/sdk/src/testing/' },
      to: { path: OURS, pathNot: '^packages/(sdk|core)/' },
    },
    {
      name: 'sdk-testing-on-the-real-server',
      comment: 'Only @arrivo/sdk/testing (dev-time) runs the real server (and seeds through it, never the demo: the package is published without demo/); nothing else of ours.',
      severity: 'error',
      from: { path: '^packages/sdk/src/testing/' },
      to: { path: OURS, pathNot: '^packages/(sdk|core|server)/' },
    },
    {
      name: 'sdk-entries-never-load-testing',
      comment: 'The ./server and ./client entries ship to production: they never pull the testing harness (and so the server) in.',
      severity: 'error',
      from: { path: '^packages/sdk/', pathNot: '^packages/sdk/src/testing/' },
      to: { path: '^packages/sdk/src/testing/' },
    },
    {
      name: 'server-on-core-and-sdk',
      comment: 'The server builds on core and the SDK, never on elements, plugins or the demo.',
      severity: 'error',
      from: { path: '^packages/server/' },
      to: { path: OURS, pathNot: '^packages/(server|core|sdk)/' },
    },
    {
      name: 'elements-on-core-and-sdk',
      comment: 'Elements run in the browser: core and the SDK only; server code at most as types (import type).',
      severity: 'error',
      from: { path: '^packages/elements/', pathNot: '\\.test\\.ts$' },
      to: { path: OURS, pathNot: '^packages/(elements|core|sdk)/' },
    },
    {
      name: 'element-tests-on-plugin-client-halves',
      comment: 'Element tests may also load a plugin’s client half (packages/plugin-*/src/client.ts), as a page does.',
      severity: 'error',
      from: { path: '^packages/elements/.*\\.test\\.ts$' },
      to: { path: OURS, pathNot: ['^packages/(elements|core|sdk)/', '^packages/plugin-[^/]+/src/(client|messages)\\.ts$'] },
    },
    {
      name: 'admin-console-stays-in-its-entry',
      comment: 'Only the admin console (its entry and its folder) loads its screens and the admin API module: customer pages never pay for them.',
      severity: 'error',
      from: { path: '^packages/elements/src/', pathNot: '^packages/elements/src/(components/admin-console/|arrivo-admin-console\\.ts$)' },
      to: { path: '^packages/elements/src/(components/admin-console/|arrivo-admin-console\\.ts$|api/admin(-setup|-booking)?\\.ts$)' },
    },
    {
      name: 'plugins-on-sdk-only',
      comment: 'Plugins see Arrivo through the SDK alone, so the server can change underneath them.',
      severity: 'error',
      // Each plugin package may use itself and the SDK, nothing else of ours (not even core directly).
      from: { path: '^packages/plugin-([^/]+)/', pathNot: ['^packages/plugin-[^/]+/test/', '\\.test\\.ts$'] },
      to: { path: OURS, pathNot: ['^packages/plugin-$1/', '^packages/sdk/'] },
    },
    {
      name: 'plugin-tests-on-the-test-harness',
      comment: 'A plugin’s tests may also start the server’s test app (packages/server/test), never server sources.',
      severity: 'error',
      from: { path: '^packages/plugin-([^/]+)/(test/|.*\\.test\\.ts$)' },
      to: { path: OURS, pathNot: ['^packages/plugin-$1/', '^packages/sdk/', '^packages/server/test/'] },
    },
    {
      name: 'routes-call-services',
      comment: 'Routes validate and answer; they call services, never queries or the database handle.',
      severity: 'error',
      from: { path: '^packages/server/src/routes/', pathNot: '\\.test\\.ts$' },
      to: { path: '^packages/server/src/db/(queries/|client\\.ts$)' },
    },
    {
      name: 'queries-below-services',
      comment: 'Queries are the bottom layer: they know nothing of services, routes or HTTP.',
      severity: 'error',
      from: { path: '^packages/server/src/db/queries/' },
      to: { path: '^packages/server/src/(services|routes|http)/' },
    },
    {
      name: 'services-below-routes',
      comment: 'Services hold the rules and transactions; HTTP routes sit on top of them.',
      severity: 'error',
      from: { path: '^packages/server/src/services/' },
      to: { path: '^packages/server/src/routes/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|cdn|generated)/' },
    babelConfig: { fileName: '.dependency-cruiser.babel.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'default'], extensions: ['.ts', '.js', '.mjs'] },
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
