// The real API for browser tests: its own throw-away embedded PostgreSQL with the demo data, emails
// in the dev mailbox, and the test page's origin (ARRIVO_TEST_ORIGIN) allowed to embed.
// Prints one JSON line {"url": …} when ready; stops cleanly on SIGTERM.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv, startServer, stopOnSignals } from '@arrivo/server';
import { freePort } from '../packages/server/test/free-port';
import { hostDemo } from '../demo/host';
import { addDemoVisit } from '../demo/visits';

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
    // The demo technician's day is left out: each technician-app test makes the visits it needs.
    await hostDemo(app, deps, { technicianDay: false });
    const origin = process.env.ARRIVO_TEST_ORIGIN;
    if (origin) await deps.sql`UPDATE business_settings SET allowed_origins = ${[origin]} WHERE business_id = (SELECT id FROM business WHERE slug = 'rose-city')`;
    // Test-only: the technician app that moves visits along comes later; browser tests need
    // traveling and in-progress visits now. Exists only in this script, never in the product.
    app.post('/__test__/bookings/:id/status/:status', async (c) => {
      await deps.sql`UPDATE booking SET status = ${c.req.param('status')} WHERE id = ${c.req.param('id')}`;
      return c.body(null, 204);
    });
    // Test-only: a visit assigned to a technician (Maya by default), as a dispatcher would book it.
    app.post('/__test__/technician-visits', async (c) => {
      const v = await c.req.json<{ account: string; serviceType: string; asset?: string; arrivalAt: string; comments?: string; technician?: string }>();
      return c.json({ id: await addDemoVisit(deps, 'rose-city', { ...v, arrivalAt: new Date(v.arrivalAt) }) }, 201);
    });
  },
});
const close = server.close;
server.close = async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
};
stopOnSignals(server);
console.log(JSON.stringify({ url: server.url }));
