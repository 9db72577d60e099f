import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from './env';

describe('environment config', () => {
  it('has working defaults for a zero-config start', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 8787, HOST: '127.0.0.1', ARRIVO_DATA_DIR: '.data/postgres', ARRIVO_PG_PORT: 54329 });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('names every bad variable in one message', () => {
    expect(() => loadEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(EnvError);
    try {
      loadEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/DATABASE_URL: must start with postgres/);
      expect((err as Error).message).toMatch(/LOG_LEVEL/);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
