// The real API for browser tests: its own throw-away embedded PostgreSQL with the demo data, emails
// in the dev mailbox, and the test page's origin (ARRIVO_TEST_ORIGIN) allowed to embed.
// Prints one JSON line {"url": …} when ready; stops cleanly on SIGTERM.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cors } from 'hono/cors';
import { loadEnv, startServer, stopOnSignals } from '@arrivo/server';
import { freePort } from '../packages/server/test/free-port';
import { hostDemo } from '../demo/host';

const dir = await mkdtemp(join(tmpdir(), 'arrivo-wtr-'));
await chmod(dir, 0o755); // PostgreSQL runs as the `postgres` user when we are root
const env = {
  ...loadEnv({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }),
  PORT: 0,
  ARRIVO_DATA_DIR: join(dir, 'data'),
  ARRIVO_PG_PORT: await freePort(),
};
const server = await startServer({
  env,
  configure: async (app, deps) => {
    await hostDemo(app, deps);
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
    if (origin) app.use('/__test__/*', cors({ origin, allowHeaders: ['Authorization', 'Last-Event-ID', 'X-Arrivo-Tracking-Token', 'Content-Type'] }));
    liveStandIns(app);
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
//   `silent` answers 200 and never sends a byte (a buffering proxy); `refuse` answers 502.
//   GET /__test__/sse/:key/count: how many connections that key has had.
//
// /__test__/tile/{z}/{x}/{y}.png  a local tile server (a tiny PNG); /__test__/no-tiles/… fails.
//
// /__test__/fake/api/businesses/:b/…  a stand-in of the tracking API (`me/bookings/:id/tracking`,
//   `tracking` with X-Arrivo-Tracking-Token, `live`) over views the tests put in with
//   POST /__test__/fake/views/:id (JSON TrackingView, `owner` = the bearer token allowed to read it,
//   `token` = a tracking link's token) and move with POST /__test__/fake/views/:id/fix|status.
// ---------------------------------------------------------------------------------------------
type Handler = (c: any) => Response | Promise<Response>;
type App = { get(path: string, h: Handler): unknown; post(path: string, h: Handler): unknown };

function liveStandIns(app: App) {
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
    const lastEventId = c.req.header('last-event-id') ?? null;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (scenario === 'silent') return; // headers only: nothing ever arrives
        controller.enqueue(enc.encode(': hello\n\n'));
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

  type View = Record<string, any> & { bookingId: string };
  const views = new Map<string, { view: View; owner?: string; token?: string }>();
  const streams = new Set<{ send: (type: string, data: unknown) => void; allowed: (id: string) => boolean }>();
  let seq = 0;
  const publish = (bookingId: string, type: string, data: unknown) => {
    for (const s of streams) if (s.allowed(bookingId)) s.send(type, data);
  };
  const bearer = (c: any) => /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  const notFound = (c: any) => c.json({ code: 'not_found', message: 'Not found.' }, 404);

  app.post('/__test__/fake/views/:id', async (c) => {
    const { view, owner, token } = await c.req.json();
    views.set(c.req.param('id'), { view, owner, token });
    return c.body(null, 204);
  });
  app.post('/__test__/fake/views/:id/fix', async (c) => {
    const entry = views.get(c.req.param('id'));
    if (!entry) return notFound(c);
    const { position, eta } = await c.req.json();
    entry.view = { ...entry.view, position, eta, trail: [...entry.view.trail, { lat: position.lat, lon: position.lon }] };
    publish(entry.view.bookingId, 'tracking.position', { bookingId: entry.view.bookingId, position, eta });
    return c.body(null, 204);
  });
  app.post('/__test__/fake/views/:id/status', async (c) => {
    const entry = views.get(c.req.param('id'));
    if (!entry) return notFound(c);
    const { status } = await c.req.json();
    entry.view = { ...entry.view, status, ...(status === 'traveling' ? {} : { position: null, eta: null, trail: [] }) };
    publish(entry.view.bookingId, 'booking.status', { bookingId: entry.view.bookingId, status, at: new Date().toISOString() });
    return c.body(null, 204);
  });
  app.get('/__test__/fake/api/businesses/:b/me/bookings/:id/tracking', (c) => {
    const entry = views.get(c.req.param('id'));
    if (!bearer(c)) return c.json({ code: 'unauthenticated', message: 'Sign in.' }, 401);
    return entry && entry.owner === bearer(c) ? c.json(entry.view) : notFound(c);
  });
  app.get('/__test__/fake/api/businesses/:b/tracking', (c) => {
    const token = c.req.header('x-arrivo-tracking-token');
    const entry = [...views.values()].find((e) => token && e.token === token);
    return entry ? c.json(entry.view) : c.json({ code: 'tracking_link_invalid', message: 'Invalid link.' }, 404);
  });
  app.get('/__test__/fake/api/businesses/:b/live', (c) => {
    const who = bearer(c);
    const token = c.req.header('x-arrivo-tracking-token');
    if (!who && !token) return c.json({ code: 'unauthenticated', message: 'Sign in.' }, 401);
    const allowed = (id: string) => {
      const entry = views.get(id);
      return !!entry && (who ? entry.owner === who : entry.token === token);
    };
    let stream: Parameters<typeof streams.add>[0];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(enc.encode(': open\n\n'));
        stream = { allowed, send: (type, data) => controller.enqueue(frame(String(++seq), type, data)) };
        streams.add(stream);
      },
      cancel() {
        streams.delete(stream);
      },
    });
    return new Response(body, { headers: sseHeaders });
  });
}
