// The real API for browser tests: its own throw-away embedded PostgreSQL with the demo data, emails
// in the dev mailbox, and the test page's origin (ARRIVO_TEST_ORIGIN) allowed to embed.
// Prints one JSON line {"url": …} when ready; stops cleanly on SIGTERM.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cors } from 'hono/cors';
import { findBusinessBySlug, loadEnv, startServer, stopOnSignals } from '@arrivo/server';
import { recordLocations } from '../packages/server/src/services/tracking';
import { issueSurveyToken } from '../packages/server/src/services/feedback';
import { updateBusinessPlugin } from '../packages/server/src/services/plugins';
import { freePort } from '../packages/server/test/free-port';
import { hostDemo } from '../demo/host';
import { addDemoVisit } from '../demo/visits';
import evCharger from '@arrivo/plugin-ev-charger';
import holidays from '@arrivo/plugin-holidays';

const dir = await mkdtemp(join(tmpdir(), 'arrivo-wtr-'));
await chmod(dir, 0o755); // PostgreSQL runs as the `postgres` user when we are root
const env = {
  ...loadEnv({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }),
  PORT: 0,
  ARRIVO_DATA_DIR: join(dir, 'data'),
  ARRIVO_PG_PORT: await freePort(),
  // Every browser test reaches the API from one address: no per-address limit on opening live streams.
  LIVE_OPENS_PER_MINUTE: 0,
};
const server = await startServer({
  env,
  // A service type with intake questions whose answers set its length, as the demo has it; and
  // holidays, for the console's plugin settings (settings its schema checks), switched off below.
  plugins: [evCharger, holidays],
  configure: async (app, deps) => {
    // The demo technician's day is left out: each technician-app test makes the visits it needs.
    await hostDemo(app, deps, { technicianDay: false });
    // The demo switches holidays on; off here, so no test's free times depend on the calendar.
    await updateBusinessPlugin(deps, (await findBusinessBySlug(deps.sql, 'rose-city'))!, 'holidays', { enabled: false });
    const origin = process.env.ARRIVO_TEST_ORIGIN;
    if (origin) await deps.sql`UPDATE business_settings SET allowed_origins = ${[origin]} WHERE business_id = (SELECT id FROM business WHERE slug = 'rose-city')`;
    // Test-only: the technician app that moves visits along comes later; browser tests need
    // traveling and in-progress visits now. Exists only in this script, never in the product.
    app.post('/__test__/bookings/:id/status/:status', async (c) => {
      const [row] = await deps.sql<{ account: string }[]>`
        UPDATE booking b SET status = ${c.req.param('status')} FROM work_order w
        WHERE b.id = ${c.req.param('id')} AND w.id = b.work_order_id RETURNING w.account_id AS account`;
      // …and tell the customer's open streams, as the status service's event would.
      if (row) await deps.live.publish(`account:${row.account}`, { type: 'booking.status', data: { bookingId: c.req.param('id'), status: c.req.param('status') as never, at: new Date().toISOString() } });
      return c.body(null, 204);
    });
    // Test-only: a survey link for a completed visit, as its Completed message would carry (the
    // status hook above does not go through the status service, which mints them).
    app.post('/__test__/bookings/:id/survey-link', async (c) => {
      const business = (await findBusinessBySlug(deps.sql, 'rose-city'))!;
      const token = await deps.sql.begin((tx) => issueSurveyToken(tx, { businessId: business.id, bookingId: c.req.param('id'), ttlDays: 14 }));
      return c.json({ token }, 201);
    });
    // Test-only: a visit assigned to a technician (Maya by default), as a dispatcher would book it.
    app.post('/__test__/technician-visits', async (c) => {
      const v = await c.req.json<{ account: string; serviceType: string; asset?: string; arrivalAt: string; comments?: string; technician?: string }>();
      return c.json({ id: await addDemoVisit(deps, 'rose-city', { ...v, arrivalAt: new Date(v.arrivalAt) }) }, 201);
    });
    // A fix from the visit's technician, through the same service as the technician app's pings
    // (stored, its ETA computed, published to the visit's and the account's live streams).
    app.post('/__test__/bookings/:id/fix', async (c) => {
      const business = (await findBusinessBySlug(deps.sql, 'rose-city'))!;
      const [technician] = await deps.sql<{ id: string; name: string }[]>`
        SELECT r.id, r.name FROM booking b JOIN resource r ON r.id = b.resource_id WHERE b.id = ${c.req.param('id')}`;
      const { lat, lon, recordedAt = new Date().toISOString() } = await c.req.json();
      // Test files share the demo technicians; fixes made here must not use up the per-technician
      // limit that the technician app's own requests (in another test file, at the same time) need.
      await deps.sql`DELETE FROM rate_limit WHERE key = ${`locations:technician:${technician!.id}`}`;
      return c.json(await recordLocations(deps, business, technician!, c.req.param('id'), { fixes: [{ lat, lon, accuracyM: 10, recordedAt }] }));
    });
    // Test-only: the newest resendable message to `recipient` as if delivery had given up (the dev
    // mailbox never fails), so the console's delivery log has a dead message to send again.
    app.post('/__test__/notifications/dead', async (c) => {
      const { recipient } = await c.req.json<{ recipient: string }>();
      const [row] = await deps.sql<{ id: string }[]>`
        UPDATE notification_log SET status = 'dead', attempts = 5, sent_at = NULL, last_error = 'mailbox unavailable'
        WHERE id = (SELECT id FROM notification_log WHERE recipient = ${recipient} AND sealed_content IS NOT NULL ORDER BY created_at DESC LIMIT 1)
        RETURNING id`;
      return row ? c.json(row, 200) : c.json({ code: 'not_found' }, 404);
    });
    // Every test file's page shares one client address (the browser's), so per-address windows
    // (redeem, forgot/reset password, sign-in) would add up across files; each file starts afresh.
    // The limits themselves are tested in the server suite.
    app.post('/__test__/forget-address-limits', async (c) => {
      await deps.sql`DELETE FROM rate_limit WHERE key LIKE 'redeem:ip:%' OR key LIKE 'forgot:%' OR key LIKE 'reset:ip:%' OR key LIKE 'sign-in:%'`;
      return c.body(null, 204);
    });
    if (origin) app.use('/__test__/*', cors({ origin, allowHeaders: ['Authorization', 'Last-Event-ID', 'X-Arrivo-Tracking-Token', 'Content-Type'] }));
    testEndpoints(app);
  },
});
const close = server.close;
server.close = async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
};
stopOnSignals(server);
console.log(JSON.stringify({ url: server.url }));

