import { DOMAIN_EVENT_NAMES } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { runAfterHook } from '../services/plugin-hooks';
import type { EventSubscriber } from './dispatcher';

/**
 * One subscriber per plugin with after-hooks (`booking.created.after`, …), keyed by the plugin's
 * id: each event is handled once per plugin, and a plugin that fails is retried on its own while
 * the others (and the customer's request) are untouched.
 */
export function pluginSubscribers(deps: Pick<AppDeps, 'plugins'>): EventSubscriber[] {
  return deps.plugins.installed.flatMap((p) => {
    const events = DOMAIN_EVENT_NAMES.filter((name) => p.plugin.hooks?.[`${name}.after`]);
    if (!events.length) return [];
    return [{ key: `plugin:${p.id}`, events, handle: (event, { tx }) => runAfterHook(tx, deps, p, event) }];
  });
}
