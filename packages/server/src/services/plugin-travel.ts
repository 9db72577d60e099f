// Travel-time providers: for a business that enabled a plugin with `travelTime`, the drives a search
// may need are asked of the plugin before the engine runs (the engine stays synchronous), in one
// batch per direction, and handed to the engine as a matrix behind its synchronous
// `TravelTimeProvider`. Pairs the matrix does not cover use the built-in straight-line model.
//
// The same loader serves slot days, slots and the booking's re-check under the lock, and answers are
// cached per pair, so an offered time and its booking see the same minutes.
import {
  AppError,
  isoWeekday,
  qualifiedTechnicians,
  straightLineTravel,
  zonedInstant,
  type LatLon,
  type ScheduleData,
  type SlotQuery,
  type StraightLineOptions,
  type TravelTimeProvider,
} from '@arrivo/core';
import type { TravelTimeProvider as PluginTravel } from '@arrivo/sdk/server';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { Sql, Tx } from '../db/client';
import { findEnabledPlugins, type EnabledPlugins } from '../db/queries/plugins';
import type { AppDeps } from '../deps';
import { callPlugin, PluginCallError } from '../plugins/invoke';
import type { LoadedPlugin, PluginRegistry } from '../plugins/registry';

const HOUR = 3_600_000;

/**
 * Answers per (plugin, business, its settings, departure hour, direction, the customer's place):
 * minutes to or from every other place asked about so far. One entry per search, not per pair, so
 * a warm search costs one cache look-up and a map read per place.
 */
type Answers = Map<number, number>;
const caches = new WeakMap<PluginRegistry, LRUCache<string, Answers>>();

function cacheOf(registry: PluginRegistry): LRUCache<string, Answers> {
  let cache = caches.get(registry);
  if (!cache) caches.set(registry, (cache = new LRUCache<string, Answers>({ maxSize: 500_000, sizeCalculation: (m) => m.size + 1, ttl: 24 * HOUR })));
  return cache;
}

/**
 * About 11 m: places closer than that are one place to a provider (and to the cache). A number, not
 * a string: built and hashed without allocating, for hundreds of places per search.
 */
export const placeKey = (p: LatLon) => (Math.round(p.lat * 1e4) + 900_000) * 3_600_001 + (Math.round(p.lon * 1e4) + 1_800_000);

const unavailable = (p: LoadedPlugin) => new AppError('plugin_unavailable', undefined, { details: { plugin: p.id } });

const minutes = z.number().refine((n) => Number.isFinite(n) && n >= 0, 'must be a finite, non-negative number of minutes');
const matrixOf = (rows: number, columns: number) => z.array(z.array(minutes).length(columns)).length(rows);

/**
 * One departure per search, so offers and bookings of a day ask (and cache) the same thing: the
 * earliest shift start among `technicians` on the first day searched, or 09:00 there.
 */
function departureOf(query: SlotQuery, technicians: ScheduleData['technicians']): number {
  const weekday = isoWeekday(query.from);
  let earliest = Infinity;
  for (const t of technicians) for (const h of t.workingHours) if (h.weekday === weekday && h.startMinute < earliest) earliest = h.startMinute;
  return zonedInstant(query.from, earliest === Infinity ? 9 * 60 : earliest, query.timeZone);
}

/**
 * The business's enabled plugins, when an installed plugin provides travel times or availability
 * rules (else undefined, and no query): read once per search, in parallel with its other data.
 */
export function enabledPlugins(sql: Sql | Tx, deps: Pick<AppDeps, 'plugins'>, businessId: string): Promise<EnabledPlugins | undefined> | undefined {
  if (!deps.plugins.withTravelTime.length && !deps.plugins.withAvailability.length) return undefined;
  return findEnabledPlugins(sql, businessId);
}

/**
 * The travel model of a search: the built-in straight-line model, or — when the business enabled a
 * plugin providing travel times (the first installed) — a matrix of its answers for this search.
 * Throws `plugin_unavailable` when the plugin fails and fails closed.
 */
