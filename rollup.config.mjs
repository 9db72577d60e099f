// Builds the elements for a plain <script type="module"> tag: one file per element, shared chunks.
import { readdirSync, rmSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const src = 'packages/elements/src';
const dist = 'packages/elements/dist';
rmSync(dist, { recursive: true, force: true }); // no stale chunks from earlier builds
const input = Object.fromEntries(
  readdirSync(src)
    .filter((f) => /^arrivo-[a-z-]+\.ts$/.test(f))
    .map((f) => [f.replace(/\.ts$/, ''), `${src}/${f}`]),
);

export default {
  input,
  // Dependencies' own circular imports and comment placement are theirs to fix, not ours to read.
  onwarn(warning, warn) {
    const inDependency = [warning.id, ...(warning.ids ?? [])].some((id) => id?.includes('node_modules'));
    if (!inDependency) warn(warning);
  },
  output: {
    dir: dist,
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  plugins: [
    // Resolve the workspace's TypeScript sources (e.g. @arrivo/core) as well as node_modules.
    nodeResolve({ browser: true, extensions: ['.ts', '.js'], exportConditions: ['production'] }),
    esbuild({ tsconfig: 'packages/elements/tsconfig.json', target: 'es2022' }),
    terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } }),
  ],
};
