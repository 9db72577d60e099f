// Plugins' own HTTP routes: answered only for businesses that enabled the plugin, through the
// same narrow context and time limit as every plugin call.
import { AppError } from '@arrivo/core';
import type { PluginRequest } from '@arrivo/sdk/server';
import type { BusinessRow } from '../db/queries/businesses';
import { findEnabledPlugins } from '../db/queries/plugins';
import type { AppDeps } from '../deps';
import { callPlugin, PluginCallError } from '../plugins/invoke';
import type { LoadedPlugin, PluginRoute } from '../plugins/registry';
import { notFound } from './not-found';

/** The business's settings for the plugin; a plugin it has not enabled does not exist for it (404). */
export async function pluginSettingsFor(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, pluginId: string): Promise<unknown> {
  const found = await findEnabledPlugins(deps.sql, business.id);
  if (!found?.enabled.has(pluginId)) throw notFound('plugin route');
  return found.enabled.get(pluginId) ?? null;
}

/** Run the plugin's handler; a `Response` goes out as it is, any other value as JSON (nothing: 204). */
export async function answerPluginRoute(
  deps: Pick<AppDeps, 'plugins'>,
  p: LoadedPlugin,
  route: PluginRoute,
  business: BusinessRow,
  settings: unknown,
  request: PluginRequest,
): Promise<Response> {
  let answer: unknown;
  try {
    answer = await callPlugin(deps.plugins, p, `route ${route.method} ${route.path}`, { business, settings }, (ctx) => route.handler(request, ctx));
  } catch (err) {
    if (err instanceof PluginCallError) throw new AppError('plugin_unavailable', undefined, { details: { plugin: p.id } });
    throw err;
  }
  if (answer instanceof Response) return answer;
  if (answer === undefined) return new Response(null, { status: 204 });
  return Response.json(answer);
}
