// Before-hooks: plugins the business enabled see a booking change inside its transaction, in the
// order they are installed, and may patch the fields their hook allows or veto the change. A veto
// fails the request with `plugin_veto` (the plugin's reason for the customer); a plugin that throws,
// answers nonsense or runs out of time fails it with `plugin_unavailable`. Either way the
// transaction rolls back: nothing is written.
import { AppError, text, type DomainEvent } from '@arrivo/core';
import type { BeforeHookName, BookingDrafts } from '@arrivo/sdk/server';
import { z } from 'zod';
import type { Tx } from '../db/client';
import { findEnabledPlugins } from '../db/queries/plugins';
import type { AppDeps } from '../deps';
import { callPlugin, PluginCallError } from '../plugins/invoke';
import type { LoadedPlugin } from '../plugins/registry';

/** What each hook may change, as the request's own input is checked. Other keys are ignored. */
const PATCHES: { [H in BeforeHookName]: z.ZodType } = {
  'booking.create.before': z.object({ comments: text.trim().max(2000).nullable().optional() }),
  'booking.reschedule.before': z.object({}),
  'booking.cancel.before': z.object({ reason: text.trim().min(1).max(500).optional() }),
};

const answerSchema = z.union([
  z.undefined(),
  z.null(),
  z.object({ veto: z.object({ code: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/), message: text.trim().min(1).max(500) }) }),
  z.object({ patch: z.record(z.string(), z.unknown()) }),
]);

const unavailable = (p: LoadedPlugin) => new AppError('plugin_unavailable', undefined, { details: { plugin: p.id } });

/**
 * Run `hook` of every plugin the business enabled, in order, each seeing the draft as the ones
 * before it left it; returns the final draft. Without any installed plugin declaring the hook,
 * returns at once (no query). `locale`: the language of whoever asked (`ctx.locale`, in which a
 * veto's reason is written).
 */
export async function runBeforeHooks<H extends BeforeHookName>(
  tx: Tx,
  deps: Pick<AppDeps, 'plugins'>,
  businessId: string,
  locale: string | undefined,
  hook: H,
  draft: BookingDrafts[H],
): Promise<BookingDrafts[H]> {
  const hooked = deps.plugins.installed.filter((p) => p.plugin.hooks?.[hook]);
  if (!hooked.length) return draft;
  const found = await findEnabledPlugins(tx, businessId);
  if (!found) return draft;
  let current = draft;
  for (const p of hooked) {
    if (!found.enabled.has(p.id)) continue;
    const fn = p.plugin.hooks![hook] as (draft: BookingDrafts[H], ctx: never) => unknown;
    const seen = Object.freeze({ ...(current as object) }) as BookingDrafts[H];
    let answer: unknown;
    try {
      answer = await callPlugin(deps.plugins, p, hook, { business: found.business, settings: found.enabled.get(p.id), locale }, (ctx) => fn(seen, ctx as never));
    } catch (err) {
      if (err instanceof PluginCallError) throw unavailable(p);
      throw err;
    }
    const parsed = answerSchema.safeParse(answer);
    if (!parsed.success) {
      p.log.error({ call: hook, issues: parsed.error.issues }, `plugin ${p.id}: ${hook} answered something that is neither a patch nor a veto`);
      throw unavailable(p);
    }
    const result = parsed.data;
    if (!result) continue;
    if ('veto' in result) {
      p.log.info({ call: hook, code: result.veto.code, businessId }, `plugin ${p.id} vetoed ${hook}`);
      throw new AppError('plugin_veto', result.veto.message, { details: { plugin: p.id, code: result.veto.code, reason: result.veto.message } });
    }
    const patch = PATCHES[hook].safeParse(result.patch);
    if (!patch.success) {
      p.log.error({ call: hook, issues: patch.error.issues }, `plugin ${p.id}: ${hook} patched a field with a value it may not have`);
      throw unavailable(p);
    }
    const ignored = Object.keys(result.patch).filter((k) => !(k in (patch.data as object)));
    if (ignored.length) p.log.warn({ call: hook, ignored }, `plugin ${p.id}: ${hook} may not patch ${ignored.join(', ')}; ignored`);
    current = { ...(current as object), ...(patch.data as object) } as BookingDrafts[H];
  }
  return current;
}

/**
 * One plugin's after-hook for one committed event, if the event's business has the plugin enabled
 * (as it is when the event is delivered). Throwing (the plugin threw or timed out) leaves the event
 * to the queue's retries; the customer's request finished long ago.
 */
export async function runAfterHook(tx: Tx, deps: Pick<AppDeps, 'plugins'>, p: LoadedPlugin, event: DomainEvent): Promise<void> {
  const hook = p.plugin.hooks?.[`${event.name}.after`] as ((event: DomainEvent, ctx: never) => unknown) | undefined;
  if (!hook) return;
  const found = await findEnabledPlugins(tx, event.businessId);
  if (!found?.enabled.has(p.id)) return;
  await callPlugin(deps.plugins, p, `${event.name}.after`, { business: found.business, settings: found.enabled.get(p.id) }, (ctx) => hook(event, ctx as never));
}
