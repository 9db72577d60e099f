// Travel-time providers: for a business that enabled a plugin with `travelTime`, the drives a search
// may need are asked of the plugin before the engine runs (the engine stays synchronous), in one
// batch per direction, and handed to the engine as a matrix behind its synchronous
// `TravelTimeProvider`. Pairs the matrix does not cover use the built-in straight-line model.
//
// The same loader serves slot days, slots and the booking's re-check under the lock, and answers are
// cached per pair, so an offered time and its booking see the same minutes.
import { createHash } from 'node:crypto';
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
import { findEnabledPlugins } from '../db/queries/plugins';
import type { AppDeps } from '../deps';
import { callPlugin, PluginCallError } from '../plugins/invoke';
import type { LoadedPlugin, PluginRegistry } from '../plugins/registry';

const HOUR = 3_600_000;

/** Answers per (plugin, business, its settings, departure hour, from, to), in whole minutes. */
const caches = new WeakMap<PluginRegistry, LRUCache<string, number>>();

function cacheOf(registry: PluginRegistry): LRUCache<string, number> {
  let cache = caches.get(registry);
  if (!cache) caches.set(registry, (cache = new LRUCache<string, number>({ max: 200_000, ttl: 24 * HOUR })));
  return cache;
}

/** About 11 m: places closer than that are one place to a provider (and to the cache). */
const placeKey = (p: LatLon) => `${Math.round(p.lat * 1e4)},${Math.round(p.lon * 1e4)}`;

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
 * The travel model of a search: the built-in straight-line model, or — when the business enabled a
 * plugin providing travel times (the first installed) — a matrix of its answers for this search.
 * Throws `plugin_unavailable` when the plugin fails and fails closed.
 */
export async function loadTravel(
  sql: Sql | Tx,
  deps: Pick<AppDeps, 'plugins'>,
  businessId: string,
  query: SlotQuery,
  data: Pick<ScheduleData, 'technicians' | 'visits' | 'territories'>,
  model: StraightLineOptions,
): Promise<TravelTimeProvider> {
  const builtIn = straightLineTravel(model);
  const installed = deps.plugins.withTravelTime;
  if (!installed.length) return builtIn;
  const found = await findEnabledPlugins(sql, businessId);
  const plugin = found && installed.find((p) => found.enabled.has(p.id));
  if (!found || !plugin) return builtIn;
  const travel = plugin.plugin.travelTime as PluginTravel;
  const scope = { business: found.business, settings: found.enabled.get(plugin.id) };

  // The drives the engine can ask for: into the visit's place from each qualified technician's start
  // and from each of their visits' places, and out of it to each of those visits (the next one).
  const technicians = qualifiedTechnicians(query, data);
  const ids = new Set(technicians.map((t) => t.id));
  const origins = new Map<string, LatLon>();
  const nexts = new Map<string, LatLon>();
  for (const t of technicians) origins.set(placeKey(t.start), t.start);
  for (const v of data.visits) {
    if (!ids.has(v.resourceId)) continue;
    const key = placeKey(v.location);
    origins.set(key, v.location);
    nexts.set(key, v.location);
  }
  const place = { lat: query.location.lat, lon: query.location.lon };
  const here = placeKey(place);
  const departAt = departureOf(query, technicians);
  const settings = createHash('sha256').update(JSON.stringify(scope.settings ?? null)).digest('base64url').slice(0, 12);
  const prefix = `${plugin.id}|${businessId}|${settings}|${Math.floor(departAt / HOUR)}|`;
  const cache = cacheOf(deps.plugins as PluginRegistry);

  // from → to → minutes, for this search.
  const pairs = new Map<string, Map<string, number>>();
  const put = (from: string, to: string, value: number) => {
    let row = pairs.get(from);
    if (!row) pairs.set(from, (row = new Map()));
    row.set(to, value);
  };
  const missingIn: [string, LatLon][] = [];
  for (const [key, at] of origins) {
    const known = cache.get(`${prefix}${key}>${here}`);
    if (known === undefined) missingIn.push([key, at]);
    else put(key, here, known);
  }
  const missingOut: [string, LatLon][] = [];
  for (const [key, at] of nexts) {
    const known = cache.get(`${prefix}${here}>${key}`);
    if (known === undefined) missingOut.push([key, at]);
    else put(here, key, known);
  }

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
  try {
    const [inbound, outbound] = await Promise.all([
      missingIn.length ? ask(missingIn.map(([, at]) => at), [place]) : [],
      missingOut.length ? ask([place], missingOut.map(([, at]) => at)) : [],
    ]);
    // Whole minutes, rounded up like the built-in model: bookings store whole minutes.
    missingIn.forEach(([key], i) => {
      const value = Math.ceil(inbound[i]![0]!);
      cache.set(`${prefix}${key}>${here}`, value);
      put(key, here, value);
    });
    missingOut.forEach(([key], i) => {
      const value = Math.ceil(outbound[0]![i]!);
      cache.set(`${prefix}${here}>${key}`, value);
      put(here, key, value);
    });
  } catch (err) {
    if (!(err instanceof PluginCallError)) throw err;
    if (travel.onFailure !== 'straight_line') throw unavailable(plugin);
    plugin.log.warn({ call: 'travelTime.matrix', businessId }, `plugin ${plugin.id}: travel times unavailable, using the straight-line model for this search`);
    return builtIn;
  }

  // The engine passes the same place objects again and again: key each once.
  const keys = new WeakMap<LatLon, string>();
  const keyOf = (p: LatLon) => {
    let key = keys.get(p);
    if (key === undefined) keys.set(p, (key = placeKey(p)));
    return key;
  };
  return {
    minutes: (from, to, at) => pairs.get(keyOf(from))?.get(keyOf(to)) ?? builtIn.minutes(from, to, at),
  };
}
