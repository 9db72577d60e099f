import { createRoute } from '@hono/zod-openapi';
import { publicBusinessSchema } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { getSchedulingSettings } from '../db/queries/schedule';
import { createRouter } from '../http/router';
import { businessParams, errors, json } from '../http/openapi';

const getBusiness = createRoute({
  method: 'get',
  path: '/businesses/{business}',
  tags: ['public'],
  summary: 'What a page may show about a business before anyone signs in',
  request: { params: businessParams },
  responses: { 200: json(publicBusinessSchema, 'The business'), ...errors(400, 404) },
});

export function publicRoutes(deps: Pick<AppDeps, 'externalProviderName' | 'sql'>) {
  return createRouter().openapi(getBusiness, async (c) => {
    const b = c.get('business');
    const settings = await getSchedulingSettings(deps.sql, b.id);
    return c.json(
      {
        slug: b.slug,
        name: b.name,
        timeZone: b.timeZone,
        phone: b.phone,
        website: b.website,
        externalSignIn: deps.externalProviderName ? { name: deps.externalProviderName } : null,
        selfScheduling: {
          assetSelection: settings.assetSelectionEnabled,
          additionalDetails: settings.additionalDetailsEnabled,
          maxLeadDays: settings.maxLeadDays,
        },
      },
      200,
    );
  });
}
