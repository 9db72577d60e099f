import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { makeBusiness } from '../../test/fixtures';
import { freePort } from '../../test/free-port';
import { call, silentLog, useHttp } from '../../test/http';
import { createApp } from '../app';
import { buildDeps } from '../build-deps';
import { loadEnv } from '../env';

// better-auth turns a lost connection into FAILED_TO_GET_SESSION (500) and drops the cause: here
// its pool (and the monitor) point where nothing listens, while the app's own pool works. A
// signed-in route asks better-auth (customer routes read the session through the app's pool).
describe('a session lookup that fails because PostgreSQL is away', () => {
  const db = useTestDatabase();
  let slug = '';
  const api = useHttp(async (url) => {
    slug = (await makeBusiness(db.sql)).slug;
    const deadUrl = `postgres://nobody@127.0.0.1:${await freePort()}/none`;
    return createApp(buildDeps({ sql: db.sql, databaseUrl: deadUrl, env: loadEnv({}), log: silentLog, publicUrl: url }));
  });

  it('answers 503 database_unavailable, not 500, and refuses the next requests at once', async () => {
    const first = await call(api.url, 'GET', `/api/businesses/${slug}/session`, { token: 'any-token' });
    expect(first).toMatchObject({ status: 503, body: { code: 'database_unavailable' } });
    expect(first.headers.get('retry-after')).toBe('1');

    const started = performance.now();
    const next = await call(api.url, 'GET', `/api/businesses/${slug}/session`, { token: 'any-token' });
    expect(next).toMatchObject({ status: 503, body: { code: 'database_unavailable' } });
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await call(api.url, 'GET', '/api/health')).body).toMatchObject({ status: 'degraded', database: { ok: false } });
  });
});
