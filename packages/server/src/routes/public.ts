import { createRoute } from '@hono/zod-openapi';
import { publicBusinessSchema } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { createRouter } from '../http/router';
import { businessParams, errors, json } from '../http/openapi';
import { publicBusiness } from '../services/business-settings';

const getBusiness = createRoute({
  method: 'get',
  path: '/businesses/{business}',
  tags: ['public'],
  summary: 'What a page may show about a business before anyone signs in',
  request: { params: businessParams },
  responses: { 200: json(publicBusinessSchema, 'The business'), ...errors(400, 404) },
});

export function publicRoutes(deps: Pick<AppDeps, 'externalProviderName' | 'sql' | 'auth'>) {
  return createRouter(deps, 'anyone').openapi(getBusiness, async (c) => c.json(await publicBusiness(deps, c.get('business')), 200));
}
