import { describe, expect, it } from 'vitest';
import { createRoute, z } from '@hono/zod-openapi';
import { useTestApp } from '../test/app';
import { makeBooking, makeBusiness, makeResource, makeWorkOrder } from '../test/fixtures';
import { createRouter } from './http/router';

describe('API shell', () => {
  const api = useTestApp({
    configure: (app, deps) => {
      // Routes that exist only in this test, to drive the shared error handling through real HTTP.
      const probe = createRouter(deps, 'anyone')
        .openapi(
          createRoute({
            method: 'post',
            path: '/echo',
            request: { body: { content: { 'application/json': { schema: z.object({ name: z.string().min(1), n: z.number().int() }) } } } },
            responses: { 200: { description: 'echo' } },
          }),
          (c) => c.json(c.req.valid('json'), 200),
        )
        .post('/overlap', async (c) => {
          const business = await makeBusiness(deps.sql);
          const tech = await makeResource(deps.sql, business.id);
          const { workOrderId } = await makeWorkOrder(deps.sql, business.id);
          const slot = { businessId: business.id, workOrderId, resourceId: tech.id, arrival: '2031-01-01T16:00:00Z' };
          await makeBooking(deps.sql, slot);
          await makeBooking(deps.sql, slot);
          return c.json({ unreachable: true });
        })
        .post('/crash', () => {
          throw new Error('boom');
        });
      app.route('/probe', probe);
    },
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await fetch(`${api.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/businesses/{business}']));
    expect(doc.paths['/api/businesses/{business}'].get.parameters[0]).toMatchObject({ name: 'business', in: 'path' });
    expect(doc.components.schemas.PublicBusiness.required).toContain('timeZone');
  });

  it('answers an unknown API path with route_not_found', async () => {
    const res = await fetch(`${api.url}/api/no/such/thing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'route_not_found' });
  });

  it('reports which fields are invalid', async () => {
    const res = await fetch(`${api.url}/probe/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"","n":1.5}' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.code).toBe('validation_failed');
    expect(body.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(['json.name', 'json.n']);
  });

  it('answers malformed JSON with malformed_json, not a 500', async () => {
    const res = await fetch(`${api.url}/probe/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'malformed_json' });
  });

  it('refuses bodies over 1 MiB', async () => {
    const res = await fetch(`${api.url}/api/health`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(1024 * 1024 + 1) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('turns an overlapping booking (23P01) into 409 slot_taken', async () => {
    const res = await fetch(`${api.url}/probe/overlap`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'slot_taken' });
  });

  it('hides internal errors behind a generic 500', async () => {
    const res = await fetch(`${api.url}/probe/crash`, { method: 'POST' });
    expect(res.status).toBe(500);
    const body = (await res.json()) as any;
    expect(body).toEqual({ code: 'internal', message: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain('boom');
  });

  it('finds a business by slug and 404s an unknown one', async () => {
    const business = await makeBusiness(api.sql, 'acme-heating');
    const ok = await fetch(`${api.url}/api/businesses/acme-heating`);
    expect(await ok.json()).toEqual({
      slug: 'acme-heating',
      name: business.name,
      timeZone: 'America/Los_Angeles',
      phone: null,
      website: null,
      externalSignIn: null,
      selfScheduling: { assetSelection: true, additionalDetails: true, maxLeadDays: 30 },
    });
    const missing = await fetch(`${api.url}/api/businesses/nobody-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'not_found' });
  });
});
