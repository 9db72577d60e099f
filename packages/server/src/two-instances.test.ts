// Two server processes on one database behave as one: a status change and a location fix sent to
// instance A reach a customer's live stream on instance B, over LISTEN/NOTIFY and over Redis, and a booking race
// spread over both still has exactly one winner.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/database';
import { dayFromNow, makeBooking, makeCustomer, makeSchedulingWorld, makeStaff, makeWorkOrder, PASSWORD } from '../test/fixtures';
import { call, signInToken, silentLog } from '../test/http';
import { NO_REDIS, redisExpected, testRedisUrl } from '../test/redis';
import { spawnServer, type ServerProcess } from '../test/spawn-server';
import { openSse, type SseReader } from '../test/sse';
import { buildDeps, type BuiltDeps } from './build-deps';
import { loadEnv } from './env';

const redisUrl = await testRedisUrl();

describe.each([
  { bus: 'postgres' as const, env: { LIVE_BUS: 'postgres' } },
  ...(redisExpected ? [{ bus: 'redis' as const, env: { LIVE_BUS: 'redis', REDIS_URL: redisUrl } }] : []),
])('two server processes on one database, live bus $bus', ({ bus, env }) => {
  const db = useTestDatabase();
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;
  let deps: BuiltDeps;
  const streams: SseReader[] = [];

  beforeAll(async () => {
    if (bus === 'redis' && !redisUrl) {
      throw new Error(NO_REDIS);
    }
    deps = buildDeps({ sql: db.sql, databaseUrl: db.url, env: loadEnv({ LOG_LEVEL: 'silent', LIVE_BUS: 'memory' }), log: silentLog, publicUrl: 'http://127.0.0.1' });
    const common = { ...env, DATABASE_URL: db.url, JOBS_POLL_SECONDS: '0.5' };
    // Only A runs the job worker, so whatever B's streams hear came across from A.
    [a, b] = await Promise.all([spawnServer({ ...common, JOBS_WORKER: 'true' }), spawnServer({ ...common, JOBS_WORKER: 'false' })]);
  }, 120_000);

  afterAll(async () => {
    for (const s of streams) s.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await deps?.close();
  });

  it('a status change made on A reaches the customer’s stream on B; a technician’s location fix sent to A too', async () => {
    const w = await makeSchedulingWorld(deps);
    const { workOrderId } = await makeWorkOrder(db.sql, w.business.id);
    await db.sql`UPDATE work_order SET account_id = ${w.customer.accountId} WHERE id = ${workOrderId}`;
    const bookingId = (await makeBooking(db.sql, { businessId: w.business.id, workOrderId, resourceId: w.technicians[0]!.id, arrival: `${dayFromNow(1)}T18:00:00Z` })).id;
    const dispatcher = await makeStaff(deps, w.business.id, 'dispatcher');
    const customerToken = await signInToken(b!.url, w.business.slug, w.customer.email, PASSWORD);
    const staffToken = await signInToken(a!.url, w.business.slug, dispatcher.email, PASSWORD);

    const onB = await openSse(`${b!.url}/api/businesses/${w.business.slug}/live`, { authorization: `Bearer ${customerToken}` });
    streams.push(onB);
    expect(onB.status).toBe(200);
    const moved = await call(a!.url, 'POST', `/api/businesses/${w.business.slug}/admin/bookings/${bookingId}/status`, { token: staffToken, body: { status: 'traveling' } });
    expect(moved.status).toBe(200);
    const status = await onB.next((e) => e.event === 'booking.status', { timeoutMs: 10_000 });
    expect(JSON.parse(status.data)).toMatchObject({ bookingId, status: 'traveling' });

    // The technician shares a location fix through A's technician API: it reaches B too.
    const technician = await makeStaff(deps, w.business.id, 'technician');
    await db.sql`UPDATE resource SET user_id = ${technician.userId} WHERE id = ${w.technicians[0]!.id}`;
    const techToken = await signInToken(a!.url, w.business.slug, technician.email, PASSWORD);
    const recordedAt = new Date().toISOString();
    const ping = await call(a!.url, 'POST', `/api/businesses/${w.business.slug}/technician/visits/${bookingId}/locations`, {
      token: techToken,
      body: { fixes: [{ lat: 45.515, lon: -122.64, accuracyM: 6, headingDeg: 90, recordedAt }] },
    });
    expect(ping).toMatchObject({ status: 200, body: { accepted: 1 } });
    const fix = await onB.next((e) => e.event === 'tracking.position', { timeoutMs: 5000 });
    expect(JSON.parse(fix.data)).toMatchObject({ bookingId, position: { lat: 45.515, lon: -122.64, recordedAt } });
    // Another customer of the business hears none of it.
    const stranger = await makeCustomer(deps, w.business.id);
    const strangerStream = await openSse(`${b!.url}/api/businesses/${w.business.slug}/live`, { authorization: `Bearer ${await signInToken(b!.url, w.business.slug, stranger.email, PASSWORD)}` });
    streams.push(strangerStream);
    const done = await call(a!.url, 'POST', `/api/businesses/${w.business.slug}/admin/bookings/${bookingId}/status`, { token: staffToken, body: { status: 'in_progress' } });
    expect(done.status).toBe(200);
    await onB.next((e) => e.event === 'booking.status' && JSON.parse(e.data).status === 'in_progress', { timeoutMs: 10_000 });
    expect(strangerStream.events).toEqual([]);
  });

  it('a booking race spread over both instances has exactly one winner', async () => {
    const w = await makeSchedulingWorld(deps);
    const customers = await Promise.all(Array.from({ length: 4 }, () => makeCustomer(deps, w.business.id)));
    const tokens = await Promise.all(customers.map((c, i) => signInToken((i % 2 ? b! : a!).url, w.business.slug, c.email, PASSWORD)));
    const slots = (await call(a!.url, 'GET', `/api/businesses/${w.business.slug}/me/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(3)}`, { token: tokens[0] })).body.slots;
    const times = [slots[4].arrivalAt, slots[5].arrivalAt]; // 30 minutes apart, 60-minute visits: they overlap
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call((i % 2 ? b! : a!).url, 'POST', `/api/businesses/${w.business.slug}/me/bookings`, {
          token: tokens[i % tokens.length],
          headers: { 'idempotency-key': randomUUID() },
          body: { serviceTypeId: w.serviceTypeId, arrivalAt: times[Math.floor(i / 2) % 2] },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(39);
    const [{ n }] = (await db.sql`SELECT count(*)::int AS n FROM booking WHERE business_id = ${w.business.id} AND status <> 'canceled'`) as never as [{ n: number }];
    expect(n).toBe(1);
  });
});
