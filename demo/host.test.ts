import { describe, expect, it } from 'vitest';
import { createApp } from '@arrivo/server';
import { useTestApp } from '../packages/server/test/app';
import { call } from '../packages/server/test/http';
import { hostDemo } from './host';

describe('demo host', () => {
  const firstStart: { seeded?: boolean } = {};
  const web = useTestApp({
    configure: async (app, deps) => Object.assign(firstStart, await hostDemo(app, deps)),
  });

  it('seeds an empty database and serves the site under a strict CSP beside the API', async () => {
    expect(firstStart.seeded).toBe(true);

    const page = await fetch(`${web.url}/book.html`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy');
    expect(csp).toContain("script-src 'self'");
    // The live map's tiles, and nothing else from elsewhere.
    expect(csp).toContain("img-src 'self' data: https://tile.openstreetmap.org;");
    expect(csp).toContain("connect-src 'self';");
    expect(await page.text()).toContain('<arrivo-health api="/api" business="rose-city">');

    const business = await call(web.url, 'GET', '/api/businesses/rose-city');
    expect(business.body).toMatchObject({ name: 'Rose City Plumbing & Heating', timeZone: 'America/Los_Angeles' });

    const unknownApi = await call(web.url, 'GET', '/api/book.html');
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.body).toMatchObject({ code: 'route_not_found' });
  });

  it('does not seed again on the next start', async () => {
    expect((await hostDemo(createApp(web.deps), web.deps)).seeded).toBe(false);
  });
});
