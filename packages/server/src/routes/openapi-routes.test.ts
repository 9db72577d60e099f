// Every /api endpoint the app serves must be an OpenAPI operation: a route added with a bare
// `.get()` / `.post()` / `.all()` skips its sub-app's audience guard (createRouter only wraps
// `.openapi()`), the bad-input and role sweeps (which walk the document) and the published docs.
import { describe, expect, it } from 'vitest';
import type { App } from '../app';
import { useTestApp } from '../../test/app';

interface RouteEntry {
  method: string;
  path: string;
  handler: (...args: never[]) => unknown;
}

/**
 * Served on purpose outside the document, each with its reason:
 * - `/api/auth/callback/*`: better-auth's own handler, reached only by the external OpenID
 *   Connect provider redirecting the browser back; its shape is better-auth's, not our API.
 * - `/api/openapi.json`: the document itself.
 * - `ALL /api/*`: the catch-all that answers `route_not_found` for any other /api path.
 */
const OUTSIDE_THE_DOCUMENT = new Set(['GET /api/auth/callback/*', 'POST /api/auth/callback/*', 'GET /api/openapi.json', 'ALL /api/*']);

/** Hono's `:param` as OpenAPI's `{param}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** The /api endpoints in `routes` (Hono's list) that the OpenAPI document does not describe. */
function undocumented(routes: readonly RouteEntry[], paths: Record<string, Record<string, unknown>>): string[] {
  const endpoints = routes.filter(
    // `app.use()` middleware is listed as method ALL with a `(c, next)` handler; an endpoint
    // registered with `.all()` has a handler that takes no `next`.
    (r) => r.path.startsWith('/api/') && (r.method !== 'ALL' || r.handler.length < 2),
  );
  const missing = endpoints
    .map((r) => `${r.method} ${r.path}`)
    .filter((key) => !OUTSIDE_THE_DOCUMENT.has(key))
    .filter((key) => {
      const [method, path] = key.split(' ') as [string, string];
      return method === 'ALL' || !paths[openApiPath(path)]?.[method.toLowerCase()];
    });
  return [...new Set(missing)];
}

describe('the OpenAPI document', () => {
  let app: App | undefined;
  const api = useTestApp({ configure: (a) => void (app = a) });
  const document = async () => (await fetch(`${api.url}/api/openapi.json`)).json() as Promise<{ paths: Record<string, Record<string, unknown>> }>;

  it('describes every /api endpoint the app serves', async () => {
    const { paths } = await document();
    expect(app!.routes.length).toBeGreaterThan(50);
    expect(undocumented(app!.routes as RouteEntry[], paths)).toEqual([]);
  });

  it('would catch a bare route (the check itself)', async () => {
    const { paths } = await document();
    const bare: RouteEntry[] = [
      { method: 'GET', path: '/api/businesses/:business/admin/export', handler: () => undefined },
      { method: 'ALL', path: '/api/businesses/:business/webhook', handler: () => undefined },
      { method: 'POST', path: '/api/businesses/:business/session', handler: () => undefined }, // documented
    ];
    expect(undocumented([...(app!.routes as RouteEntry[]), ...bare], paths)).toEqual([
      'GET /api/businesses/:business/admin/export',
      'ALL /api/businesses/:business/webhook',
    ]);
  });
});
