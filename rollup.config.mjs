// Builds the elements twice from the same sources:
// - cdn/  for a plain <script type="module"> tag: everything bundled and minified, one file per
//         element, shared chunks with content hashes. The server serves it at /elements/*.
// - dist/ for a consumer's bundler (the npm package): Lit, ky and the other dependencies stay
//         imports so the consumer's bundler shares one copy of each; our workspace's @arrivo/core
//         (not published) is bundled in. Its .d.ts come from scripts/build-types.mjs.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import minifyLiterals from '@lit-labs/rollup-plugin-minify-html-literals';

const root = 'packages/elements';
const src = `${root}/src`;
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
for (const out of ['cdn', 'dist']) rmSync(`${root}/${out}`, { recursive: true, force: true }); // no stale chunks

// First-party plugins' client halves, each one file for a `<script type="module">` on the pages
// that use it (never part of an element's bundle): packages/plugin-<name>/cdn/client.js.
const pluginClients = readdirSync('packages')
  .filter((d) => d.startsWith('plugin-') && existsSync(`packages/${d}/src/client.ts`))
  .map((d) => `packages/${d}`);
for (const dir of pluginClients) rmSync(`${dir}/cdn`, { recursive: true, force: true });

const elements = Object.fromEntries(
  readdirSync(src)
    .filter((f) => /^arrivo-[a-z-]+\.ts$/.test(f))
    .map((f) => [f.replace(/\.ts$/, ''), `${src}/${f}`]),
);

// Dependencies' own circular imports and comment placement are theirs to fix, not ours to read.
function onwarn(warning, warn) {
  const inDependency = [warning.id, ...(warning.ids ?? [])].some((id) => id?.includes('node_modules'));
  if (!inDependency) warn(warning);
}

// @lit/localize's runtime module sets up its state at load, so bundlers keep it whenever anything
// is imported from '@lit/localize'. Only setArrivoLocale needs it, and loads it with the first
// translation: an English page never downloads it.
const treeshake = { moduleSideEffects: (id) => !id.includes('@lit/localize/init/runtime.js') };

const compile = () => [
  // Resolve the workspace's TypeScript sources (e.g. @arrivo/core) as well as node_modules.
  nodeResolve({ browser: true, extensions: ['.ts', '.js'], exportConditions: ['production'] }),
  esbuild({ tsconfig: `${root}/tsconfig.json`, target: 'es2022' }),
];

// What the npm build leaves to the consumer: the package's runtime dependencies and their subpaths.
const runtimeDependencies = Object.keys(pkg.dependencies ?? {});
const isRuntimeDependency = (id) => runtimeDependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));

export default [
  {
    input: elements,
    // Entry chunks may export what another entry needs (the portal loads the other elements'
    // files themselves rather than facades of them).
    preserveEntrySignatures: 'allow-extension',
    onwarn,
    treeshake,
    output: {
      dir: `${root}/cdn`,
      format: 'es',
      entryFileNames: '[name].js',
      // Only chunks carry a content hash: the server caches `chunks/*` as immutable.
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: true,
      // A chunk under 1 KB costs more in its own request and gzip frame than it saves.
      experimentalMinChunkSize: 1000,
    },
    plugins: [minifyLiterals({ include: [`${src}/**/*.ts`], failOnError: true }), ...compile(), terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } })],
  },
  {
    input: { index: `${src}/index.ts`, ...elements },
    preserveEntrySignatures: 'allow-extension',
    onwarn,
    external: isRuntimeDependency,
    output: {
      dir: `${root}/dist`,
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: true,
    },
    plugins: compile(),
  },
  // Written against @arrivo/sdk/client only, with the element's Lit handed to its renderers: the
  // file bundles its own copy of the SDK's registry code, which shares the page-wide registry.
  ...pluginClients.map((dir) => ({
    input: { client: `${dir}/src/client.ts` },
    onwarn,
    output: { dir: `${dir}/cdn`, format: 'es', entryFileNames: '[name].js', sourcemap: true },
    plugins: [...compile(), terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } })],
  })),
];