// ---------------------------------------------------------------------------------------------
// Test-only live endpoints for the elements' stream client and live map, called from the test
// page (cross-origin, hence the CORS above). Never part of the product.
//
// /__test__/sse/:key?scenario=…  a scripted SSE stream: `drop` sends one message then hangs up (the
//   next connection gets a message echoing the Last-Event-ID it sent); `resync` sends `resync`;
//   `silent` answers 200 and never sends a byte (a buffering proxy); `refuse` answers 502;
//   `end-<reason>` sends `event: end` with that reason and hangs up (later connections: 401);
//   `status-<n>` answers that status with a JSON error (`&code=…`, default unauthenticated).
//   GET /__test__/sse/:key/count: how many connections that key has had.
//
// /__test__/tile/{z}/{x}/{y}.png  a local tile server (a tiny PNG); /__test__/no-tiles/… fails.
// ---------------------------------------------------------------------------------------------
type Handler = (c: any) => Response | Promise<Response>;
type App = { get(path: string, h: Handler): unknown; post(path: string, h: Handler): unknown };

function testEndpoints(app: App) {
  const enc = new TextEncoder();
  const frame = (id: string | undefined, type: string, data: unknown) => enc.encode(`${id ? `id: ${id}\n` : ''}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  const sseHeaders = { 'content-type': 'text/event-stream', 'cache-control': 'no-store' };
  const counts = new Map<string, number>();

  app.get('/__test__/sse/:key/count', (c) => c.json({ count: counts.get(c.req.param('key')) ?? 0 }));
  app.get('/__test__/sse/:key', (c) => {
    const key = c.req.param('key');
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    const scenario = c.req.query('scenario');
    const bookingId = c.req.query('bookingId') ?? '00000000-0000-4000-8000-000000000000';
    if (scenario === 'refuse') return c.text('bad gateway', 502);
    const status = /^status-(\d{3})$/.exec(scenario ?? '')?.[1];
    const refused = (code: number, errorCode: string) => c.json({ code: errorCode, message: 'refused' }, code);
    if (status) return refused(Number(status), c.req.query('code') ?? 'unauthenticated');
    const ending = /^end-(\w+)$/.exec(scenario ?? '')?.[1];
    if (ending && n > 1) return refused(401, 'unauthenticated');
    const lastEventId = c.req.header('last-event-id') ?? null;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (scenario === 'silent') return; // headers only: nothing ever arrives
        controller.enqueue(enc.encode(': hello\n\n'));
        if (ending) {
          controller.enqueue(frame(undefined, 'end', { reason: ending }));
          return controller.close();
        }
        if (scenario === 'resync') controller.enqueue(frame(`r${n}`, 'resync', {}));
        else if (n === 1) {
          controller.enqueue(frame(`${key}-1`, 'booking.changed', { bookingId, connection: n, lastEventId }));
          if (scenario === 'drop') controller.close();
        } else controller.enqueue(frame(`${key}-${n}`, 'booking.changed', { bookingId, connection: n, lastEventId }));
      },
    });
    return new Response(body, { headers: sseHeaders });
  });

  // A local tile server: every tile is one light grey 1×1 PNG; /__test__/no-tiles/… always fails.
  const tile = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP4/+/ffwAJ+wP9BUNFygAAAABJRU5ErkJggg==', 'base64');
  app.get('/__test__/tile/:z/:x/:y', () => new Response(tile, { headers: { 'content-type': 'image/png' } }));
  app.get('/__test__/no-tiles/:z/:x/:y', (c) => c.text('no tiles here', 404));
}
