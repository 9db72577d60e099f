// The harness as a plugin author uses it: one real server for the file, a tiny plugin with a
// before-hook veto (settings-driven) and an after-hook, driven through the HTTP API.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { connect } from '@arrivo/server';
import { definePlugin, translate } from '../server';
import { startTestServer, type TestServer } from './index';

const afterCalls: { event: string; bookingId: string; tag: string }[] = [];

const guard = definePlugin({
  id: 'guard',
  version: '1.0.0',
  sdk: '^1',
  options: z.object({ tag: z.string() }),
  businessSettings: z.object({ blockedServiceTypes: z.array(z.string()).default([]) }),
  hooks: {
    'booking.create.before': (draft, ctx) => {
      if (ctx.settings?.blockedServiceTypes.includes(draft.serviceType.key)) {
        return { veto: { code: 'blocked', message: translate({ es: { 'Please call us to book this service.': 'Llámenos para reservar este servicio.' } }, ctx.locale, 'Please call us to book this service.') } };
      }
      return { patch: { comments: `[${ctx.options.tag}] ${draft.comments ?? ''}`.trim() } };
    },
    'booking.created.after': (event, ctx) => {
      afterCalls.push({ event: event.name, bookingId: event.payload.bookingId, tag: ctx.options.tag });
      ctx.log.info({ bookingId: event.payload.bookingId }, 'saw a booking');
    },
  },
});

