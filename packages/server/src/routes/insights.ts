// Insights for staff (admins and dispatchers): simple counts over a range of the business's days.
import { createRoute } from '@hono/zod-openapi';
import { insightsQuerySchema, insightsSchema } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { businessParams, errors, json, signedIn } from '../http/openapi';
import { createRouter } from '../http/router';
import { bookingInsights } from '../services/insights';

const routes = {
  insights: createRoute({
    tags: ['staff'], security: signedIn, method: 'get', path: '/businesses/{business}/admin/insights',
    summary: 'Counts over the business’s days: visits per day, the self-scheduled share (portal or staff), cancellations by reason',
    description:
      'Visits are counted on the day they arrive, in the business’s time zone. `from` and `to` are that zone’s calendar days, both included ' +
      '(by default the 30 days up to today); `to` before `from`, or more than 366 days, is `400 validation_failed` with an issue at `query.to`. ' +
      'Cancellations list the 50 most frequent reasons.',
    request: { params: businessParams, query: insightsQuerySchema },
    responses: { 200: json(insightsSchema, 'Counts'), ...errors(400, 401, 403, 404) },
  }),
};

export function insightsRoutes(deps: Pick<AppDeps, 'sql' | 'auth'>) {
  return createRouter(deps, 'staff').openapi(routes.insights, async (c) => c.json(await bookingInsights(deps, c.get('business'), c.req.valid('query')), 200));
}
