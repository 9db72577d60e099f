// `npm start`: embedded PostgreSQL (or DATABASE_URL), migrations, demo seed, API + demo site.
import { EnvError, StartError, startServer, stopOnSignals } from '@arrivo/server';
import { databaseLine } from './banner';
import { hostDemo } from './host';
import { DEMO_PASSWORD, DEMO_SIGN_INS, DEMO_SLUG } from './seed';

try {
  let seeded = false;
  const server = await startServer({
    configure: async (app, deps) => {
      ({ seeded } = await hostDemo(app, deps));
    },
  });
  stopOnSignals(server);
  console.log(`
  Arrivo demo is running${seeded ? ' (demo data created)' : ''}

    Demo site:     ${server.url}/
    Book a visit:  ${server.url}/book.html
    API health:    ${server.url}/api/health
    OpenAPI:       ${server.url}/api/openapi.json
    Business slug: ${DEMO_SLUG}
    Dev mailbox:   ${server.url}/dev/mailbox   (invitation and reset emails, when SMTP_URL is not set)
    Database:      ${databaseLine(server.db)}

  Demo sign-ins (password ${DEMO_PASSWORD}):
${DEMO_SIGN_INS.map((p) => `    ${p.role.padEnd(11)} ${p.email}`).join('\n')}
    …and invitations waiting for Ada, Marco and Priya in the dev mailbox.

  Press Ctrl-C to stop.
`);
} catch (err) {
  // Problems the person starting the demo must fix say what to do; a stack trace would only bury that.
  console.error(err instanceof EnvError || err instanceof StartError ? err.message : err);
  process.exit(1);
}

