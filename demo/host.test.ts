import { describe, expect, it } from 'vitest';
import { createApp } from '@arrivo/server';
import { useTestApp } from '../packages/server/test/app';
import { dayFromNow } from '../packages/server/test/fixtures';
import { call, signInToken } from '../packages/server/test/http';
import evCharger from '@arrivo/plugin-ev-charger';
import holidays, { closedDates, holidaySettings } from '@arrivo/plugin-holidays';
import { hostDemo } from './host';
import { DEMO_PASSWORD, enableDemoPlugins } from './seed';

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
    const text = await page.text();
    expect(text).toContain('<arrivo-health api="/api" business="rose-city">');

    // The EV charger's client half, which the booking page loads after the elements (built by npm run build).
    expect(text).toContain('<script type="module" src="/plugins/ev-charger/client.js"></script>');
    const client = await fetch(`${web.url}/plugins/ev-charger/client.js`);
    expect(client.status).toBe(200);
    expect(client.headers.get('content-type')).toMatch(/javascript/);
    expect(await client.text()).toContain('arrivo.client-plugins');
    // The staff page loads it too, under the same CSP: the console's Preview and Book a visit show its questions.
    const staff = await fetch(`${web.url}/staff.html`);
    expect(staff.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await staff.text()).toContain('<script type="module" src="/plugins/ev-charger/client.js"></script>');

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

    // A weekday holiday in Oregon (Rose City works weekdays) is not among the days to book, until
    // the business keeps it open.
    await web.sql`UPDATE business_settings SET max_lead_days = 365 FROM business b WHERE b.id = business_settings.business_id AND b.slug = 'rose-city'`;
    const holiday = closedDates(holidaySettings.parse({ country: 'US', state: 'OR' }), dayFromNow(2), dayFromNow(360)).find((d) => {
      const weekday = new Date(`${d}T12:00:00Z`).getUTCDay();
      return weekday >= 1 && weekday <= 5;
    })!;
    const customer = await signInToken(web.url, 'rose-city', 'linh.nguyen@example.com', DEMO_PASSWORD);
    const [type] = (await call(web.url, 'GET', '/api/businesses/rose-city/me/service-types', { token: customer })).body as { id: string }[];
    const days = async () => {
      const res = await call(web.url, 'GET', `/api/businesses/rose-city/me/slot-days?serviceTypeId=${type!.id}&from=${holiday}&to=${holiday}`, { token: customer });
      expect(res.status).toBe(200);
      return (res.body.days as { date: string }[]).map((d) => d.date);
    };
    expect(await days()).toEqual([]);
    const admin = await signInToken(web.url, 'rose-city', 'alex@rosecity.example', DEMO_PASSWORD);
    const kept = await call(web.url, 'PATCH', '/api/businesses/rose-city/admin/plugins/holidays', { token: admin, body: { settings: { country: 'US', state: 'OR', open: [holiday] } } });
    expect(kept.status).toBe(200);
    expect(await days()).toEqual([holiday]);

    await web.sql`UPDATE business_plugin SET enabled = false WHERE plugin_id = 'holidays'`;
    expect(await enableDemoPlugins(web.deps)).toEqual([]);
    expect((await web.sql`SELECT enabled FROM business_plugin WHERE plugin_id = 'holidays'`)[0]!.enabled).toBe(false);
  });
});

describe('demo host with the EV charger plugin', () => {
  const web = useTestApp({ plugins: [evCharger], configure: (app, deps) => hostDemo(app, deps) });

  it('makes EV charger installation bookable for Rose City with its questions, by a technician with the skill', async () => {
    const customer = await signInToken(web.url, 'rose-city', 'linh.nguyen@example.com', DEMO_PASSWORD);
    const types = (await call(web.url, 'GET', '/api/businesses/rose-city/me/service-types', { token: customer })).body as { id: string; key: string; name: string; intakeFields: { key: string }[] }[];
    const ev = types.find((t) => t.key === 'ev-charger-install')!;
    expect(ev.name).toBe('EV charger installation');
    expect(ev.intakeFields.map((f) => f.key)).toEqual(['chargerModel', 'panelAmps', 'cableMetres']);
    const intake = { chargerModel: 'Wallbox Pulsar Plus (32 A)', panelAmps: 200, cableMetres: 12 };
    let found: { arrivalAt: string } | undefined;
    for (let d = 1; d <= 10 && !found; d++) {
      const res = await call(web.url, 'GET', `/api/businesses/rose-city/me/slots?serviceTypeId=${ev.id}&date=${dayFromNow(d)}&intake=${encodeURIComponent(JSON.stringify(intake))}`, { token: customer });
      expect(res.status).toBe(200);
      found = res.body.slots[0];
    }
    expect(found).toBeDefined();
    const booked = await call(web.url, 'POST', '/api/businesses/rose-city/me/bookings', { token: customer, body: { serviceTypeId: ev.id, arrivalAt: found!.arrivalAt, intake }, headers: { 'idempotency-key': 'demo-ev-charger-1' } });
    expect(booked.status).toBe(201);
    expect(['Grace Kim', 'Nora Lindqvist']).toContain(booked.body.technician.name);
  });
});
