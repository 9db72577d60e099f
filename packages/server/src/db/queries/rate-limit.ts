import type { Sql } from '../client';

/** Count one hit on `key` in a fixed window; a window older than `windowSeconds` restarts at 1. */
export async function hitRateLimit(sql: Sql, key: string, windowSeconds: number): Promise<{ hits: number; resetAt: Date }> {
  const [row] = await sql<{ hits: number; resetAt: Date }[]>`
    INSERT INTO rate_limit AS r (key, window_started_at, hits) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      window_started_at = CASE WHEN r.window_started_at <= now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE r.window_started_at END,
      hits = CASE WHEN r.window_started_at <= now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE r.hits + 1 END
    RETURNING hits, window_started_at + make_interval(secs => ${windowSeconds}) AS reset_at`;
  return row!;
}
