import type { Health } from '@arrivo/core';
import type { Sql } from '../db/client';
import type { DatabaseMonitor } from '../db/monitor';

/** Is the API up and can it reach its database? `ok` false means answer 503. */
export async function checkHealth(deps: { dbMonitor: DatabaseMonitor; sql: Sql; version: string }): Promise<{ ok: boolean; body: Health }> {
  const database = await deps.dbMonitor.health(deps.sql);
  const body = {
    status: database.ok ? ('ok' as const) : ('degraded' as const),
    database: { ok: database.ok, latencyMs: Math.round(database.latencyMs * 100) / 100 },
    version: deps.version,
    time: new Date().toISOString(),
  };
  return { ok: database.ok, body };
}
