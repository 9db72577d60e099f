import { describe, expect, it } from 'vitest';
import { createApp } from '@arrivo/server';
import { useTestDatabase } from '../packages/server/test/database';
import { silentLog, useHttp } from '../packages/server/test/http';
import { hostDemo } from './host';

describe('demo host', () => {
  const db = useTestDatabase();
  const firstStart: { seeded?: boolean } = {};
  const web = useHttp(async () => {
    const app = createApp({ sql: db.sql, log: silentLog, version: 'test' });
    Object.assign(firstStart, await hostDemo(app, db.sql));
    return app;
  });

  it('seeds an empty database and serves the site under a strict CSP beside the API', async () => {
    expect(firstStart.seeded).toBe(true);

    const page = await fetch(`${web.url}/book.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<arrivo-health api="/api" business="rose-city">');

    const business = await fetch(`${web.url}/api/public/businesses/rose-city`);
    expect(await business.json()).toMatchObject({ name: 'Rose City Plumbing & Heating', timeZone: 'America/Los_Angeles' });

    const unknownApi = await fetch(`${web.url}/api/book.html`);
    expect(unknownApi.status).toBe(404);
    expect(await unknownApi.json()).toMatchObject({ code: 'route_not_found' });
  });

  it('does not seed again on the next start', async () => {
    const again = await hostDemo(createApp({ sql: db.sql, log: silentLog, version: 'test' }), db.sql);
    expect(again.seeded).toBe(false);
  });
});
