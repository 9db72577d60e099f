import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/database';
import { useTakenPort } from '../test/free-port';
import { silentLog } from '../test/http';
import { loadEnv } from './env';
import { startServer } from './server';
import { StartError } from './start-error';

describe('startServer', () => {
  const db = useTestDatabase();
  const taken = useTakenPort();

  it('refuses a taken HTTP port with a message to show as it is', async () => {
    const env = { ...loadEnv({ LOG_LEVEL: 'silent' }), DATABASE_URL: db.url, PORT: taken.port };
    const attempt = startServer({ env, log: silentLog });
    await expect(attempt).rejects.toBeInstanceOf(StartError);
    await expect(attempt).rejects.toThrow(`Port ${taken.port} is already in use. Set PORT to a free port.`);
  });
});
