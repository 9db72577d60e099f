// Staff see the installed plugins and which ones their business uses; admins switch them on and
// configure them.
import { createRoute, z } from '@hono/zod-openapi';
import { businessPluginPatchSchema, businessPluginSchema, pluginIdSchema } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { businessParams, errors, json, jsonBody, signedIn } from '../http/openapi';
import { createRouter } from '../http/router';
import { businessPlugins, updateBusinessPlugin } from '../services/plugins';

const common = { tags: ['staff'], security: signedIn };
const path = (rest: string) => `/businesses/{business}/admin${rest}`;

const routes = {
  list: createRoute({
    ...common, method: 'get', path: path('/plugins'),
    summary: 'The plugins installed on this server, whether this business uses each, and its settings for it',
    request: { params: businessParams }, responses: { 200: json(z.array(businessPluginSchema), 'Plugins'), ...errors(401, 403, 404) },
  }),
  update: createRoute({
    ...common, method: 'patch', path: path('/plugins/{pluginId}'),
    summary: 'Enable or disable a plugin for this business, or replace its settings (admins)',
    description: 'Settings are checked by the plugin’s own schema (`400 validation_failed`, issues under `json.settings`). A plugin not installed here is `404 not_found`.',
    request: { params: businessParams.extend({ pluginId: pluginIdSchema }), ...jsonBody(businessPluginPatchSchema) },
    responses: { 200: json(businessPluginSchema, 'The plugin for this business'), ...errors(400, 401, 403, 404) },
  }),
};

export function pluginListRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'plugins'>) {
  return createRouter(deps, 'staff').openapi(routes.list, async (c) => c.json(await businessPlugins(deps, c.get('business')), 200));
}

export function pluginSettingsRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'plugins'>) {
  return createRouter(deps, 'admin').openapi(routes.update, async (c) =>
    c.json(await updateBusinessPlugin(deps, c.get('business'), c.req.valid('param').pluginId, c.req.valid('json')), 200),
  );
}
