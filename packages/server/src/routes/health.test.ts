import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { freePort } from '../../test/free-port';
import { call, silentLog, useHttp } from '../../test/http';
import { createApp } from '../app';
import { buildDeps } from '../build-deps';
import { connect } from '../db/client';
import { loadEnv } from '../env';

describe('GET /api/health', () => {
  const api = useTestApp();

  it('answers 200 with the database round-trip when PostgreSQL answers', async () => {
    const res = await call(api.url, 'GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/.+/);
    expect(res.body).toMatchObject({ status: 'ok', database: { ok: true }, version: expect.any(String) });
    expect(res.body.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(res.body.time)).not.toBeNaN();
  });
});

describe('GET /api/health without a database', () => {
  const api = useHttp(async (url) => {
    // A pool aimed at a port where nothing listens: every query fails to connect.
    const deadUrl = `postgres://nobody@127.0.0.1:${await freePort()}/none`;
    const sql = connect(deadUrl, { max: 1 });
    return createApp(buildDeps({ sql, databaseUrl: deadUrl, env: loadEnv({}), log: silentLog, publicUrl: url }));
  });

  it('answers 503 and says the database is down', async () => {
    const res = await call(api.url, 'GET', '/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'degraded', database: { ok: false } });
  });
});
