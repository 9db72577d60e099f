import { describe, expect, it } from 'vitest';
import { createApp } from '@arrivo/server';
import { useTestApp } from '../packages/server/test/app';
import { call } from '../packages/server/test/http';
import holidays from '@arrivo/plugin-holidays';
import { hostDemo } from './host';
import { enableDemoPlugins } from './seed';

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

describe('demo host with the configured plugins', () => {
  const web = useTestApp({ plugins: [holidays], configure: (app, deps) => hostDemo(app, deps) });

  it('enables the installed demo plugins for Rose City with its settings, and respects its own choice later', async () => {
    const rows = await web.sql`SELECT p.plugin_id, p.enabled, p.settings FROM business_plugin p JOIN business b ON b.id = p.business_id WHERE b.slug = 'rose-city'`;
    expect(rows).toEqual([{ pluginId: 'holidays', enabled: true, settings: { country: 'US', state: 'OR', types: ['public'], open: [], closed: [] } }]);
    await web.sql`UPDATE business_plugin SET enabled = false WHERE plugin_id = 'holidays'`;
    expect(await enableDemoPlugins(web.deps)).toEqual([]);
    expect((await web.sql`SELECT enabled FROM business_plugin WHERE plugin_id = 'holidays'`)[0]!.enabled).toBe(false);
  });
});
