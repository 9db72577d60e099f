// A plugin's notification channel on the real delivery path: a copy of each message it wants, for
// businesses that enabled it and contacts who chose what it carries, with its own log row and retries.
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { definePlugin, type ChannelMessage, type PluginContext } from '@arrivo/sdk/server';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeSchedulingWorld, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

const sent: { message: ChannelMessage; ctx: PluginContext }[] = [];
const attempts = new Map<string, number>();
const texter = definePlugin({
  id: 'texter',
  version: '1.0.0',
  sdk: '^1',
  channels: [
    {
      key: 'sms',
      address: 'phone',
      events: ['booking.created'],
      async send(message, ctx) {
        const n = (attempts.get(message.subject) ?? 0) + 1;
        attempts.set(message.subject, n);
        // The first attempt at each message fails (the gateway is busy), the second goes through.
        if (n === 1) return { ok: false, retryable: true, error: 'gateway busy' };
        sent.push({ message, ctx });
        return { ok: true };
      },
    },
  ],
});

describe('plugin notification channels', () => {
  const api = useTestApp({ plugins: [texter] });
  let on: Awaited<ReturnType<typeof makeSchedulingWorld>>;
  let off: Awaited<ReturnType<typeof makeSchedulingWorld>>;
  const day = dayFromNow(3);

  const bookFirstSlot = async (w: typeof on) => {
    const token = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    const base = `/api/businesses/${w.business.slug}/me`;
    const [slot] = (await call(api.url, 'GET', `${base}/slots?serviceTypeId=${w.serviceTypeId}&date=${day}`, { token })).body.slots;
    const res = await call(api.url, 'POST', `${base}/bookings`, { token, body: { serviceTypeId: w.serviceTypeId, arrivalAt: slot.arrivalAt }, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const logOf = (bookingId: string) =>
    api.sql<{ channel: string; status: string; attempts: number; recipient: string }[]>`SELECT channel, status, attempts, recipient FROM notification_log WHERE booking_id = ${bookingId} ORDER BY channel`;

  const choose = (w: typeof on, c: { email: boolean; sms: boolean; phone: string | null }) =>
    api.sql`UPDATE contact SET notify_email = ${c.email}, notify_sms = ${c.sms}, phone = ${c.phone} WHERE id = ${w.customer.contactId}`;
  const PHONE = '+1 503 555 0142';

  beforeAll(async () => {
    on = await makeSchedulingWorld(api.deps);
    off = await makeSchedulingWorld(api.deps);
    await api.sql`INSERT INTO business_plugin (business_id, plugin_id, enabled) VALUES (${on.business.id}, 'texter', true)`;
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('delivers a copy of each wanted message through the plugin to the contact’s phone, with its own log row and retries', async () => {
    await choose(on, { email: true, sms: true, phone: PHONE });
    const bookingId = await bookFirstSlot(on);
    await expect.poll(async () => (await logOf(bookingId)).map((r) => [r.channel, r.status]), { timeout: 20_000, interval: 250 }).toEqual([
      ['email', 'sent'],
      ['texter.sms', 'sent'],
    ]);
    const rows = await logOf(bookingId);
    expect(rows[0]).toMatchObject({ recipient: on.customer.email });
    expect(rows[1]).toMatchObject({ attempts: 2, recipient: PHONE });
    const delivered = sent.find((s) => s.ctx.business.id === on.business.id)!;
    expect(delivered.message).toMatchObject({ event: 'booking.created', to: PHONE, phone: PHONE });
    expect(delivered.message.subject).toBeTruthy();
    expect(delivered.ctx).toMatchObject({ pluginId: 'texter', business: { slug: on.business.slug } });
  });

  it('sends no SMS copy to a contact who did not choose SMS, or has no phone', async () => {
    await choose(on, { email: true, sms: false, phone: PHONE });
    const notChosen = await bookFirstSlot(on);
    await choose(on, { email: true, sms: true, phone: null });
    const noPhone = await bookFirstSlot(on);
    for (const bookingId of [notChosen, noPhone]) {
      await expect.poll(async () => (await logOf(bookingId)).map((r) => [r.channel, r.status]), { timeout: 20_000, interval: 250 }).toEqual([['email', 'sent']]);
    }
  });

  it('sends only the SMS, to the phone, to a contact who chose SMS and no email', async () => {
    await choose(on, { email: false, sms: true, phone: PHONE });
    const bookingId = await bookFirstSlot(on);
    await expect.poll(async () => (await logOf(bookingId)).map((r) => [r.channel, r.status, r.recipient]), { timeout: 20_000, interval: 250 }).toEqual([['texter.sms', 'sent', PHONE]]);
  });

  it('sends nothing through the plugin for a business that has not enabled it', async () => {
    await choose(off, { email: true, sms: true, phone: PHONE });
    const bookingId = await bookFirstSlot(off);
    await expect.poll(async () => (await logOf(bookingId)).map((r) => [r.channel, r.status]), { timeout: 20_000, interval: 250 }).toEqual([['email', 'sent']]);
  });
});
