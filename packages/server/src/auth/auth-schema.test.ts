import { getMigrations } from 'better-auth/db/migration';
import { Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { silentLog } from '../../test/http';
import { authOptions } from './auth';

describe('auth tables', () => {
  const db = useTestDatabase();

  it('are exactly what better-auth expects: its planner finds nothing to create or add after our migrations', async () => {
    const pool = postgres(db.url, { max: 1 });
    try {
      const options = authOptions(
        {
          databaseUrl: db.url,
          secret: 'x'.repeat(32),
          baseURL: 'http://localhost',
          log: silentLog,
          sendResetPassword: async () => {},
          oidc: { issuer: 'http://localhost', clientId: 'x', clientSecret: 'x', name: 'x' },
        },
        new Kysely<unknown>({ dialect: new PostgresJSDialect({ postgres: pool }) }),
      );
      const plan = await getMigrations(options);
      expect(plan.toBeCreated.map((t) => t.table)).toEqual([]);
      expect(plan.toBeAdded.map((t) => `${t.table}: ${Object.keys(t.fields).join(', ')}`)).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
