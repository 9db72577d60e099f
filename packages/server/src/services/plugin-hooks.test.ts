// Plugins' hooks on the real booking paths: before-hooks inside the transaction (patch, veto,
// failure, time-out), their narrow context, enablement per business, and after-hooks through
// the event queue.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, type BookingCreateDraft, type PluginContext } from '@arrivo/sdk/server';
import type { DomainEvent } from '@arrivo/core';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeStaff, makeSchedulingWorld, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

type Mode = 'pass' | 'veto' | 'patch' | 'throw' | 'hang' | 'nonsense';
const state = {
  mode: 'pass' as Mode,
  calls: [] as string[],
  seen: [] as { draft: unknown; ctx: PluginContext }[],
  after: [] as DomainEvent[],
  /** After-hook attempts per event id: each event's first attempt fails. */
  attempts: new Map<string, number>(),
};

const gatekeeper = definePlugin({
  id: 'gatekeeper',
  version: '1.0.0',
  sdk: '^1',
  options: z.object({ tag: z.string() }),
  businessSettings: z.object({ note: z.string().default('none') }),
  hooks: {
    'booking.create.before': (draft, ctx) => {
      state.calls.push('gatekeeper:create');
      state.seen.push({ draft, ctx });
      switch (state.mode) {
        case 'veto':
          return { veto: { code: 'too_far', message: 'We cannot install chargers that far from the panel. Call us to plan it.' } };
        case 'patch':
          return { patch: { comments: `[${ctx.options.tag}] ${draft.comments ?? ''}`.trim(), arrivalAt: '2000-01-01T00:00:00Z' } as never };
        case 'throw':
          throw new Error('gatekeeper exploded');
        case 'hang':
          return new Promise<never>(() => undefined);
        case 'nonsense':
          return { allow: 'yes' } as never;
        default:
          return undefined;
      }
    },
    'booking.reschedule.before': (_draft, ctx) => {
      state.calls.push(`gatekeeper:reschedule:${ctx.locale}`);
      return state.mode === 'veto' ? { veto: { code: 'frozen', message: 'This visit is fixed: call us to move it.' } } : undefined;
    },
    'booking.cancel.before': (draft, ctx) => {
      state.calls.push(`gatekeeper:cancel:${draft.actor.kind}:${ctx.locale}`);
      if (state.mode === 'veto') return { veto: { code: 'no_cancel', message: 'Parts were ordered for this visit: call us to cancel.' } };
      return { patch: { reason: `${draft.reason} (via gatekeeper)` } };
    },
  },
});

// Runs second: sees what the first left.
const second = definePlugin({
  id: 'second',
  version: '1.0.0',
  sdk: '^1',
  hooks: {
    'booking.create.before': (draft: Readonly<BookingCreateDraft>) => {
      state.calls.push(`second:create:${draft.comments ?? ''}`);
      return undefined;
    },
  },
});

const recorder = definePlugin({
  id: 'recorder',
  version: '1.0.0',
  sdk: '^1',
  hooks: {
    'booking.created.after': async (event) => {
      const attempt = (state.attempts.get(event.id) ?? 0) + 1;
      state.attempts.set(event.id, attempt);
      if (attempt === 1) throw new Error('receiver down');
      state.after.push(event);
    },
  },
});

// Installed everywhere, enabled nowhere: never called.
const idle = definePlugin({
  id: 'idle',
  version: '1.0.0',
  sdk: '^1',
  hooks: { 'booking.create.before': () => void state.calls.push('idle'), 'booking.created.after': async () => void state.calls.push('idle:after') },
});

const lines: Record<string, unknown>[] = [];
const log = pino({ level: 'info' }, new Writable({ write: (chunk, _, done) => (lines.push(JSON.parse(String(chunk))), done()) }));

