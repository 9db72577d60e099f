import { createRoute } from '@hono/zod-openapi';
import { healthSchema } from '@arrivo/core';
import { createRouter } from '../http/router';
import type { DatabaseMonitor } from '../db/monitor';

const getHealth = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Is the API up and can it reach its database?',
  responses: {
    200: { description: 'Healthy', content: { 'application/json': { schema: healthSchema } } },
    503: { description: 'The database does not answer', content: { 'application/json': { schema: healthSchema } } },
  },
});

export function healthRoutes(deps: { dbMonitor: DatabaseMonitor; version: string }) {
  return createRouter().openapi(getHealth, async (c) => {
    // A fresh probe on a connection of its own, bounded in time: answers within a second either way.
    const database = await deps.dbMonitor.check();
    const body = {
      status: database.ok ? ('ok' as const) : ('degraded' as const),
      database: { ok: database.ok, latencyMs: Math.round(database.latencyMs * 100) / 100 },
      version: deps.version,
      time: new Date().toISOString(),
    };
    return database.ok ? c.json(body, 200) : c.json(body, 503);
  });
}
