// The plugin loader: checks what arrivo.config.ts (or startServer's `plugins`) lists, once, at boot.
// Every problem stops the start with a StartError naming the plugin, so a bad install never serves.
import { DOMAIN_EVENT_NAMES } from '@arrivo/core';
import {
  isRouteAccess,
  pluginTablePrefix,
  SDK_VERSION,
  sdkSatisfies,
  type ArrivoPlugin,
  type PluginDb,
  type PluginLogger,
  type PluginRouter,
  type RouteAccess,
  type RouteHandler,
} from '@arrivo/sdk/server';
import type { Sql } from '../db/client';
import { loadForbiddenNames, pluginDb, type ForbiddenNames } from '../db/queries/plugin-db';
import type { Logger } from '../log';
import { StartError } from '../start-error';

// Any plugin, whatever its options and settings types.
export type AnyPlugin = Readonly<ArrivoPlugin<any, any>>;

/** A plugin as listed in the config: alone, or with its options. */
export type PluginEntry = AnyPlugin | readonly [AnyPlugin, unknown];

export const BEFORE_HOOKS = ['booking.create.before', 'booking.reschedule.before', 'booking.cancel.before'] as const;
const AFTER_HOOKS = DOMAIN_EVENT_NAMES.map((name) => `${name}.after`);

export interface PluginRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  access: RouteAccess;
  handler: RouteHandler<unknown, unknown>;
}

export interface LoadedPlugin {
  id: string;
  version: string;
  plugin: AnyPlugin;
  /** The options as the plugin's schema parsed them (undefined for a plugin without options). */
  options: unknown;
  /** Tagged with the plugin's id. */
  log: PluginLogger;
  routes: PluginRoute[];
}

/** The installed plugins, in the order listed (hooks run in this order). */
export class PluginRegistry {
  readonly #byId: Map<string, LoadedPlugin>;

  constructor(
    readonly installed: readonly LoadedPlugin[] = [],
    /** How long any one plugin call may take. */
    readonly timeoutMs = 2000,
  ) {
    this.#byId = new Map(installed.map((p) => [p.id, p]));
    this.withAvailability = installed.filter((p) => p.plugin.availability?.length);
    this.withTravelTime = installed.filter((p) => p.plugin.travelTime);
  }

  /** Installed plugins declaring availability rules: none means slots never look for any. */
  readonly withAvailability: readonly LoadedPlugin[];

  /** Installed plugins providing travel times: none means searches never look for one. */
  readonly withTravelTime: readonly LoadedPlugin[];

  #sql?: Sql;
  #forbidden?: Promise<ForbiddenNames>;
  readonly #dbs = new Map<string, PluginDb>();

  /** The pool plugins' `ctx.db` runs on; set once the server's dependencies are built. */
  useDatabase(sql: Sql): void {
    this.#sql = sql;
    this.#forbidden = undefined;
    this.#dbs.clear();
  }