describe('plugin hooks on the booking paths', () => {
  const api = useTestApp({
    plugins: [[gatekeeper, { tag: 'EV' }], second, recorder, idle],
    env: { PLUGIN_TIMEOUT_MS: '300' },
    log,
  });
  let w: Awaited<ReturnType<typeof makeSchedulingWorld>>;
  let token = '';
  let adminToken = '';
  const day = dayFromNow(4);
  const me = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(api.url, method, `/api/businesses/${w.business.slug}/me${path}`, { token, body, headers });
  const slots = async (date = day) => (await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`)).body.slots as { arrivalAt: string }[];
  const book = (arrivalAt: string, key = randomUUID()) => me('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt, comments: 'Gate code 12' }, { 'idempotency-key': key });
  const counts = async () => (await api.sql`SELECT (SELECT count(*)::int FROM booking WHERE business_id = ${w.business.id}) AS bookings, (SELECT count(*)::int FROM work_order WHERE business_id = ${w.business.id}) AS orders`)[0];

  beforeAll(async () => {
    w = await makeSchedulingWorld(api.deps);
    const admin = await makeStaff(api.deps, w.business.id, 'admin');
    token = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    adminToken = await signInToken(api.url, w.business.slug, admin.email, PASSWORD);
    await api.sql`INSERT INTO business_plugin (business_id, plugin_id, enabled, settings) VALUES
      (${w.business.id}, 'gatekeeper', true, ${api.sql.json({ note: 'set here' })}),
      (${w.business.id}, 'second', true, NULL),
      (${w.business.id}, 'recorder', true, NULL),
      (${w.business.id}, 'idle', false, NULL)`;
  });
  beforeEach(async () => {
    state.mode = 'pass';
    state.calls = [];
    state.seen = [];
    await api.sql`DELETE FROM rate_limit`;
  });

  it('runs before-hooks in order, with a narrow context: the business, options, settings, a tagged logger — nothing else', async () => {
    const [slot] = await slots();
    const res = await book(slot!.arrivalAt);
    expect(res.status).toBe(201);
    expect(state.calls).toEqual(['gatekeeper:create', 'second:create:Gate code 12']);
    const { draft, ctx } = state.seen[0]!;
    expect(draft).toMatchObject({ actor: { kind: 'customer' }, serviceType: { id: w.serviceTypeId, key: 'drain' }, arrivalAt: slot!.arrivalAt, comments: 'Gate code 12', accountId: w.customer.accountId });
    expect(Object.isFrozen(draft)).toBe(true);
    expect(Object.keys(ctx).sort()).toEqual(['business', 'db', 'locale', 'log', 'options', 'pluginId', 'settings', 'signal']);
    // No Accept-Language on this request: English.
    expect(ctx.locale).toBe('en');
    expect(ctx.business).toEqual({ id: w.business.id, slug: w.business.slug, timeZone: 'America/Los_Angeles' });
    expect(ctx.options).toEqual({ tag: 'EV' });
    expect(ctx.settings).toEqual({ note: 'set here' });
    expect(Object.keys(ctx.log).sort()).toEqual(['debug', 'error', 'info', 'warn']);
  });

  it('applies a patch of the fields the hook allows and ignores the rest', async () => {
    state.mode = 'patch';
    const [, slot] = await slots();
    const res = await book(slot!.arrivalAt);
    expect(res.status).toBe(201);
    expect(res.body.comments).toBe('[EV] Gate code 12');
    expect(res.body.arrivalAt).toBe(slot!.arrivalAt);
    expect(state.calls).toContain('second:create:[EV] Gate code 12');
  });

  it('turns a veto into plugin_veto with the plugin’s reason, and writes nothing', async () => {
    state.mode = 'veto';
    const before = await counts();
    const [, , slot] = await slots();
    const key = randomUUID();
    const res = await book(slot!.arrivalAt, key);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'plugin_veto',
      message: 'We cannot install chargers that far from the panel. Call us to plan it.',
      details: { plugin: 'gatekeeper', code: 'too_far', reason: 'We cannot install chargers that far from the panel. Call us to plan it.' },
    });
    expect(state.calls).toEqual(['gatekeeper:create']); // the veto stops the chain
    expect(await counts()).toEqual(before);
    // Not even the idempotency claim was kept: the same key books once the plugin agrees.
    state.mode = 'pass';
    expect((await book(slot!.arrivalAt, key)).status).toBe(201);
  });

  it.each([
    ['throws', 'throw' as const, 'threw'],
    ['never answers', 'hang' as const, 'timed_out'],
    ['answers nonsense', 'nonsense' as const, undefined],
  ])('fails the request with plugin_unavailable when a before-hook %s, writes nothing, and logs the plugin’s id', async (_, mode, outcome) => {
    state.mode = mode;
    const before = await counts();
    const [, , , slot] = await slots();
    const started = Date.now();
    const res = await book(slot!.arrivalAt);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'plugin_unavailable', details: { plugin: 'gatekeeper' } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await counts()).toEqual(before);
    const logged = lines.filter((l) => l.plugin === 'gatekeeper' && l.level === 50);
    expect(logged.length).toBeGreaterThan(0);
    if (outcome) expect(logged.some((l) => l.outcome === outcome && l.call === 'booking.create.before')).toBe(true);
  });

  it('lets a reschedule be vetoed, leaving the visit where it was', async () => {
    const [a, b] = (await slots()).slice(-2);
    const booked = await book(a!.arrivalAt);
    state.mode = 'veto';
    const res = await me('POST', `/bookings/${booked.body.id}/reschedule`, { arrivalAt: b!.arrivalAt }, { 'accept-language': 'es-MX,es;q=0.9' });
    expect(res.status).toBe(422);
    // The hook had the customer's language to write its reason in.
    expect(state.calls).toContain('gatekeeper:reschedule:es-MX');
    expect(res.body).toMatchObject({ code: 'plugin_veto', message: 'This visit is fixed: call us to move it.' });
    expect((await me('GET', `/bookings/${booked.body.id}`)).body.arrivalAt).toBe(a!.arrivalAt);
  });

  it('runs cancel hooks for customers and staff alike: a patched reason is stored, a veto keeps the visit', async () => {
    const [x, , , y] = await slots(dayFromNow(5));
    const mine = await book(x!.arrivalAt);
    const canceled = await me('POST', `/bookings/${mine.body.id}/cancel`, { reason: 'Moving house' }, { 'accept-language': 'ar' });
    expect(canceled.status).toBe(200);
    expect(canceled.body.cancelReason).toBe('Moving house (via gatekeeper)');
    const theirs = await book(y!.arrivalAt);
    state.mode = 'veto';
    const staff = await call(api.url, 'POST', `/api/businesses/${w.business.slug}/admin/bookings/${theirs.body.id}/status`, { token: adminToken, body: { status: 'canceled', note: 'Tech sick' } });
    expect(staff.status).toBe(422);
    expect(staff.body.code).toBe('plugin_veto');
    // The customer's language reaches the hook; staff changes are in English.
    expect(state.calls.filter((c) => c.includes(':cancel:'))).toEqual(['gatekeeper:cancel:customer:ar', 'gatekeeper:cancel:staff:en']);
    expect((await me('GET', `/bookings/${theirs.body.id}`)).body.status).toBe('scheduled');
  });

  it('runs after-hooks from the queue once per event, retrying a failure, never failing the request; skips plugins the business did not enable', async () => {
    const [slot] = await slots(dayFromNow(6));
    const res = await book(slot!.arrivalAt);
    expect(res.status).toBe(201); // the after-hook's first attempt throws: the customer never sees it
    await expect.poll(() => state.after.find((e) => e.name === 'booking.created' && e.payload.bookingId === res.body.id), { timeout: 15_000, interval: 200 }).toBeTruthy();
    expect(lines.some((l) => l.plugin === 'recorder' && l.outcome === 'threw')).toBe(true);
    const event = state.after.find((e) => e.name === 'booking.created' && e.payload.bookingId === res.body.id)!;
    const claims = await api.sql`SELECT subscriber FROM event_delivery WHERE event_id = ${event.id} AND subscriber LIKE 'plugin:%'`;
    // Handled once; the idle plugin's subscriber claims the event too, and does nothing with it.
    expect(claims.map((c) => c.subscriber).sort()).toEqual(['plugin:idle', 'plugin:recorder']);
    expect(state.after.filter((e) => e.id === event.id)).toHaveLength(1);
    expect(state.attempts.get(event.id)).toBe(2);
    expect(state.calls.filter((c) => c.startsWith('idle'))).toEqual([]);
  });
});
