// The ten-minute walk-through in docs/plugins.md, followed literally: scaffold the plugin, replace
// its files with the guide's code blocks (each marked `<!-- walkthrough: <file> -->` just before its
// fence), type-check them (the guide's arrivo.config.ts too), and run the guide's own test with
// vitest against the real harness. If this fails, the guide is wrong.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..');
// Inside the repo, so the plugin resolves @arrivo/sdk, zod and vitest as a workspace package does.
const dir = mkdtempSync(join(repo, 'packages', '.walkthrough-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The guide's marked code blocks, by the file each one is. */
function walkthroughBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const m of markdown.matchAll(/^<!-- walkthrough: (\S+) -->\n(`{3,})[\w-]*\n([\s\S]*?)\n\2$/gm)) {
    if (blocks.has(m[1]!)) throw new Error(`docs/plugins.md marks two blocks as ${m[1]}`);
    blocks.set(m[1]!, `${m[3]}\n`);
  }
  return blocks;
}

const run = (command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) =>
  new Promise<{ status: number | null; output: string }>((done) => {
    // Not spawnSync: the worker stays responsive while the child runs for a minute or more.
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (status) => done({ status, output }));
  });

describe('docs/plugins.md walk-through', () => {
  it('finds the marked blocks of the walk-through, once each', () => {
    const blocks = walkthroughBlocks(readFileSync(join(repo, 'docs', 'plugins.md'), 'utf8'));
    expect([...blocks.keys()].sort()).toEqual(['arrivo.config.ts', 'src/index.test.ts', 'src/index.ts']);
    expect(blocks.get('src/index.ts')).toContain("id: 'closing-early'");
    expect(blocks.get('src/index.test.ts')).toContain("from '@arrivo/sdk/testing'");
    expect(walkthroughBlocks('<!-- walkthrough: a.ts -->\n```ts\nconst a = 1;\n```\n\n```ts\nnot marked\n```\n')).toEqual(new Map([['a.ts', 'const a = 1;\n']]));
  });

  it(
    'builds a plugin whose code type-checks and whose test passes against the real harness',
    async () => {
      const blocks = walkthroughBlocks(readFileSync(join(repo, 'docs', 'plugins.md'), 'utf8'));
      // 1. Scaffold it.
      const scaffold = spawnSync(process.execPath, [join(repo, 'scripts', 'plugin-new.mjs'), 'closing-early', '--dir', dir], { encoding: 'utf8' });
      expect(scaffold.status, scaffold.stderr).toBe(0);
      const root = join(dir, 'plugin-closing-early');
      // 2., 3. and 4.: the guide's files. Its arrivo.config.ts sits in the repository's root and
      // imports the package `npm install` linked; here it sits beside the plugin, the name mapped to it.
      for (const [file, code] of blocks) writeFileSync(join(root, file), code);
      writeFileSync(
        join(root, 'tsconfig.json'),
        JSON.stringify({ extends: '../../../tsconfig.json', compilerOptions: { paths: { '@arrivo/plugin-closing-early': ['./src/index.ts'] } }, include: ['src', 'arrivo.config.ts'] }),
      );
      const tsc = await run(join(repo, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', join(root, 'tsconfig.json')], { cwd: root });
      expect(tsc.status, tsc.output).toBe(0);

      // `npx vitest run packages/plugin-closing-early`: the guide's test, as vitest runs it, with
      // the harness on this run's PostgreSQL (DATABASE_URL, as the guide's globalSetup does).
      writeFileSync(join(root, 'vitest.config.mjs'), "export default { test: { include: ['src/**/*.test.ts'] } };\n");
      const vitest = await run(process.execPath, [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', root, '--config', join(root, 'vitest.config.mjs')], {
        cwd: root,
        env: { DATABASE_URL: inject('adminUrl') },
      });
      expect(vitest.status, vitest.output).toBe(0);
      expect(vitest.output).toMatch(/src\/index\.test\.ts/);
      expect(vitest.output).toMatch(/Tests\s+1 passed \(1\)/);
    },
    600_000, // a type-check of the server graph and a server with its database: minutes on a loaded 2-core machine
  );
});
