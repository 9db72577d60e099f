// Serves the demo website next to the API (and the elements, which the server itself serves
// at /elements/*), on one port.
import { serveStatic } from '@hono/node-server/serve-static';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import type { App, AppDeps } from '@arrivo/server';
import { enableDemoPlugins, isSeeded, seedDemo, type SeedOptions } from './seed';
import { hostWebhookReceiver } from './webhooks';

const fromCwd = (url: URL) => relative(process.cwd(), fileURLToPath(url)) || '.';
const SITE_DIR = fromCwd(new URL('./site', import.meta.url));
/** The EV charger plugin's client half as `npm run build` makes it, for the booking page's script tag. */
const EV_CHARGER_CLIENT_DIR = fromCwd(new URL('../packages/plugin-ev-charger/cdn', import.meta.url));

/** Where the live map's tiles come from (the element's default, OpenStreetMap's tile servers). */
export const DEMO_TILE_HOST = 'https://tile.openstreetmap.org';

// The demo pages run under the strict policy a careful business would set, proving the
// elements need no inline script, inline style or eval. The live map adds only its tile host to
// img-src; its live stream and API calls are same-origin here (connect-src 'self'). Offline the
// tiles fail and the map shows its markers and the arrival time on a plain background.
export const DEMO_CSP = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: ${DEMO_TILE_HOST}; connect-src 'self'; frame-ancestors 'none'`;

/** Seed an empty database, then serve the site after the API and /elements/* routes. */
export async function hostDemo(app: App, deps: AppDeps, options: SeedOptions = {}): Promise<{ seeded: boolean; webhooks: boolean }> {
  const seeded = !(await isSeeded(deps.sql));
  if (seeded) await seedDemo(deps, options);
  await enableDemoPlugins(deps);
  const webhooks = await hostWebhookReceiver(app, deps);
  app.use('*', async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.startsWith('text/html')) c.res.headers.set('Content-Security-Policy', DEMO_CSP);
  });
  // Only the pages that show the booking form load it: book.html, and staff.html for the console's
  // Preview and Book a visit (so staff see the plugin's questions as customers do).
  app.use('/plugins/ev-charger/*', serveStatic({ root: EV_CHARGER_CLIENT_DIR, rewriteRequestPath: (path) => path.slice('/plugins/ev-charger'.length) }));
  app.use('*', serveStatic({ root: SITE_DIR }));
  return { seeded, webhooks };
}
