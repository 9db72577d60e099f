import type { Sql } from '../client';

export interface DatabaseStatus {
  ok: boolean;
  latencyMs: number;
}

/**
 * One trivial round trip to PostgreSQL, given up after `timeoutMs` (a query on a dead connection
 * can hang far longer). Never throws: a failure or a timeout is `ok: false`.
 */
export async function pingDatabase(sql: Sql, timeoutMs: number): Promise<DatabaseStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      sql`SELECT 1`,
      new Promise((_, fail) => (timer = setTimeout(() => fail(new Error('database ping timed out')), timeoutMs))),
    ]);
    return { ok: true, latencyMs: performance.now() - started };
  } catch {
    return { ok: false, latencyMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
