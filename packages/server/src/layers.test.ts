// What the import checker (npm run lint:deps) cannot see: where transactions are opened and SQL is written.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('.', import.meta.url).pathname;
const sources = (dir: string): string[] =>
  readdirSync(join(SRC, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );

describe('layers', () => {
  it('opens transactions only in services (and the event and migration machinery below them)', () => {
    const opening = ['routes', 'http', 'db/queries', 'auth', 'events', 'live', '.']
      .flatMap((dir) => (dir === '.' ? readdirSync(SRC).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')) : sources(dir)))
      .filter((file) => /\.begin\s*\(/.test(readFileSync(join(SRC, file), 'utf8')))
      .map((file) => relative(SRC, join(SRC, file)));
    // The dispatcher opens each subscriber's transaction (the claim and its writes commit
    // together), on the worker's own pool; subscribers themselves only use the `tx` handed to them.
    expect(opening).toEqual(['events/dispatcher.ts']);
  });

  it('asks for roles and customer identities one way: through services/access', () => {
    const asking = sources('.')
      .filter((file) => /\b(rolesOf|findCustomerIdentity)\b/.test(readFileSync(join(SRC, file), 'utf8')))
      .map((file) => relative(SRC, join(SRC, file)))
      .sort();
    expect(asking).toEqual(['db/queries/contacts.ts', 'db/queries/memberships.ts', 'services/access.ts']);
  });

  it('words "there is no such …" in one helper (services/not-found)', () => {
    const wording = sources('.')
      .filter((file) => /AppError\('not_found', [`'"]There is no such \S+\.?[`'"]\)|const \w+ = \(what: string\) => new AppError\('not_found'/.test(readFileSync(join(SRC, file), 'utf8')))
      .map((file) => relative(SRC, join(SRC, file)));
    expect(wording).toEqual(['services/not-found.ts']);
  });

  it('writes SQL only in db/ (and the queue and live-bus adapters, which speak to PostgreSQL themselves)', () => {
    // Comments may name `tx` or `sql`; only code counts.
    const code = (file: string) =>
      readFileSync(join(SRC, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|\s)\/\/.*$/gm, '$1');
    // A tagged template on a postgres.js handle (`sql\`…\``, `tx<Row[]>\`…\``, `deps.sql\`…\``) or raw text through `.unsafe(`.
    const runsSql = /\b(?:sql|tx)\s*(?:<[^`\n]*?>)?\s*`|\.unsafe\s*\(/;
    const writing = sources('.')
      .filter((file) => !file.startsWith('db/') && runsSql.test(code(file)))
      .map((file) => relative(SRC, join(SRC, file)))
      .sort();
    expect(writing).toEqual(['events/queue.ts', 'live/postgres-bus.ts']);
  });
});
