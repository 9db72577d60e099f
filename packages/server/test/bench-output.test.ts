// `npm run --silent bench:* -- --json | …` must hand the pipe JSON alone, whatever else is printed.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const output = fileURLToPath(new URL('../bench/output.ts', import.meta.url));
const script = (flags: string) => `
  const { benchOutput } = await import(${JSON.stringify(output)});
  const out = benchOutput(${JSON.stringify(flags.split(' '))});
  console.log('a library talking');
  out.line('engine: p99 3 ms');
  out.result('slots', { p99: 3 });`;

describe('benchmark output', () => {
  it('with --json, puts the JSON document alone on stdout and the rest on stderr', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script('--json')]);
    expect(JSON.parse(stdout)).toMatchObject({ benchmark: 'slots', results: { p99: 3 } });
    expect(stderr).toContain('a library talking');
    expect(stderr).toContain('engine: p99 3 ms');
  });

  it('without it, prints the human lines on stdout', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script('')]);
    expect(stdout).toBe('a library talking\nengine: p99 3 ms\n');
  });
});
