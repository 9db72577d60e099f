import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { freePort } from '../../test/free-port';
import { silentLog, useHttp } from '../../test/http';
import { createApp } from '../app';
import { connect } from '../db/client';

describe('GET /api/health', () => {
  const db = useTestDatabase();
  const api = useHttp(() => createApp({ sql: db.sql, log: silentLog, version: '9.9.9' }));

  it('answers 200 with the database round-trip when PostgreSQL answers', async () => {
    const res = await fetch(`${api.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/.+/);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ status: 'ok', database: { ok: true }, version: '9.9.9' });
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(body.time)).not.toBeNaN();
  });
});

describe('GET /api/health without a database', () => {
  let deadPort = 0;
  const api = useHttp(() => {
    // A pool aimed at a port where nothing listens: every query fails to connect.
    const sql = connect(`postgres://nobody@127.0.0.1:${deadPort}/none`, { max: 1 });
    return createApp({ sql, log: silentLog, version: '9.9.9' });
  });

  it('answers 503 and says the database is down', async () => {
    deadPort = await freePort();
    const res = await fetch(`${api.url}/api/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded', database: { ok: false } });
  });
});
