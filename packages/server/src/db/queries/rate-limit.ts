import type { Sql, Tx } from '../client';

/** Count one hit on `key` in a fixed window; a window older than `windowSeconds` restarts at 1. */
export async function hitRateLimit(sql: Sql | Tx, key: string, windowSeconds: number): Promise<{ hits: number; resetAt: Date }> {
  const [row] = await sql<{ hits: number; resetAt: Date }[]>`
    INSERT INTO rate_limit AS r (key, window_started_at, hits, expires_at)
    VALUES (${key}, now(), 1, now() + make_interval(secs => ${windowSeconds}))
    ON CONFLICT (key) DO UPDATE SET
      window_started_at = CASE WHEN r.expires_at <= now() THEN now() ELSE r.window_started_at END,
      hits = CASE WHEN r.expires_at <= now() THEN 1 ELSE r.hits + 1 END,
      expires_at = CASE WHEN r.expires_at <= now() THEN EXCLUDED.expires_at ELSE r.expires_at END
    RETURNING hits, expires_at AS reset_at`;
  return row!;
}

/** Hits on `key` in its current window, without counting one (0 once the window is over). */
export async function peekRateLimit(sql: Sql, key: string): Promise<number> {
  const [row] = await sql<{ hits: number }[]>`SELECT hits FROM rate_limit WHERE key = ${key} AND expires_at > now()`;
  return row?.hits ?? 0;
}
