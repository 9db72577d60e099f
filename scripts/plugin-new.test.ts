// `npm run plugin:new`: what it generates type-checks against the SDK, its plugin loads and its
// hooks answer as the generated test expects, and it refuses bad or taken ids. (Running the
// generated test itself needs a second server: plugin-walkthrough.test.ts runs the guide's.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ArrivoPlugin, BookingCreateDraft, PluginContext } from '@arrivo/sdk/server';

const repo = resolve(import.meta.dirname, '..');
// Inside the repo, so the generated code resolves @arrivo/sdk and zod as a workspace package does.
const dir = mkdtempSync(join(repo, 'packages', '.scaffold-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scaffold = (...args: string[]) => spawnSync(process.execPath, [join(repo, 'scripts', 'plugin-new.mjs'), ...args, '--dir', dir], { encoding: 'utf8' });

describe('npm run plugin:new', () => {
  it('creates a plugin package that type-checks and whose hooks patch and veto', async () => {
    const run = scaffold('closing-early');
    expect(run.status, run.stderr).toBe(0);
    const root = join(dir, 'plugin-closing-early');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: '@arrivo/plugin-closing-early', type: 'module', peerDependencies: { '@arrivo/sdk': expect.stringMatching(/^\^/) } });
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('closingEarly');
    expect(readFileSync(join(root, 'src', 'index.test.ts'), 'utf8')).toContain("from '@arrivo/sdk/testing'");

    // Type-check the generated sources with the repo's settings.
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ extends: '../../../tsconfig.json', include: ['src'] }));
    const tsc = spawnSync(join(repo, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', join(root, 'tsconfig.json')], { encoding: 'utf8' });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);

    const mod = (await import(pathToFileURL(join(root, 'src', 'index.ts')).href)) as { default: ArrivoPlugin<{ tag: string }, { phoneOnly: string[] }> };
    const plugin = mod.default;
    expect(plugin).toMatchObject({ id: 'closing-early', version: '0.1.0' });
    expect(plugin.options!.safeParse({})).toEqual({ success: true, data: { tag: 'closing-early' } });
    const draft = { serviceType: { id: 'x', key: 'ac-repair' }, comments: 'Side door' } as BookingCreateDraft;
    const ctx = (settings: { phoneOnly: string[] } | null) => ({ options: { tag: 'T' }, settings }) as PluginContext<{ tag: string }, { phoneOnly: string[] }>;
    const before = plugin.hooks!['booking.create.before']!;
    expect(await before(draft, ctx(null))).toEqual({ patch: { comments: '[T] Side door' } });
    expect(await before(draft, ctx({ phoneOnly: ['ac-repair'] }))).toMatchObject({ veto: { code: 'phone_only' } });
    expect(plugin.hooks!['booking.created.after']).toBeTypeOf('function');
  }, 300_000); // type-checks the scaffold against the whole server graph: a minute on a loaded 2-core machine

  it('refuses a taken id, an invalid one and a doubled prefix', () => {
    const taken = scaffold('closing-early');
    expect(taken.status).toBe(1);
    expect(taken.stderr).toMatch(/already exists/);
    for (const bad of ['Closing', 'closing_early', '-x', 'x--y', '9lives', '../escape']) {
      const run = scaffold(bad);
      expect(run.status, bad).toBe(1);
      expect(run.stderr, bad).toMatch(/is not a plugin id/);
    }
    expect(scaffold('plugin-holidays').stderr).toMatch(/Leave out the "plugin-" prefix/);
    expect(spawnSync(process.execPath, [join(repo, 'scripts', 'plugin-new.mjs')], { encoding: 'utf8' }).stderr).toMatch(/Usage/);
  });
});
