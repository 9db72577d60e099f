// Availability rules: the plugins a business enabled close time (`busy`, fetched before the engine
// runs and added to the technicians' time off) and veto candidates (`accept`, called by the engine
// inside its least-travel selection). The same rules are applied to offered days, offered times and
// the re-check under the booking lock, so a rule can never make Arrivo offer a time it then refuses.
//
// Failing closed: a rule that throws, runs out of time or answers nonsense fails the request with
// `503 plugin_unavailable` (offers and bookings alike), rather than offering times the rule might
// have closed or quietly showing an empty calendar.
import { AppError, type Candidate, type ScheduleData } from '@arrivo/core';
import type { AvailabilityCandidate, AvailabilityRule, BusyInterval, PluginBusiness, PluginDb } from '@arrivo/sdk/server';
import { z } from 'zod';
import type { Sql, Tx } from '../db/client';
import { findEnabledPlugins, type EnabledPlugins } from '../db/queries/plugins';
import type { AppDeps } from '../deps';
import { callPlugin, PluginCallError, pluginContext, pluginFailure } from '../plugins/invoke';
import type { LoadedPlugin } from '../plugins/registry';

interface EnabledRule {
  plugin: LoadedPlugin;
  rule: AvailabilityRule;
  scope: { business: PluginBusiness; settings: unknown };
  db: PluginDb;
}

/** The rules a business enabled, with what their `busy` answered for the range searched. */
export interface Availability {
  rules: EnabledRule[];
  /** Busy intervals for everyone. */
  everyone: { startsAt: number; endsAt: number }[];
  /** Busy intervals per technician. */
  byResource: Map<string, { startsAt: number; endsAt: number }[]>;
}

/** Schedule data with the rules applied; `checkRules` throws if an `accept` failed while the engine ran. */
export type RuledData = ScheduleData & { checkRules(): void };

const busyAnswer = z
  .array(
    z.object({ startsAt: z.number().int(), endsAt: z.number().int(), resourceId: z.string().optional() }).refine((i) => i.endsAt > i.startsAt, 'endsAt must be after startsAt'),
  )
  .max(10_000);

const unavailable = (p: LoadedPlugin) => new AppError('plugin_unavailable', undefined, { details: { plugin: p.id } });

/**
 * The enabled rules and their busy intervals in `range`. Undefined — and no query, no plugin call —
 * when no installed plugin declares a rule or the business enabled none that does.
 */
export async function loadAvailability(
  sql: Sql | Tx,
  deps: Pick<AppDeps, 'plugins'>,
  businessId: string,
  range: { from: Date; to: Date },
  /** The business's enabled plugins when the caller reads them already (for travel times too). */
  enabled?: Promise<EnabledPlugins | undefined>,
): Promise<Availability | undefined> {
  const installed = deps.plugins.withAvailability;
  if (!installed.length) return undefined;
  const found = await (enabled ?? findEnabledPlugins(sql, businessId));
  if (!found) return undefined;
  const rules = installed
    .filter((p) => found.enabled.has(p.id))
    .flatMap((plugin) =>
      plugin.plugin.availability!.map((rule) => ({ plugin, rule: rule as AvailabilityRule, scope: { business: found.business, settings: found.enabled.get(plugin.id) }, db: deps.plugins.dbFor(plugin.id) })),
    );
  if (!rules.length) return undefined;
  const query = { from: range.from.getTime(), to: range.to.getTime() };
  const answers = await Promise.all(
    rules
      .filter((r) => r.rule.busy)
      .map(async ({ plugin, rule, scope }): Promise<BusyInterval[]> => {
        const call = `availability ${rule.id}.busy`;
        let answer: unknown;
        try {
          answer = await callPlugin(deps.plugins, plugin, call, scope, (ctx) => rule.busy!(Object.freeze({ ...query }), ctx));
        } catch (err) {
          if (err instanceof PluginCallError) throw unavailable(plugin);
          throw err;
        }
        const parsed = busyAnswer.safeParse(answer);
        if (!parsed.success) {
          plugin.log.error({ call, issues: parsed.error.issues.slice(0, 5) }, `plugin ${plugin.id}: ${call} answered something that is not a list of busy intervals`);
          throw unavailable(plugin);
        }
        return parsed.data;
      }),
  );
  const everyone: Availability['everyone'] = [];
  const byResource: Availability['byResource'] = new Map();
  for (const interval of answers.flat()) {
    const span = { startsAt: interval.startsAt, endsAt: interval.endsAt };
    if (interval.resourceId === undefined) everyone.push(span);
    else byResource.set(interval.resourceId, [...(byResource.get(interval.resourceId) ?? []), span]);
  }
  return { rules, everyone, byResource };
}

const NEVER = new AbortController().signal;

/**
 * `data` with the rules applied: busy intervals added to the technicians' time off (copies: the
 * cached calendars are not touched) and the rules' `accept` as the engine's predicate.
 */
export function applyAvailability(data: ScheduleData, availability: Availability | undefined, serviceType: { id: string; key: string }): RuledData {
  if (!availability) return { ...data, checkRules: () => undefined };
  const { everyone, byResource } = availability;
  const technicians = everyone.length || byResource.size ? data.technicians.map((t) => ({ ...t, timeOff: [...t.timeOff, ...everyone, ...(byResource.get(t.id) ?? [])] })) : data.technicians;
  const acceptors = availability.rules
    .filter((r) => r.rule.accept)
    .map((r) => ({ ...r, call: `availability ${r.rule.id}.accept`, ctx: pluginContext(r.plugin, r.scope, NEVER, r.db) }));
  if (!acceptors.length) return { ...data, technicians, checkRules: () => undefined };
  // After a failure every later candidate is refused at once (one log line, not thousands), and the
  // caller's checkRules() turns it into plugin_unavailable.
  let failed: LoadedPlugin | undefined;
  const accept = (c: Candidate): boolean => {
    if (failed) return false;
    const candidate: AvailabilityCandidate = Object.freeze({
      resourceId: c.resourceId,
      arrivalAt: c.arrivalAt,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      travelMinutes: c.travelMinutes,
      location: { lat: c.location.lat, lon: c.location.lon },
      serviceType,
    });
    for (const a of acceptors) {
      let answer: unknown;
      try {
        answer = a.rule.accept!(candidate, a.ctx);
      } catch (err) {
        pluginFailure(a.plugin, a.call, a.scope.business.id, err);
        failed = a.plugin;
        return false;
      }
      if (answer === true) continue;
      if (answer === false) return false;
      a.plugin.log.error({ call: a.call, businessId: a.scope.business.id }, `plugin ${a.plugin.id}: ${a.call} must answer true or false at once (it answered ${answer instanceof Promise ? 'a promise' : typeof answer})`);
      failed = a.plugin;
      return false;
    }
    return true;
  };
  return {
    ...data,
    technicians,
    accept,
    checkRules: () => {
      if (failed) throw unavailable(failed);
    },
  };
}
