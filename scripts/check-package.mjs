// `npm run test:package` (after `npm run build`): the npm packages as a consumer gets them. First,
// @arrivo/sdk: none of its entries (`./testing` included, which runs the server) may reach into the
// demo, which is never published. Then packs @arrivo/elements, installs the tarball into a
// throw-away project (dependencies from npm's cache, else the registry), bundles a consumer with
// esbuild and type-checks it with tsc under both `bundler` and `nodenext` resolution. Exits 1 with
// what went wrong.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const repo = resolve(import.meta.dirname, '..');
const elements = join(repo, 'packages', 'elements');
const tsc = join(repo, 'node_modules', '.bin', 'tsc');
const started = Date.now();

// 0. @arrivo/sdk stands on published packages only: follow every import of each entry through our
// workspace packages (other packages left external) and refuse any file under demo/ or a
// dependency on @arrivo/demo.
{
  const sdk = JSON.parse(readFileSync(join(repo, 'packages', 'sdk', 'package.json'), 'utf8'));
  const declared = { ...sdk.dependencies, ...sdk.peerDependencies, ...sdk.devDependencies };
  const problems = Object.keys(declared).filter((d) => d === '@arrivo/demo').map((d) => `packages/sdk/package.json lists ${d}`);
  for (const [entry, file] of Object.entries(sdk.exports)) {
    const result = await build({
      absWorkingDir: repo,
      entryPoints: [join(repo, 'packages', 'sdk', file)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [
        {
          name: 'only-ours',
          setup(b) {
            // Bare imports that are not ours stay external; ours are followed (workspace links).
            b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@arrivo/') ? undefined : { path: args.path, external: true }));
          },
        },
      ],
    });
    const reached = Object.keys(result.metafile.inputs).filter((i) => /(^|\/)demo\//.test(i) || i.includes('@arrivo/demo'));
    if (reached.length) problems.push(`@arrivo/sdk/${entry.replace(/^\.\/?/, '')} reaches into the demo (not published): ${reached.slice(0, 5).join(', ')}`);
  }
  if (problems.length) {
    console.error(`Package check failed:\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  console.log(`@arrivo/sdk: ${Object.keys(sdk.exports).join(', ')} reach nothing under demo/`);
}

if (!existsSync(join(elements, 'dist', 'types', 'index.d.ts')) || !existsSync(join(elements, 'cdn'))) {
  console.error('packages/elements is not built: run `npm run build` first.');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'arrivo-consumer-'));
const run = (cmd, args, cwd = dir) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
try {
  // 1. Pack exactly what `npm publish` would publish.
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], elements));
  const files = packed.files.map((f) => f.path);
  for (const expected of ['dist/arrivo-booking-form.js', 'dist/types/arrivo-booking-form.d.ts', 'dist/types/core/index.d.ts', 'cdn/arrivo-portal.js', 'custom-elements.json']) {
    assert.ok(files.includes(expected), `the package lacks ${expected}`);
  }
  assert.ok(!files.some((f) => f.startsWith('src/') || f.endsWith('.ts') && !f.endsWith('.d.ts')), 'the package ships TypeScript sources');
  const manifest = JSON.parse(readFileSync(join(elements, 'package.json'), 'utf8'));
  assert.ok(!Object.keys(manifest.dependencies).some((d) => d.startsWith('@arrivo/')), 'depends on an unpublished @arrivo/* package');

  // 2. A plain project that installs the tarball.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', join(dir, packed.filename)]);

  writeFileSync(
    join(dir, 'main.ts'),
    `import '@arrivo/elements/arrivo-booking-form.js';
import { ArrivoBookedEvent, VERSION } from '@arrivo/elements';

const form: HTMLElementTagNameMap['arrivo-booking-form'] = document.createElement('arrivo-booking-form');
form.api = 'https://book.example.com/api';
form.business = 'rose-city';
form.addEventListener('arrivo-booked', (e: ArrivoBookedEvent) => console.log(e.detail.booking.workOrderNumber, VERSION));
// The types are real, not \`any\`: each line below must be an error.
// @ts-expect-error a booking is an object
const wrong: number = form.booking;
// @ts-expect-error no such element
document.createElement('arrivo-booking-form').nope();
document.body.append(form);
export { wrong };
`,
  );

  // 3. Bundle it as a consumer's bundler would: built JavaScript, no decorators left to compile.
  const bundle = await build({ absWorkingDir: dir, entryPoints: ['main.ts'], bundle: true, format: 'esm', write: false, logLevel: 'silent' });
  const code = bundle.outputFiles[0].text;
  assert.match(code, /customElements/, 'the bundle does not define the elements');
  const resolved = await build({ absWorkingDir: dir, entryPoints: ['main.ts'], bundle: true, write: false, metafile: true, logLevel: 'silent' });
  const inputs = Object.keys(resolved.metafile.inputs);
  assert.ok(inputs.some((i) => i.startsWith('node_modules/@arrivo/elements/dist/')), 'the bundle did not take the package’s dist/');
  assert.ok(!inputs.some((i) => /\/src\/.*\.ts$/.test(i) && i.includes('@arrivo')), 'the bundle compiled TypeScript sources');
  assert.equal(inputs.filter((i) => /node_modules\/lit-html\/lit-html\.js$/.test(i)).length, 1, 'Lit is not shared with the consumer');

  // 4. The types resolve: tsc on the consumer, under bundler and under nodenext resolution.
  for (const [module, moduleResolution] of [['esnext', 'bundler'], ['nodenext', 'nodenext']]) {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'es2022', module, moduleResolution, lib: ['es2023', 'dom', 'dom.iterable'], strict: true, skipLibCheck: false, noEmit: true, types: [] },
        files: ['main.ts'],
      }),
    );
    try {
      run(tsc, ['-p', 'tsconfig.json']);
    } catch (err) {
      throw new Error(`tsc (${moduleResolution}) failed on the consumer:\n${err.stdout}${err.stderr}`);
    }
  }
  console.log(`@arrivo/elements ${packed.version}: packed ${files.length} files (${(packed.size / 1024).toFixed(0)} KB), installed, bundled with esbuild, types checked (bundler, nodenext) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (err) {
  console.error(`Package check failed (project kept in ${dir}):\n${err.stack ?? err}`);
  process.exitCode = 1;
} finally {
  if (!process.exitCode) rmSync(dir, { recursive: true, force: true });
}
