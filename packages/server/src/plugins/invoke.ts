// The one way the server calls into a plugin: a narrow context, a time limit, and a throw turned
// into a logged `PluginCallError` carrying the plugin's id. Callers decide what a failure means
// (a before-hook's failure fails the request; an after-hook's is retried by the queue).
import type { PluginBusiness, PluginContext, PluginDb } from '@arrivo/sdk/server';
import type { LoadedPlugin, PluginRegistry } from './registry';

export class PluginCallError extends Error {
  override name = 'PluginCallError';
  constructor(
    readonly pluginId: string,
    readonly call: string,
    readonly outcome: 'threw' | 'timed_out',
    cause?: unknown,
  ) {
    super(`plugin ${pluginId}: ${call} ${outcome === 'timed_out' ? 'timed out' : 'threw'}`, { cause });
  }
}

/** What a call is for: the business, its settings for the plugin, and the asker's language (`en` when none). */
export interface PluginScope {
  business: PluginBusiness;
  settings: unknown;
  locale?: string;
}

/** The narrow context of one call: the business, options, settings, logger, a signal and its own tables. */
export function pluginContext(p: LoadedPlugin, scope: PluginScope, signal: AbortSignal, db: PluginDb): PluginContext {
  return {
    pluginId: p.id,
    business: { id: scope.business.id, slug: scope.business.slug, timeZone: scope.business.timeZone },
    options: p.options,
    settings: scope.settings ?? null,
    log: p.log,
    signal,
    db,
    locale: scope.locale ?? 'en',
  };
}

/** Log a failed call as `callPlugin` does, and give the error to throw. */
export function pluginFailure(p: LoadedPlugin, call: string, businessId: string, err: unknown, timeoutMs?: number): PluginCallError {
  const failure = err instanceof PluginCallError ? err : new PluginCallError(p.id, call, 'threw', err);
  p.log.error({ err: failure.cause ?? failure, call, outcome: failure.outcome, businessId }, `plugin ${p.id}: ${call} ${failure.outcome === 'timed_out' ? `timed out after ${timeoutMs} ms` : 'threw'}`);
  return failure;
}

/**
 * Run `fn` with the plugin's context for `business`: its options, the business's settings for it,
 * its logger, an abort signal that fires when the time is up, and a handle on its own tables. Nothing else is handed over.
 */
export async function callPlugin<T>(
  registry: Pick<PluginRegistry, 'timeoutMs' | 'dbFor'>,
  p: LoadedPlugin,
  call: string,
  scope: PluginScope,
  fn: (ctx: PluginContext) => T | Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const ctx = pluginContext(p, scope, controller.signal, registry.dbFor(p.id));
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new Error('plugin call timed out'));
      reject(new PluginCallError(p.id, call, 'timed_out'));
    }, registry.timeoutMs);
  });
  try {
    // Promise.resolve().then: a plugin that throws synchronously is caught like one that rejects.
    return await Promise.race([Promise.resolve().then(() => fn(ctx)), timeUp]);
  } catch (err) {
    throw pluginFailure(p, call, scope.business.id, err, registry.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}
