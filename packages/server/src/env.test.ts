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

  it('reads the request pool size, 10 by default', () => {
    expect(loadEnv({}).DATABASE_POOL_MAX).toBe(10);
    expect(loadEnv({ DATABASE_POOL_MAX: '30' }).DATABASE_POOL_MAX).toBe(30);
    expect(() => loadEnv({ DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('refuses to start in production without a way to send mail, naming SMTP_URL', () => {
    const production = { NODE_ENV: 'production', AUTH_SECRET: 's'.repeat(32) };
    expect(() => loadEnv(production)).toThrow(/SMTP_URL: is required when NODE_ENV=production/);
    expect(loadEnv({ ...production, SMTP_URL: 'smtp://mail.example.com:587' }).SMTP_URL).toBe('smtp://mail.example.com:587');
  });

  it('reads TRUST_PROXY as a hop count or a list of proxy addresses, and names a bad one', () => {
    expect(loadEnv({}).TRUST_PROXY).toEqual({ kind: 'none' });
    expect(loadEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toEqual({ kind: 'hops', hops: 2 });
    expect(loadEnv({ TRUST_PROXY: '10.0.0.0/8' }).TRUST_PROXY).toMatchObject({ kind: 'addresses' });
    expect(() => loadEnv({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY: "yes please" is not an address/);
  });
});
