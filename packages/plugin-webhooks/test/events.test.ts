// Every event the plugin advertises reaches a receiver, signed, with its payload: a booking made,
// moved and canceled, a visit taken to Completed, and the customer's (low) rating of it. One server
// (through @arrivo/sdk/testing, as a plugin author tests), one receiver, the events in sequence.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '@arrivo/sdk/testing';
import webhooks, { WEBHOOK_EVENTS } from '../src/index';
import { receiver, type Received } from './receiver';

/** A day `n` days from now where the test business is (YYYY-MM-DD). */
const dayFromNow = (n: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date(Date.now() + n * 86_400_000));

describe('webhooks plugin: every advertised event', () => {
  let arrivo: TestServer;
  let hook: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    // The receiver is on 127.0.0.1: allowed only because the install says so.
    arrivo = await startTestServer({ databaseUrl: inject('adminUrl'), plugins: [[webhooks, { allowPrivateNetworks: true }]] });
    hook = await receiver();
    const created = await arrivo.api('/plugins/webhooks/endpoints', { method: 'POST', as: 'admin', json: { url: hook.url, events: [...WEBHOOK_EVENTS] } });
    expect(created.status).toBe(201);
    hook.state.secret = ((await created.json()) as { secret: string }).secret;
  });
  afterAll(async () => {
    await hook?.close();
    await arrivo?.close();
  });

  /** The delivery of `type` about `bookingId` (waits for it), its signature checked by the receiver. */
  const delivered = async (type: string, bookingId: string, extra: (data: Record<string, unknown>) => boolean = () => true) => {
    const got = await arrivo.eventually(
      () =>
        hook.state.received
          .map((r) => ({ r, body: JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, unknown> } }))
          .find(({ body }) => body.type === type && body.data.bookingId === bookingId && extra(body.data)),
      { timeoutMs: 20_000 },
    );
    return got as { r: Received; body: { type: string; timestamp: string; data: Record<string, unknown> } };
  };

  it('sends booking.created, booking.rescheduled, booking.canceled and the status change, signed', async () => {
    const first = await arrivo.book({ serviceType: 'drain-cleaning', day: dayFromNow(3) });
    expect(first.ok, JSON.stringify(first.error)).toBe(true);
    const booking = first.booking!;
    const created = await delivered('booking.created', booking.id);
    expect(created.r.verified).toBe(true);
    expect(created.body.data).toMatchObject({ id: created.r.id, bookingId: booking.id, arrivalAt: booking.arrivalAt, source: 'portal' });

    // The customer moves it to another free time that day.
    const slots = (await (await arrivo.api(`/me/slots?serviceTypeId=${booking.serviceType.id}&date=${dayFromNow(3)}`, { as: 'customer' })).json()) as { slots: { arrivalAt: string }[] };
    const to = slots.slots.map((s) => s.arrivalAt).find((at) => Date.parse(at) !== Date.parse(booking.arrivalAt))!;
    const moved = await arrivo.api(`/me/bookings/${booking.id}/reschedule`, { method: 'POST', as: 'customer', json: { arrivalAt: to } });
    expect(moved.status, await moved.clone().text()).toBe(200);
    const rescheduled = await delivered('booking.rescheduled', booking.id);
    expect(rescheduled.r.verified).toBe(true);
    expect(Date.parse(rescheduled.body.data.arrivalAt as string)).toBe(Date.parse(to));
    expect(rescheduled.body.data).toMatchObject({ bookingId: booking.id, previous: { arrivalAt: expect.any(String) } });
    expect(Date.parse((rescheduled.body.data.previous as { arrivalAt: string }).arrivalAt)).toBe(Date.parse(booking.arrivalAt));

    // Then cancels it: the cancel (with its reason) and the status change, each its own message.
    const canceled = await arrivo.api(`/me/bookings/${booking.id}/cancel`, { method: 'POST', as: 'customer', json: { reason: 'Fixed it myself' } });
    expect(canceled.status).toBe(200);
    const cancel = await delivered('booking.canceled', booking.id);
    expect(cancel.r.verified).toBe(true);
    expect(cancel.body.data).toMatchObject({ bookingId: booking.id, from: 'scheduled', reason: 'Fixed it myself' });
    const change = await delivered('booking.status_changed', booking.id, (d) => d.to === 'canceled');
    expect(change.r.verified).toBe(true);
    expect(change.body.data).toMatchObject({ bookingId: booking.id, from: 'scheduled', to: 'canceled' });
    expect(change.r.id).not.toBe(cancel.r.id);
  });

  it('sends each status change of a visit, without its sealed links, then the feedback and its low score', async () => {
    const { booking } = await arrivo.book({ serviceType: 'drain-cleaning' });
    for (const status of ['traveling', 'in_progress', 'completed']) expect((await arrivo.setStatus(booking!.id, status, `now ${status}`)).status).toBe(200);
    for (const [from, to] of [
      ['scheduled', 'traveling'],
      ['traveling', 'in_progress'],
      ['in_progress', 'completed'],
    ]) {
      const got = await delivered('booking.status_changed', booking!.id, (d) => d.to === to);
      expect(got.r.verified).toBe(true);
      expect(got.body.data).toMatchObject({ bookingId: booking!.id, from, to, note: `now ${to}` });
      // The tracking and survey links are for Arrivo's own messages only.
      expect(got.r.body).not.toMatch(/sealed/i);
    }

    // The customer rates it 1 of 5 (the default low-score threshold is 2).
    const rated = await arrivo.api(`/me/bookings/${booking!.id}/feedback`, { method: 'POST', as: 'customer', json: { rating: 1, recommend: 3, comment: 'Late' } });
    expect(rated.status, await rated.clone().text()).toBe(201);
    const submitted = await delivered('feedback.submitted', booking!.id);
    expect(submitted.r.verified).toBe(true);
    expect(submitted.body.data).toMatchObject({ bookingId: booking!.id, serviceTypeId: booking!.serviceType.id, rating: 1, recommend: 3, feedbackId: expect.any(String) });
    const low = await delivered('feedback.low_score', booking!.id);
    expect(low.r.verified).toBe(true);
    expect(low.body.data).toMatchObject({ bookingId: booking!.id, feedbackId: submitted.body.data.feedbackId, rating: 1, threshold: 2 });

    // Every advertised event but the invitation (demo/webhooks.test.ts) arrived, each signed.
    const types = new Set(hook.state.received.map((r) => (JSON.parse(r.body) as { type: string }).type));
    expect([...types].sort()).toEqual(WEBHOOK_EVENTS.filter((e) => e !== 'invitation.created').sort());
    expect(hook.state.received.every((r) => r.verified)).toBe(true);
  });
});
