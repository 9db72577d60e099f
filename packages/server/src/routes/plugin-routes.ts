// Plugins' routes under /api/businesses/{business}/plugins/{id}/…. Each route declared its audience
// with the SDK's `auth.*` (checked at boot), and gets the same guards as the API's own sub-apps.
// They are the plugin's API, not Arrivo's: they are not in the OpenAPI document.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { AppError } from '@arrivo/core';
import type { PluginRequest, RouteAccess, RouteCaller } from '@arrivo/sdk/server';
import type { AppDeps } from '../deps';
import { guardFor, type Audience } from '../http/access';
import type { AppEnv } from '../http/app-env';
import { answerPluginRoute, pluginSettingsFor } from '../services/plugin-routes';

/** The business's settings for the plugin travel from the enablement check to the handler. */
type PluginEnv = { Variables: AppEnv['Variables'] & { pluginSettings: unknown } };

const AUDIENCE: Record<RouteAccess['audience'], Audience> = { public: 'anyone', customer: 'customer', staff: 'staff', admin: 'admin' };

function callerOf(c: Context<PluginEnv>, audience: RouteAccess['audience']): RouteCaller {
  if (audience === 'customer') {
    const customer = c.get('customer');
    return { kind: 'customer', userId: c.get('user').id, contactId: customer.contactId, accountId: customer.accountId };
  }
  if (audience === 'staff' || audience === 'admin') return { kind: 'staff', userId: c.get('user').id, roles: [...c.get('roles')] };
  return { kind: 'anonymous' };
}

function requestOf(c: Context<PluginEnv>, audience: RouteAccess['audience']): PluginRequest {
  // The caller's credentials stay with Arrivo: the plugin learns who is calling from `caller`.
  const headers = new Headers(c.req.raw.headers);
  for (const name of ['authorization', 'cookie']) headers.delete(name);
  const { business: _, ...params } = c.req.param() as Record<string, string>;
  let body: Promise<unknown> | undefined;
  return {
    method: c.req.method,
    params,
    query: new URL(c.req.url).searchParams,
    headers,
    caller: callerOf(c, audience),
    json: () =>
      (body ??= c.req.raw.text().then((text) => {
        if (!text) return undefined;
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new AppError('malformed_json');
        }
      })),
  };
}

/** The routes of every installed plugin; none when no plugin declares any. */
export function pluginRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'plugins'>): Hono<PluginEnv> | undefined {
  const withRoutes = deps.plugins.installed.filter((p) => p.routes.length);
  if (!withRoutes.length) return undefined;
  const app = new Hono<PluginEnv>();
  for (const p of withRoutes) {
    for (const route of p.routes) {
      const audience = route.access.audience;
      // Enabled first: a business that does not use the plugin answers 404 to everyone alike.
      app.on(route.method, `/businesses/:business/plugins/${p.id}${route.path}`, async (c, next) => {
        c.set('pluginSettings', await pluginSettingsFor(deps, c.get('business'), p.id));
        await next();
      }, ...(guardFor(deps, AUDIENCE[audience]) as unknown as MiddlewareHandler<PluginEnv>[]), async (c) =>
        answerPluginRoute(deps, p, route, c.get('business'), c.get('pluginSettings'), requestOf(c, audience)),
      );
    }
  }
  return app;
}