export async function loadTravel(
  deps: Pick<AppDeps, 'plugins'>,
  /** The business's enabled plugins (`enabledPlugins`), read alongside the search's other data. */
  found: EnabledPlugins | undefined,
  businessId: string,
  query: SlotQuery,
  data: Pick<ScheduleData, 'technicians' | 'visits' | 'territories'>,
  model: StraightLineOptions,
): Promise<TravelTimeProvider> {
  const builtIn = straightLineTravel(model);
  const installed = deps.plugins.withTravelTime;
  if (!installed.length) return builtIn;
  const plugin = found && installed.find((p) => found.enabled.has(p.id));
  if (!found || !plugin) return builtIn;
  const travel = plugin.plugin.travelTime as PluginTravel;
  const scope = { business: found.business, settings: found.enabled.get(plugin.id) };

  // The drives the engine can ask for: into the visit's place from each qualified technician's start
  // and from each of their visits' places, and out of it to each of those visits (the next one).
  const technicians = qualifiedTechnicians(query, data);
  const ids = new Set(technicians.map((t) => t.id));
  const origins: LatLon[] = technicians.map((t) => t.start);
  const nexts: LatLon[] = [];
  for (const v of data.visits) {
    if (!ids.has(v.resourceId)) continue;
    origins.push(v.location);
    nexts.push(v.location);
  }
  const location = query.location;
  const place = { lat: location.lat, lon: location.lon };
  const here = placeKey(location);
  const departAt = departureOf(query, technicians);
  const prefix = `${plugin.id}|${businessId}|${JSON.stringify(scope.settings ?? null)}|${Math.floor(departAt / HOUR)}|${here}|`;
  const cache = cacheOf(deps.plugins as PluginRegistry);
  const inbound: Answers = cache.get(`${prefix}in`) ?? new Map();
  const outbound: Answers = cache.get(`${prefix}out`) ?? new Map();
  // One pass per direction: each place's answer when known (by place object, for the engine's inner
  // loop), else the place to ask about (once per key).
  const leg = (places: LatLon[], known: Answers) => {
    const byPlace = new Map<LatLon, number>();
    const pending: [LatLon, number][] = [];
    const missing = new Map<number, LatLon>();
    for (const p of places) {
      if (byPlace.has(p)) continue;
      const key = placeKey(p);
      const minutes = known.get(key);
      if (minutes !== undefined) byPlace.set(p, minutes);
      else {
        pending.push([p, key]);
        if (!missing.has(key)) missing.set(key, p);
      }
    }
    return { byPlace, pending, missing: [...missing] };
  };
  const into = leg(origins, inbound);
  const outOf = leg(nexts, outbound);
  const missingIn = into.missing;
  const missingOut = outOf.missing;

  const ask = async (from: LatLon[], to: LatLon[]): Promise<number[][]> => {
    const call = 'travelTime.matrix';
    const answer = await callPlugin(deps.plugins, plugin, call, scope, (ctx) =>
      travel.matrix(
        from.map((p) => ({ lat: p.lat, lon: p.lon })),
        to.map((p) => ({ lat: p.lat, lon: p.lon })),
        departAt,
        ctx,
      ),
    );
    const parsed = matrixOf(from.length, to.length).safeParse(answer);
    if (!parsed.success) {
      plugin.log.error({ call, businessId, issues: parsed.error.issues.slice(0, 5) }, `plugin ${plugin.id}: ${call} answered something that is not a ${from.length} × ${to.length} matrix of minutes`);
      throw new PluginCallError(plugin.id, call, 'threw');
    }
    return parsed.data;
  };
  // Warm (the usual case): nothing to ask, and no await — the search goes on in the same tick.
  if (missingIn.length || missingOut.length) {
    try {
      const [toHere, fromHere] = await Promise.all([
        missingIn.length ? ask(missingIn.map(([, at]) => at), [place]) : [],
        missingOut.length ? ask([place], missingOut.map(([, at]) => at)) : [],
      ]);
      // Whole minutes, rounded up like the built-in model: bookings store whole minutes.
      missingIn.forEach(([key], i) => inbound.set(key, Math.ceil(toHere[i]![0]!)));
      missingOut.forEach(([key], i) => outbound.set(key, Math.ceil(fromHere[0]![i]!)));
      // (Again after growing: the cache weighs an entry when it is set.)
      if (missingIn.length || !cache.has(`${prefix}in`)) cache.set(`${prefix}in`, inbound);
      if (missingOut.length || !cache.has(`${prefix}out`)) cache.set(`${prefix}out`, outbound);
    } catch (err) {
      if (!(err instanceof PluginCallError)) throw err;
      if (travel.onFailure !== 'straight_line') throw unavailable(plugin);
      plugin.log.warn({ call: 'travelTime.matrix', businessId }, `plugin ${plugin.id}: travel times unavailable, using the straight-line model for this search`);
      return builtIn;
    }
  }

  for (const [p, key] of into.pending) into.byPlace.set(p, inbound.get(key)!);
  for (const [p, key] of outOf.pending) outOf.byPlace.set(p, outbound.get(key)!);
  return matrixTravel(location, { byPlace: into.byPlace, byKey: inbound }, { byPlace: outOf.byPlace, byKey: outbound }, builtIn);
}

/** Minutes to or from a search's place: by place object, else by place key. */
export interface Leg {
  byPlace: ReadonlyMap<LatLon, number>;
  byKey: ReadonlyMap<number, number>;
}

/**
 * The engine's synchronous provider over a search's answers: minutes into `location` from a place
 * (`inbound`) and out of it to a place (`outbound`); anything else, `fallback`. The engine passes
 * the query's own location object and the technicians' and visits' own place objects; a place it
 * has not seen (visits read again under the booking lock) is found by its key.
 */
export function matrixTravel(location: LatLon, inbound: Leg, outbound: Leg, fallback: TravelTimeProvider): TravelTimeProvider {
  const find = (leg: Leg, p: LatLon) => leg.byPlace.get(p) ?? leg.byKey.get(placeKey(p));
  return {
    minutes(from, to, at) {
      const answer = to === location ? find(inbound, from) : from === location ? find(outbound, to) : undefined;
      return answer ?? fallback.minutes(from, to, at);
    },
  };
}
