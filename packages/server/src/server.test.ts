import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/database';
import { silentLog } from '../test/http';
import { loadEnv } from './env';
import { startServer } from './server';
import { StartError } from './start-error';

describe('startServer', () => {
  const db = useTestDatabase();
  let blocker: Server;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise((done) => blocker.close(done)));

  it('refuses a taken HTTP port with a message to show as it is', async () => {
    const env = { ...loadEnv({ LOG_LEVEL: 'silent' }), DATABASE_URL: db.url, PORT: port };
    const attempt = startServer({ env, log: silentLog });
    await expect(attempt).rejects.toBeInstanceOf(StartError);
    await expect(attempt).rejects.toThrow(`Port ${port} is already in use. Set PORT to a free port.`);
  });
});
