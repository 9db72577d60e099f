import { createRoute, z } from '@hono/zod-openapi';
import { AppError, errorBodySchema, publicBusinessSchema, slugSchema } from '@arrivo/core';
import { createRouter } from '../http/router';
import { findBusinessBySlug } from '../db/queries/businesses';
import type { Sql } from '../db/client';

const getBusiness = createRoute({
  method: 'get',
  path: '/public/businesses/{slug}',
  tags: ['public'],
  summary: 'What a page may show about a business before anyone signs in',
  request: { params: z.object({ slug: slugSchema }) },
  responses: {
    200: { description: 'The business', content: { 'application/json': { schema: publicBusinessSchema } } },
    404: { description: 'No business has this slug', content: { 'application/json': { schema: errorBodySchema } } },
  },
});

export function publicRoutes(deps: { sql: Sql }) {
  return createRouter().openapi(getBusiness, async (c) => {
    const { slug } = c.req.valid('param');
    const business = await findBusinessBySlug(deps.sql, slug);
    if (!business) throw new AppError('not_found', `No business is called "${slug}".`);
    return c.json(
      { slug: business.slug, name: business.name, timeZone: business.timeZone, phone: business.phone, website: business.website },
      200,
    );
  });
}