  /** The plugin's `ctx.db`: its own tables only (see db/queries/plugin-db.ts). */
  dbFor(pluginId: string): PluginDb {
    let db = this.#dbs.get(pluginId);
    if (!db) {
      const sql = this.#sql;
      if (!sql) return (() => Promise.reject(new Error('plugin database is not connected'))) as unknown as PluginDb;
      // Read once, after every migration (ours and plugins') has run.
      const forbidden = () => (this.#forbidden ??= loadForbiddenNames(sql).catch((err: unknown) => ((this.#forbidden = undefined), Promise.reject(err))));
      db = pluginDb(sql, pluginId, forbidden);
      this.#dbs.set(pluginId, db);
    }
    return db;
  }

  get(id: string): LoadedPlugin | undefined {
    return this.#byId.get(id);
  }

  /** Plugins' migrations for the runner, in order, each id made unique by its plugin's. */
  get migrations(): { id: string; sql: string }[] {
    return this.installed.flatMap((p) => (p.plugin.migrations ?? []).map((m) => ({ id: `plugin:${p.id}/${m.id}`, sql: m.sql })));
  }
}

/** A logger a plugin may hold: four levels, every line tagged with its id, nothing else of pino. */
export function pluginLogger(log: Logger, pluginId: string): PluginLogger {
  const child = log.child({ plugin: pluginId });
  const level =
    (name: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: object | string, message?: string) =>
      typeof fields === 'string' ? child[name](fields) : child[name](fields, message);
  return { debug: level('debug'), info: level('info'), warn: level('warn'), error: level('error') };
}

const fail = (id: string, problem: string) => new StartError(`Plugin "${id}" cannot be loaded: ${problem}`);

/** Check every entry and prepare it; throws a StartError naming the first plugin at fault. */
export function loadPlugins(entries: readonly PluginEntry[] = [], input: { log: Logger; timeoutMs?: number }): PluginRegistry {
  const loaded: LoadedPlugin[] = [];
  entries.forEach((entry, index) => {
    const [plugin, given] = Array.isArray(entry) ? (entry as readonly [AnyPlugin, unknown]) : [entry as AnyPlugin, undefined];
    if (!plugin || typeof plugin !== 'object' || typeof plugin.id !== 'string') {
      throw new StartError(`Plugin entry ${index + 1} in the plugin list is not a plugin: export one made with definePlugin(), or [plugin, options].`);
    }
    const id = plugin.id;
    if (!/^[a-z][a-z0-9-]{1,40}$/.test(id)) throw fail(id, 'its id must be lowercase letters, digits and dashes.');
    if (loaded.some((p) => p.id === id)) throw fail(id, 'it is listed twice. Each plugin id may be installed once.');
    if (typeof plugin.sdk !== 'string' || !sdkSatisfies(plugin.sdk)) {
      throw fail(id, `it needs SDK ${String(plugin.sdk)}, and this server provides SDK ${SDK_VERSION}. Install a version of the plugin built for SDK ${SDK_VERSION.split('.')[0]}.`);
    }
    const options = parseOptions(plugin, given);
    checkMigrations(plugin);
    checkHooks(plugin);
    checkChannels(plugin);
    checkAvailability(plugin);
    checkTravelTime(plugin);
    const log = pluginLogger(input.log, id);
    loaded.push({ id, version: plugin.version, plugin, options, log, routes: collectRoutes(plugin, options, log) });
  });
  return new PluginRegistry(loaded, input.timeoutMs);
}

function parseOptions(plugin: AnyPlugin, given: unknown): unknown {
  if (!plugin.options) {
    if (given !== undefined) throw fail(plugin.id, 'it takes no options, but options were given.');
    return undefined;
  }
  const parsed = plugin.options.safeParse(given ?? {});
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(options)'}: ${i.message}`).join('; ');
  throw fail(plugin.id, `its options are not valid (${where}).`);
}

/** Statements that name a table (or index, view, sequence) the migration makes, changes or writes. */
const NAMED = [
  /\b(?:create|alter|drop)\s+(?:(?:global|local)\s+)?(?:temp(?:orary)?\s+)?(?:unlogged\s+)?(?:table|view|materialized\s+view|sequence|(?:unique\s+)?index)\s+(?:concurrently\s+)?(?:if\s+(?:not\s+)?exists\s+)?(?:only\s+)?(?!on\b)("?[\w$]+"?(?:\."?[\w$]+"?)?)/gi,
  /\bcreate\s+(?:unique\s+)?index\b[^;]*?\bon\s+(?:only\s+)?("?[\w$]+"?(?:\."?[\w$]+"?)?)/gi,
  /\b(?:insert\s+into|delete\s+from|truncate(?:\s+table)?)\s+(?:only\s+)?("?[\w$]+"?(?:\."?[\w$]+"?)?)/gi,
  /\bupdate\s+(?:only\s+)?("?[\w$]+"?(?:\."?[\w$]+"?)?)\s+(?:as\s+\w+\s+)?set\b/gi,
];

/**
 * Names in `sql` outside the plugin's prefix. A guard against mistakes (a plugin altering `booking`),
 * not a sandbox: plugins are code the operator chose to install.
 */
export function foreignNames(pluginId: string, sql: string): string[] {
  const prefix = pluginTablePrefix(pluginId);
  // Comments and string literals name nothing.
  const code = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/'(?:[^']|'')*'/g, "''");
  const names = NAMED.flatMap((re) => [...code.matchAll(re)].map((m) => m[1]!));
  const bad = names.filter((raw) => {
    const parts = raw.replace(/"/g, '').toLowerCase().split('.');
    if (parts.length === 2 && parts[0] !== 'public') return true;
    return !parts.at(-1)!.startsWith(prefix);
  });
  return [...new Set(bad)];
}

function checkMigrations(plugin: AnyPlugin) {
  for (const m of plugin.migrations ?? []) {
    if (typeof m.id !== 'string' || !m.id.startsWith(`${plugin.id}_`)) throw fail(plugin.id, `migration "${m.id}" must have an id starting with "${plugin.id}_".`);
    const bad = foreignNames(plugin.id, m.sql);
    if (bad.length) {
      throw fail(plugin.id, `migration "${m.id}" touches ${bad.join(', ')}: a plugin's tables, indexes and sequences must be named ${pluginTablePrefix(plugin.id)}….`);
    }
  }
}

function checkHooks(plugin: AnyPlugin) {
  for (const [name, hook] of Object.entries(plugin.hooks ?? {})) {
    if (!(BEFORE_HOOKS as readonly string[]).includes(name) && !AFTER_HOOKS.includes(name)) {
      throw fail(plugin.id, `it declares an unknown hook "${name}". Hooks: ${BEFORE_HOOKS.join(', ')}, or <domain event>.after.`);
    }
    if (typeof hook !== 'function') throw fail(plugin.id, `its hook "${name}" is not a function.`);
  }
}

