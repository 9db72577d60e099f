// The one way the server calls into a plugin: a narrow context, a time limit, and a throw turned
// into a logged `PluginCallError` carrying the plugin's id. Callers decide what a failure means
// (a before-hook's failure fails the request; an after-hook's is retried by the queue).
import type { PluginBusiness, PluginContext } from '@arrivo/sdk/server';
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

/**
 * Run `fn` with the plugin's context for `business`: its options, the business's settings for it,
 * its logger, an abort signal that fires when the time is up, and a handle on its own tables. Nothing else is handed over.
 */
export async function callPlugin<T>(
  registry: Pick<PluginRegistry, 'timeoutMs' | 'dbFor'>,
  p: LoadedPlugin,
  call: string,
  scope: { business: PluginBusiness; settings: unknown },
  fn: (ctx: PluginContext) => T | Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const ctx: PluginContext = {
    pluginId: p.id,
    business: { id: scope.business.id, slug: scope.business.slug, timeZone: scope.business.timeZone },
    options: p.options,
    settings: scope.settings ?? null,
    log: p.log,
    signal: controller.signal,
    db: registry.dbFor(p.id),
  };
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
    const failure = err instanceof PluginCallError ? err : new PluginCallError(p.id, call, 'threw', err);
    p.log.error({ err: failure.cause ?? failure, call, outcome: failure.outcome, businessId: scope.business.id }, `plugin ${p.id}: ${call} ${failure.outcome === 'timed_out' ? `timed out after ${registry.timeoutMs} ms` : 'threw'}`);
    throw failure;
  } finally {
    clearTimeout(timer);
  }
}
