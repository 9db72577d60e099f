// The real server as `npm start` serves it: rate limits must see each client's socket address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/database';
import { makeBusiness } from '../test/fixtures';
import { call, silentLog } from '../test/http';
import { loadEnv } from './env';
import { startServer, type RunningServer } from './server';

describe('startServer', () => {
  const db = useTestDatabase();
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: loadEnv({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'silent' }), log: silentLog });
  });
  afterAll(() => server?.close());

  it('counts rate limits per client address (127.0.0.2 and 127.0.0.3 are two clients)', async () => {
    const { slug } = await makeBusiness(db.sql);
    const redeem = (from: string) =>
      call(server.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code: crypto.randomUUID(), password: 'long enough password' }, from });
    for (let i = 0; i < 10; i++) expect((await redeem('127.0.0.2')).body.code).toBe('invitation_invalid');
    expect(await redeem('127.0.0.2')).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
    expect((await redeem('127.0.0.3')).body.code).toBe('invitation_invalid');
    const keys = (await db.sql`SELECT key FROM rate_limit ORDER BY key`).map((r) => r.key);
    expect(keys).toEqual(['redeem:ip:127.0.0.2', 'redeem:ip:127.0.0.3']);
  });
});
