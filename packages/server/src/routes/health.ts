import { createRoute } from '@hono/zod-openapi';
import { healthSchema } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { createRouter } from '../http/router';
import { checkHealth } from '../services/health';

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

export function healthRoutes(deps: Parameters<typeof checkHealth>[0] & Pick<AppDeps, 'auth' | 'sql'>) {
  return createRouter(deps, 'anyone').openapi(getHealth, async (c) => {
    const { ok, body } = await checkHealth(deps);
    return ok ? c.json(body, 200) : c.json(body, 503);
  });
}
