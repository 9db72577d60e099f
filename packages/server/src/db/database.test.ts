import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { silentLog } from '../../test/http';
import { loadEnv } from '../env';
import { openDatabase } from './database';

describe('openDatabase', () => {
  const db = useTestDatabase();

  it('sizes the request pool by DATABASE_POOL_MAX', async () => {
    for (const [setting, max] of [[undefined, 10], ['3', 3]] as const) {
      const opened = await openDatabase(loadEnv({ DATABASE_URL: db.url, ...(setting ? { DATABASE_POOL_MAX: setting } : {}) }), silentLog);
      try {
        expect(opened.sql.options.max).toBe(max);
        // Up to `max` connections at once, and no more.
        const pids = new Set<number>();
        await Promise.all(
          Array.from({ length: max + 2 }, () =>
            opened.sql.begin(async (tx) => {
              const [row] = await tx<{ pid: number }[]>`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`;
              pids.add(row!.pid);
            }),
          ),
        );
        expect(pids.size).toBe(max);
      } finally {
        await opened.close();
      }
    }
  });
});
