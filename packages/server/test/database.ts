import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { connect, type Sql } from '../src/db/client';

export interface TestDatabase {
  readonly sql: Sql;
  readonly url: string;
}

/**
 * A database of this test file's own: a copy of the migrated template, or an empty one
 * (`migrated: false`, for testing the migration runner). Dropped when the file ends.
 */
export function useTestDatabase(options: { migrated?: boolean } = {}): TestDatabase {
  const adminUrl = inject('adminUrl');
  const template = options.migrated === false ? 'template0' : inject('templateDb');
  const name = `arrivo_t_${randomBytes(6).toString('hex')}`;
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  let sql: Sql | undefined;

  beforeAll(async () => {
    const admin = connect(adminUrl, { max: 1 });
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    await admin.end();
    sql = connect(url);
  });
  afterAll(async () => {
    await sql?.end();
    const admin = connect(adminUrl, { max: 1 });
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  return {
    get sql() {
      if (!sql) throw new Error('useTestDatabase: the database is ready only inside tests and hooks');
      return sql;
    },
    url,
  };
}