describe('@arrivo/sdk/testing', () => {
  let arrivo: TestServer;
  beforeAll(async () => {
    arrivo = await startTestServer({ plugins: [[guard, { tag: 'G' }]], enable: { guard: { blockedServiceTypes: ['ac-repair'] } } });
  });
  afterAll(() => arrivo?.close());

  it('starts a real server with the test business and the plugin enabled with its settings', async () => {
    const res = await arrivo.api('/admin/plugins', { as: 'admin' });
    expect(res.status).toBe(200);
    const plugins = (await res.json()) as { id: string; enabled: boolean; settings: unknown }[];
    expect(plugins.find((p) => p.id === 'guard')).toMatchObject({ enabled: true, settings: { blockedServiceTypes: ['ac-repair'] } });
    expect((await arrivo.api('/api/health')).status).toBe(200);
    // The test business, seeded by the server (no demo data): its two types, and everyone signs in.
    expect(arrivo.business.slug).toBe('test-co');
    const types = (await (await arrivo.api('/me/service-types', { as: 'customer' })).json()) as { key: string }[];
    expect(types.map((t) => t.key).sort()).toEqual(['ac-repair', 'drain-cleaning']);
    for (const role of ['admin', 'dispatcher', 'technician', 'customer']) await expect(arrivo.signIn(role)).resolves.toMatch(/\S{20,}/);
    const technicians = (await (await arrivo.api('/admin/technicians', { as: 'admin' })).json()) as { name: string; email: string }[];
    expect(technicians).toEqual([expect.objectContaining({ name: 'Terry Technician', email: 'tech@test-co.example' })]);
  });

  it('books through the customer API, the before-hook patching and the after-hook running via the queue', async () => {
    const result = await arrivo.book({ serviceType: 'drain-cleaning', comments: 'Side door' });
    expect(result.ok, JSON.stringify(result.error)).toBe(true);
    expect(result.status).toBe(201);
    expect(result.booking!.comments).toBe('[G] Side door');
    const seen = await arrivo.eventually(() => afterCalls.find((c) => c.bookingId === result.booking!.id));
    expect(seen).toEqual({ event: 'booking.created', bookingId: result.booking!.id, tag: 'G' });
    expect(arrivo.logs('guard')).toContainEqual(expect.objectContaining({ level: 'info', msg: 'saw a booking', bookingId: result.booking!.id }));
    // The booking's confirmation email went to the test business's customer.
    const mail = await arrivo.eventually(async () => (await arrivo.messages('customer')).find((m) => m.text.includes('Drain cleaning')));
    expect(mail.to).toBe('customer@test-co.example');
  });

  it('shows a veto to the customer with the plugin’s message, and books nothing', async () => {
    const result = await arrivo.book({ serviceType: 'ac-repair' });
    expect(result).toMatchObject({ ok: false, status: 422, error: { code: 'plugin_veto', message: 'Please call us to book this service.', details: { plugin: 'guard', code: 'blocked' } } });
    const list = await (await arrivo.api('/me/bookings', { as: 'customer' })).json();
    expect(JSON.stringify(list)).not.toContain('AC repair');
    // In the customer's language (ctx.locale, from Accept-Language).
    const spanish = await arrivo.book({ serviceType: 'ac-repair', locale: 'es-MX' });
    expect(spanish.error).toMatchObject({ code: 'plugin_veto', message: 'Llámenos para reservar este servicio.' });
  });

  it('seeds another customer, who signs in, books and sees only their own visits', async () => {
    const sam = await arrivo.seed.customer({ email: 'Sam@Example.com', name: 'Sam Rivera' });
    expect(sam).toMatchObject({ email: 'sam@example.com', name: 'Sam Rivera', accountId: expect.any(String), contactId: expect.any(String), token: expect.stringMatching(/\S{20,}/) });
    const mine = await arrivo.book({ serviceType: 'drain-cleaning', as: sam.email });
    expect(mine.ok, JSON.stringify(mine.error)).toBe(true);
    const own = (await (await arrivo.api('/me/bookings', { headers: { authorization: `Bearer ${sam.token}` } })).json()) as { active: { id: string } | null; upcoming: { id: string }[]; past: { id: string }[] };
    const ids = [own.active, ...own.upcoming, ...own.past].filter((b) => b !== null).map((b) => b.id);
    expect(ids).toEqual([mine.booking!.id]);
    // The test customer does not see it; a second seeded customer gets a new address of their own.
    expect(JSON.stringify(await (await arrivo.api('/me/bookings', { as: 'customer' })).json())).not.toContain(mine.booking!.id);
    const other = await arrivo.seed.customer();
    expect(other.email).not.toBe(sam.email);
    expect(other.email).toMatch(/@test-co\.example$/);
    await expect(arrivo.signIn(other.email)).resolves.toBe(other.token);
  });

  it('seeds a service type through the staff API that the technician can do, so it books', async () => {
    const type = await arrivo.seed.serviceType({ key: 'water-heater', durationMinutes: 90, skills: ['Gas fitting', 'Plumbing'], intakeFields: [{ key: 'tankLitres', label: 'Tank size (litres)', kind: 'number', required: true }] });
    expect(type).toMatchObject({ key: 'water-heater', name: 'Water heater', durationMinutes: 90, selfSchedulingEnabled: true, pluginId: null });
    const skills = (await (await arrivo.api('/admin/skills', { as: 'admin' })).json()) as { id: string; name: string }[];
    // "Plumbing" was there already: reused, not doubled.
    expect(skills.filter((s) => s.name === 'Plumbing')).toHaveLength(1);
    expect(type.requiredSkillIds.sort()).toEqual(skills.filter((s) => ['Gas fitting', 'Plumbing'].includes(s.name)).map((s) => s.id).sort());
    const [technician] = (await (await arrivo.api('/admin/technicians', { as: 'admin' })).json()) as { skillIds: string[] }[];
    expect(technician!.skillIds).toEqual(expect.arrayContaining(type.requiredSkillIds));
    const types = (await (await arrivo.api('/me/service-types', { as: 'customer' })).json()) as { key: string; intakeFields: { key: string }[] }[];
    expect(types.find((t) => t.key === 'water-heater')?.intakeFields.map((f) => f.key)).toEqual(['tankLitres']);
    const booked = await arrivo.book({ serviceType: 'water-heater', intake: { tankLitres: 190 } });
    expect(booked.ok, JSON.stringify(booked.error)).toBe(true);
    expect(booked.booking!.serviceType).toMatchObject({ id: type.id, durationMinutes: 90 });
    expect((await arrivo.book({ serviceType: 'water-heater' })).error).toMatchObject({ code: 'validation_failed' });
    await expect(arrivo.seed.serviceType({ key: 'water-heater' })).rejects.toThrow(/seed.serviceType: "water-heater": 409/);
  });

  it('moves a booking along as staff', async () => {
    const { booking } = await arrivo.book({ serviceType: 'drain-cleaning' });
    const res = await arrivo.setStatus(booking!.id, 'traveling');
    expect(res.status).toBe(200);
    const mine = (await (await arrivo.api(`/me/bookings/${booking!.id}`, { as: 'customer' })).json()) as { status: string };
    expect(mine.status).toBe('traveling');
  });
});

describe('@arrivo/sdk/testing start-up checks', () => {
  // On a given cluster (this suite's own; DATABASE_URL works the same) rather than an embedded one.
  it('fails clearly when a business setting does not pass the plugin’s schema, and leaves nothing behind', async () => {
    const databaseUrl = inject('adminUrl');
    const databases = async () => {
      const sql = connect(databaseUrl, { max: 1 });
      try {
        return (await sql<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname LIKE 'arrivo_test_%'`).length;
      } finally {
        await sql.end();
      }
    };
    const before = await databases();
    await expect(startTestServer({ databaseUrl, plugins: [[guard, { tag: 'G' }]], enable: { guard: { blockedServiceTypes: 'all' } } })).rejects.toThrow(/enabling plugin "guard" failed \(400\)/);
    expect(await databases()).toBe(before);
  });
});
