// `npm start`: embedded PostgreSQL (or DATABASE_URL), migrations, demo seed, API + demo site.
import { EnvError, startServer, stopOnSignals } from '@arrivo/server';
import { hostDemo } from './host';
import { DEMO_SLUG } from './seed';

try {
  let seeded = false;
  const server = await startServer({
    configure: async (app, db) => {
      ({ seeded } = await hostDemo(app, db.sql));
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
    Database:      ${server.db.embedded ? 'embedded PostgreSQL (.data/postgres)' : 'DATABASE_URL'}

  Press Ctrl-C to stop.
`);
} catch (err) {
  console.error(err instanceof EnvError ? err.message : err);
  process.exit(1);
}
