// What the import checker (npm run lint:deps) cannot see: where transactions are opened.
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
});
