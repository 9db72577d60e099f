// The demo as `npm start` runs it: the repository's arrivo.config.ts loaded the way start.ts loads
// it, the three first-party plugins installed at once, and all of them on for Rose City.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArrivoConfig } from '@arrivo/server';
import { closedDates, holidaySettings } from '@arrivo/plugin-holidays';
import { useTestApp } from '../packages/server/test/app';
import { dayFromNow } from '../packages/server/test/fixtures';
import { call, signInToken } from '../packages/server/test/http';
import { hostDemo } from './host';
import { DEMO_PASSWORD, DEMO_SLUG, enableDemoPlugins } from './seed';
import type { ReceivedWebhook } from './webhooks';

const repo = resolve(import.meta.dirname, '..');
const config = await loadArrivoConfig(undefined, repo);
const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('the demo with arrivo.config.ts', () => {
  const started: { webhooks?: boolean } = {};
  const web = useTestApp({ plugins: config.plugins, configure: async (app, deps) => Object.assign(started, await hostDemo(app, deps)) });
  const B = `/api/businesses/${DEMO_SLUG}`;

  it('installs holidays, webhooks and the EV charger, and enables all three for Rose City', async () => {
    expect(config.file).toBe(resolve(repo, 'arrivo.config.ts'));
    expect(web.deps.plugins.installed.map((p) => p.id).sort()).toEqual(['ev-charger', 'holidays', 'webhooks']);
    const admin = await signInToken(web.url, DEMO_SLUG, 'alex@rosecity.example', DEMO_PASSWORD);
    const plugins = (await call(web.url, 'GET', `${B}/admin/plugins`, { token: admin })).body as { id: string; enabled: boolean }[];
    expect(plugins.map((p) => [p.id, p.enabled]).sort()).toEqual([
      ['ev-charger', true],
      ['holidays', true],
      ['webhooks', true],
    ]);

    // Webhooks: the demo's receiver is Rose City's endpoint, for every event.
    expect(started.webhooks).toBe(true);
    const receiver = `${web.url}/demo/webhooks`;
    expect((await call(web.url, 'GET', '/demo/webhooks')).body.endpoint).toBe(receiver);
    const endpoints = (await call(web.url, 'GET', `${B}/plugins/webhooks/endpoints`, { token: admin })).body.endpoints as { url: string; enabled: boolean; events: string[] }[];
    expect(endpoints).toEqual([expect.objectContaining({ url: receiver, enabled: true, events: expect.arrayContaining(['booking.created', 'feedback.submitted', 'invitation.created']) })]);

    // Holidays: a weekday holiday in Oregon has no times, the days around it do.
    await web.sql`UPDATE business_settings SET max_lead_days = 365 FROM business b WHERE b.id = business_settings.business_id AND b.slug = ${DEMO_SLUG}`;
    const holiday = closedDates(holidaySettings.parse({ country: 'US', state: 'OR' }), dayFromNow(4), dayFromNow(360)).find((d) => {
      const weekday = new Date(`${d}T12:00:00Z`).getUTCDay();
      return weekday >= 1 && weekday <= 5;
    })!;
    const linh = await signInToken(web.url, DEMO_SLUG, 'linh.nguyen@example.com', DEMO_PASSWORD);
    const types = (await call(web.url, 'GET', `${B}/me/service-types`, { token: linh })).body as { id: string; key: string; name: string; intakeFields: { key: string }[] }[];
    const days = (await call(web.url, 'GET', `${B}/me/slot-days?serviceTypeId=${types[0]!.id}&from=${plusDays(holiday, -3)}&to=${plusDays(holiday, 3)}`, { token: linh })).body.days as { date: string }[];
    expect(days.length).toBeGreaterThan(0);
    expect(days.map((d) => d.date)).not.toContain(holiday);

    // EV charger: bookable with its questions; the booking reaches the demo receiver, signed.
    const ev = types.find((t) => t.key === 'ev-charger-install')!;
    expect(ev.name).toBe('EV charger installation');
    expect(ev.intakeFields.map((f) => f.key)).toEqual(['chargerModel', 'panelAmps', 'cableMetres']);
    const intake = { chargerModel: 'Wallbox Pulsar Plus (32 A)', panelAmps: 200, cableMetres: 12 };
    let slot: { arrivalAt: string } | undefined;
    for (let d = 1; d <= 10 && !slot; d++) {
      slot = (await call(web.url, 'GET', `${B}/me/slots?serviceTypeId=${ev.id}&date=${dayFromNow(d)}&intake=${encodeURIComponent(JSON.stringify(intake))}`, { token: linh })).body.slots[0];
    }
    const booked = await call(web.url, 'POST', `${B}/me/bookings`, { token: linh, body: { serviceTypeId: ev.id, arrivalAt: slot!.arrivalAt, intake }, headers: { 'idempotency-key': 'demo-config-ev-1' } });
    expect(booked.status).toBe(201);
    const delivery = async () => ((await call(web.url, 'GET', '/demo/webhooks')).body.received as ReceivedWebhook[]).find((w) => w.type === 'booking.created' && w.body.includes(booked.body.id));
    await expect.poll(delivery, { timeout: 15_000, interval: 200 }).toBeTruthy();
    expect((await delivery())!.verified).toBe(true);
  });

  it('enables webhooks through the same service as the other demo plugins, never over the business’s choice', async () => {
    await web.sql`DELETE FROM business_plugin WHERE plugin_id = 'webhooks'`;
    expect(await enableDemoPlugins(web.deps)).toEqual(['webhooks']);
    const admin = await signInToken(web.url, DEMO_SLUG, 'alex@rosecity.example', DEMO_PASSWORD);
    expect((await call(web.url, 'PATCH', `${B}/admin/plugins/webhooks`, { token: admin, body: { enabled: false } })).status).toBe(200);
    expect(await enableDemoPlugins(web.deps)).toEqual([]);
    expect((await web.sql`SELECT enabled FROM business_plugin WHERE plugin_id = 'webhooks'`)[0]!.enabled).toBe(false);
  });
});
