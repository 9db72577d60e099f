import type { Sql } from '../client';

/** Round-trip to the database; the latency is what the health route reports. */
export async function pingDatabase(sql: Sql): Promise<{ ok: boolean; latencyMs: number }> {
  const started = performance.now();
  try {
    await sql`SELECT 1`;
    return { ok: true, latencyMs: performance.now() - started };
  } catch {
    return { ok: false, latencyMs: performance.now() - started };
  }
}