const NOTIFICATION_EVENT = /^(booking\.(created|rescheduled|canceled|reminder|arriving)|booking\.status\.[a-z_]+|invitation\.created|password_reset\.requested)$/;

function checkChannels(plugin: AnyPlugin) {
  const keys = new Set<string>();
  for (const channel of plugin.channels ?? []) {
    if (typeof channel.key !== 'string' || !/^[a-z][a-z0-9_-]{0,20}$/.test(channel.key)) throw fail(plugin.id, `channel key "${String(channel.key)}" must be lowercase letters, digits, _ and - (at most 21).`);
    if (keys.has(channel.key)) throw fail(plugin.id, `it declares the channel "${channel.key}" twice.`);
    keys.add(channel.key);
    const unknown = (channel.events ?? []).filter((e) => !NOTIFICATION_EVENT.test(e));
    if (!channel.events?.length || unknown.length) throw fail(plugin.id, `channel "${channel.key}" must list the notification events it sends${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}.`);
    if (typeof channel.send !== 'function') throw fail(plugin.id, `channel "${channel.key}" has no send().`);
    if (channel.address !== 'email' && channel.address !== 'phone') throw fail(plugin.id, `channel "${channel.key}" must say what it delivers to: address 'email' or 'phone'.`);
  }
}

function checkAvailability(plugin: AnyPlugin) {
  const rules = plugin.availability ?? [];
  if (!Array.isArray(rules)) throw fail(plugin.id, 'its availability must be a list of rules.');
  const ids = new Set<string>();
  for (const rule of rules) {
    if (typeof rule?.id !== 'string' || !/^[a-z0-9_-]{1,40}$/.test(rule.id)) throw fail(plugin.id, `availability rule "${String(rule?.id)}" must have an id of lowercase letters, digits, _ and -.`);
    if (ids.has(rule.id)) throw fail(plugin.id, `availability rule "${rule.id}" is declared twice.`);
    ids.add(rule.id);
    if (rule.busy === undefined && rule.accept === undefined) throw fail(plugin.id, `availability rule "${rule.id}" has neither busy() nor accept().`);
    for (const fn of ['busy', 'accept'] as const) {
      if (rule[fn] !== undefined && typeof rule[fn] !== 'function') throw fail(plugin.id, `availability rule "${rule.id}": ${fn} is not a function.`);
    }
  }
}

function checkTravelTime(plugin: AnyPlugin) {
  const travel = plugin.travelTime;
  if (travel === undefined) return;
  if (typeof travel !== 'object' || travel === null || typeof travel.matrix !== 'function') throw fail(plugin.id, 'its travelTime must have a matrix() function.');
  if (travel.onFailure !== undefined && travel.onFailure !== 'fail_closed' && travel.onFailure !== 'straight_line') {
    throw fail(plugin.id, `travelTime.onFailure must be 'fail_closed' or 'straight_line', not "${String(travel.onFailure)}".`);
  }
}

/** Ask the plugin for its routes once, at boot; each must declare who may call it. */
function collectRoutes(plugin: AnyPlugin, options: unknown, log: PluginLogger): PluginRoute[] {
  if (!plugin.routes) return [];
  const routes: PluginRoute[] = [];
  const add = (method: PluginRoute['method']) => (path: string, access: RouteAccess, handler: RouteHandler<unknown, unknown>) => {
    if (typeof path !== 'string' || !/^\/[\w\-/:.]*$/.test(path)) throw fail(plugin.id, `route path "${String(path)}" must start with "/" and use letters, digits, -, _, . and :params.`);
    if (!isRouteAccess(access)) {
      throw fail(plugin.id, `route ${method} ${path} does not say who may call it. Pass auth.public(), auth.customer(), auth.staff() or auth.admin() from @arrivo/sdk/server.`);
    }
    if (typeof handler !== 'function') throw fail(plugin.id, `route ${method} ${path} has no handler.`);
    if (routes.some((r) => r.method === method && r.path === path)) throw fail(plugin.id, `route ${method} ${path} is declared twice.`);
    routes.push({ method, path, access, handler });
  };
  const router: PluginRouter = { get: add('GET'), post: add('POST'), put: add('PUT'), patch: add('PATCH'), delete: add('DELETE') };
  try {
    plugin.routes(router, { pluginId: plugin.id, options, log });
  } catch (err) {
    if (err instanceof StartError) throw err;
    throw fail(plugin.id, `its routes() threw: ${err instanceof Error ? err.message : String(err)}`);
  }
  return routes;
}
