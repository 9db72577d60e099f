// `npm start`: embedded PostgreSQL (or DATABASE_URL), migrations, demo seed, API + demo site.
import { EnvError, loadArrivoConfig, loadEnv, StartError, startServer, stopOnSignals, type AppDeps } from '@arrivo/server';
import { databaseLine } from './banner';
import { hostDemo } from './host';
import { DEMO_PASSWORD, DEMO_SIGN_INS, DEMO_SLUG } from './seed';
import { simulateVisit } from './simulate';
import { currentDemoTrip, DEMO_TECHNICIAN_EMAIL } from './visits';

try {
  let seeded = false;
  let webhooks = false;
  let demoDeps: AppDeps | undefined;
  // Plugins come from arrivo.config.ts (or the file ARRIVO_CONFIG names), when there is one.
  const { plugins } = await loadArrivoConfig(loadEnv().ARRIVO_CONFIG);
  const server = await startServer({
    plugins,
    configure: async (app, deps) => {
      demoDeps = deps;
      ({ seeded, webhooks } = await hostDemo(app, deps));
    },
  });
  stopOnSignals(server);
  // Maya is on her way to Linh's: a simulated technician drives her there through the real
  // location API, so the live map moves from the first minute.
  const trip = await currentDemoTrip(demoDeps!.sql, DEMO_SLUG);
  console.log(`
  Arrivo demo is running${seeded ? ' (demo data created)' : ''}

    Demo site:     ${server.url}/
    Book a visit:  ${server.url}/book.html
    Technician:    ${server.url}/technician.html
    Staff console: ${server.url}/staff.html
${webhooks ? `    Webhooks:      ${server.url}/webhooks.html   (signed deliveries to the demo's own receiver)\n` : ''}    API health:    ${server.url}/api/health
    OpenAPI:       ${server.url}/api/openapi.json
    Business slug: ${DEMO_SLUG}
    Dev mailbox:   ${server.url}/dev/mailbox   (invitation and reset emails, when SMTP_URL is not set)
    Database:      ${databaseLine(server.db)}

  Demo sign-ins (password ${DEMO_PASSWORD}):
${DEMO_SIGN_INS.map((p) => `    ${p.role.padEnd(11)} ${p.email}`).join('\n')}
    …and invitations waiting for Ada, Marco and Priya in the dev mailbox.
${trip ? `
  Live tracking: Maya (simulated) is driving to Linh's visit. Sign in as Linh on
  ${server.url}/book.html and choose View Live Map; \`npm run simulate\` drives any visit.
` : ''}
  Press Ctrl-C to stop.
`);
  if (trip) {
    const stop = new AbortController();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
    simulateVisit({
      url: server.url,
      business: DEMO_SLUG,
      email: DEMO_TECHNICIAN_EMAIL,
      password: DEMO_PASSWORD,
      bookingId: trip,
      loop: true,
      signal: stop.signal,
      log: (line) => console.log(`  [simulated technician] ${line}`),
    }).catch((err: unknown) => console.error(`  [simulated technician] stopped: ${err instanceof Error ? err.message : String(err)}`));
  }
} catch (err) {
  // Problems the person starting the demo must fix say what to do; a stack trace would only bury that.
  console.error(err instanceof EnvError || err instanceof StartError ? err.message : err);
  process.exit(1);
}

