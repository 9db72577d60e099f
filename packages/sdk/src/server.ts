// The plugin contract (ARCHITECTURE §6): what a plugin may declare and what it is handed. Plugins
// import only this package, never server internals; the server's loader (packages/server/src/plugins)
// checks and runs what is declared here. See docs/plugins.md.
import type { BookingStatus, DomainEvent, DomainEventName, LatLon } from '@arrivo/core';

export const SDK_VERSION = '1.4.0';

/**
 * Calendar arithmetic in a business's time zone (`ctx.business.timeZone`), as the engine does it:
 * `zonedInstant('2026-12-25', 0, tz)` is local midnight as epoch ms; `zonedDate(ms, tz)` the local
 * date; `addDays` and `datesBetween` work on `YYYY-MM-DD` dates.
 */
export { addDays, datesBetween, zonedDate, zonedInstant } from '@arrivo/core';

/**
 * A plugin's strings per language (`{ es: { 'English text': 'texto' } }`), shared with its client
 * half: `translate(messages, ctx.locale, 'A {amps} A charger…', { amps: 48 })`. Since SDK 1.4.
 */
export { translate, type Messages } from './messages';

/**
 * Anything with zod's `safeParse` (a zod schema): the SDK does not tie plugins to one zod copy.
 * Used for a plugin's `options` (checked at boot) and `businessSettings` (checked when a business
 * saves them).
 */
export interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * An extra question on the booking form. The booking form renders the built-in kinds: `text`,
 * `number`, `select` (one of `options`) and `checkbox` (yes/no); the server checks answers against
 * them (required, kind, options) at booking. `key`: a letter, then letters, digits and `_`.
 */
export interface FieldDescriptor {
  key: string;
  label: string;
  kind: 'text' | 'number' | 'select' | 'checkbox';
  required?: boolean;
  options?: string[];
  /**
   * How the booking form shows the field, when a client plugin renders it: `'<plugin id>:<name>'`,
   * `fields[name]` of the registered client plugin with that id (see docs/plugins.md, "Client
   * plugins"). Only a rendering hint: the answer is still of `kind` and checked as such, and a page
   * without the client plugin shows the plain input of `kind`. Since SDK 1.4.
   */
  widget?: string;
}

/** Answers to a service type's intake fields, by field key (empty answers left out). */
export type IntakeAnswers = Record<string, string | number | boolean>;

/**
 * A bookable service type. When a business enables the plugin it becomes one of the business's
 * service types (key, label, fields, required skills — skills are created by name if missing) and is
 * kept in step on every enable and server start, except for what the business's staff changed
 * (name, description, duration estimate, self-scheduling, active, skills: theirs once edited; the key
 * and fields stay the plugin's); disabling the plugin takes it off the online catalog. Since SDK 1.3.
 */
export interface PluginServiceType {
  /** Lowercase letters, digits, `-` and `_`; unique within the business (a staff type with the key blocks enabling). */
  key: string;
  label: string;
  description?: string;
  /**
   * Minutes (5–1440), or minutes from the answers. A function is called with checked answers for
   * every slots query and booking (and with the stored answers on reschedule): keep it pure and
   * quick. The catalog shows `duration({})` (or 60 if that throws) as the estimate.
   */
  duration: number | ((answers: IntakeAnswers) => number);
  /** Skill names a technician must have (matched case-insensitively to the business's skills). */
  requiredSkills: string[];
  fields?: FieldDescriptor[];
  /** Checked after the fields, at slots and booking: cross-field rules (zod `refine`) belong here. */
  intake?: Schema<unknown>;
}

/** What an availability rule's `busy` is asked about: the instants (epoch ms) the engine searches. */
export interface AvailabilityQuery {
  from: number;
  to: number;
}

/** Time nobody (no `resourceId`) or one technician can be booked: [startsAt, endsAt) in epoch ms. */
export interface BusyInterval {
  startsAt: number;
  endsAt: number;
  resourceId?: string;
}

/** An arrival the engine would offer (or book): which technician, when, where, for what. */
export interface AvailabilityCandidate {
  resourceId: string;
  arrivalAt: number;
  /** Departure (arrival − travel) and the end of the job, epoch ms. */
  startsAt: number;
  endsAt: number;
  travelMinutes: number;
  location: LatLon;
  serviceType: { id: string; key: string };
}

/**
 * An availability rule, for the businesses that enabled its plugin. `busy` runs before the engine
 * (async, with the plugin call time limit) and its intervals are added to the technicians' time off;
 * `accept` runs inside the engine's selection, synchronously, for every candidate that would win —
 * a rejected one lets the next-best technician or time win. Both apply to offered days and times and
 * to the re-check under the booking lock, so a rule cannot make Arrivo offer a time it then refuses.
 * A rule that throws, times out or answers nonsense makes the request fail with `plugin_unavailable`.
 */
export interface AvailabilityRule<O = unknown, S = unknown> {
  /** Lowercase letters, digits, `_` and `-`; unique within the plugin. */
  id: string;
  busy?(query: AvailabilityQuery, ctx: PluginContext<O, S>): Promise<BusyInterval[]> | BusyInterval[];
  /** Must answer `true` or `false` at once: no I/O (fetch what it needs in `busy`). */
  accept?(candidate: AvailabilityCandidate, ctx: PluginContext<O, S>): boolean;
}

/**
 * Real routing for the businesses that enabled the plugin (SDK ≥ 1.3). Before the engine runs, the
 * server asks `matrix` once per search for the drives it may need — from the technicians' start
 * places and the places of their visits to the customer's, and from the customer's to the visits
 * that follow — and the engine reads the answers synchronously. Answers are cached per pair
 * (coordinates rounded to about 10 m, departure hour), so a place already asked about is not asked
 * again. A pair the answer does not cover uses the built-in straight-line model.
 */
export interface TravelTimeProvider<O = unknown, S = unknown> {
  /**
   * Driving minutes from each origin to each destination, leaving at `departAt` (epoch ms; one
   * representative departure per search: the first searched day's earliest shift start). Answer
   * `origins.length` rows of `destinations.length` finite, non-negative numbers (rounded up to
   * whole minutes by the server).
   */
  matrix(origins: LatLon[], destinations: LatLon[], departAt: number, ctx: PluginContext<O, S>): Promise<number[][]> | number[][];
  /**
   * When `matrix` throws, runs out of time or answers the wrong shape: `'fail_closed'` (the
   * default) fails the request with `503 plugin_unavailable`; `'straight_line'` logs it and uses
   * the built-in model for that search.
   */
  onFailure?: 'fail_closed' | 'straight_line';
}

/** @deprecated Since SDK 1.3: `TravelTimeProvider`. */
export type TravelTimePlugin<O = unknown, S = unknown> = TravelTimeProvider<O, S>;

export type NotificationEvent =
  | 'booking.created'
  | 'booking.rescheduled'
  | 'booking.canceled'
  | `booking.status.${BookingStatus}`
  | 'booking.reminder'
  | 'booking.arriving'
  | 'feedback.low_score'
  | 'invitation.created'
  | 'password_reset.requested';

/** One message for one recipient. `html` and `attachments` are for channels that can carry them (email). */
export interface ChannelMessage {
  event: NotificationEvent;
  /** Where this channel delivers: the email address, or for an `address: 'phone'` channel the phone number. */
  to: string;
  /** The recipient's phone number, set on copies for `address: 'phone'` channels. */
  phone?: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: string; contentType: string }[];
}

export type ChannelResult = { ok: true } | { ok: false; retryable: boolean; error?: string };

/**
 * A way to deliver customer messages (the built-in email channel is one). A plugin channel gets a
 * copy of every message of its `events` for the businesses that enabled the plugin, when the
 * recipient chose what the channel carries (see `address`); each copy has its own row in the
 * delivery log (channel `<plugin id>.<key>`), its own retries and dead state.
 */
export interface NotificationChannel<O = unknown, S = unknown> {
  /** Lowercase letters, digits, `_` and `-`; unique within the plugin. */
  key: string;
  /**
   * What the channel delivers to, and so which of the contact's choices it follows:
   * `'email'` — sent when the contact wants email, `message.to` is the email address;
   * `'phone'` (SMS, chat apps, voice) — sent only when the contact chose SMS and has a phone,
   * `message.to` and `message.phone` are the phone number. Messages to someone who is not a
   * contact (a password reset, staff alerts) reach only `'email'` channels.
   */
  address: 'email' | 'phone';
  events: NotificationEvent[];
  /**
   * `retryable: false` means trying again cannot help (a rejected address); `error` goes to the
   * delivery log. Throwing or running out of time counts as a retryable failure.
   */
  send(message: ChannelMessage, ctx: PluginContext<O, S>): Promise<ChannelResult>;
}

// ---------------------------------------------------------------------------------------------
// Contexts: what a plugin is handed. Never the database pool, never the HTTP app.

/** Structured log lines, tagged with the plugin's id by the server. */
export interface PluginLogger {
  debug(fields: object | string, message?: string): void;
  info(fields: object | string, message?: string): void;
  warn(fields: object | string, message?: string): void;
  error(fields: object | string, message?: string): void;
}

/** The business a call is for. */
export interface PluginBusiness {
  id: string;
  slug: string;
  timeZone: string;
}

/**
 * The plugin's own tables, and nothing else: a tagged template whose values are bound parameters.
 *
 *     const rows = await ctx.db<{ id: string }>`SELECT id FROM plugin_parts_check_hold WHERE business_id = ${ctx.business.id}`;
 *
 * The statement's text may name only tables starting with the plugin's prefix
 * (`pluginTablePrefix(id)`): a name of any other table of Arrivo's, a schema, or a `pg_` catalog is
 * refused before it reaches the database (a `PluginDbError`). Columns come back camelCased
 * (`created_at` → `createdAt`). Each statement runs on its own (autocommit), outside the
 * transaction of the request or event that called the plugin: what a failing after-hook wrote
 * stays. One statement per call. Since SDK 1.2.
 */
export interface PluginDb {
  <T extends object = Record<string, unknown>>(strings: TemplateStringsArray, ...values: (string | number | boolean | null | Date | readonly string[] | readonly number[])[]): Promise<T[]>;
}

/** A plugin's statement named something that is not its own (or was not a tagged template). */
export class PluginDbError extends Error {
  override name = 'PluginDbError';
}

/** What every per-business call gets: the business, the plugin's options and this business's settings. */
export interface PluginContext<O = unknown, S = unknown> {
  pluginId: string;
  business: PluginBusiness;
  /** The options the plugin was installed with, as its `options` schema parsed them. */
  options: O;
  /** This business's settings for the plugin (parsed by `businessSettings`), or null if never saved. */
  settings: S | null;
  log: PluginLogger;
  /** Aborted when the call's time is up: pass it to `fetch`. */
  signal: AbortSignal;
  /** The plugin's own tables (see `PluginDb`). Since SDK 1.2. */
  db: PluginDb;
  /**
   * The language of the person whose request this is (BCP 47: `es`, `es-MX`), the first of the
   * request's `Accept-Language` (the elements send their locale in it); `'en'` outside a customer's
   * request (after-hooks, channels, availability, staff changes). Write a veto's message in it.
   * Since SDK 1.4.
   */
  locale: string;
}

// ---------------------------------------------------------------------------------------------
// Hooks

/** Who is making the change. */
export interface HookActor {
  kind: 'customer' | 'staff' | 'technician';
  userId: string | null;
}

/** A booking about to be created (customer self-scheduling). Patchable: `comments`. */
export interface BookingCreateDraft {
  actor: HookActor;
  serviceType: { id: string; key: string };
  arrivalAt: string;
  assetId: string | null;
  accountId: string;
  contactId: string;
  /** The customer's comment for the work order (null when the business does not collect them). */
  comments: string | null;
  /** The answers to the service type's intake fields, already checked against them. Since SDK 1.3. */
  intake: IntakeAnswers;
}

/** A booking about to move. Nothing is patchable: the new time is what the customer chose. */
export interface BookingRescheduleDraft {
  actor: HookActor;
  bookingId: string;
  serviceType: { id: string; key: string };
  arrivalAt: string;
  previousArrivalAt: string;
}

/** A booking about to be canceled (by the customer, staff or its technician). Patchable: `reason`. */
export interface BookingCancelDraft {
  actor: HookActor;
  bookingId: string;
  arrivalAt: string;
  reason: string;
}

/** What a before-hook may change, per hook. Anything else in a patch is ignored. */
export interface BookingPatches {
  'booking.create.before': { comments?: string | null };
  'booking.reschedule.before': Record<string, never>;
  'booking.cancel.before': { reason?: string };
}

export interface BookingDrafts {
  'booking.create.before': BookingCreateDraft;
  'booking.reschedule.before': BookingRescheduleDraft;
  'booking.cancel.before': BookingCancelDraft;
}

export type BeforeHookName = keyof BookingDrafts;

/**
 * A before-hook's answer: nothing (go on), a patch of the fields its hook allows, or a veto. A
 * veto's `message` is shown to the customer as it is: write it for them, in `ctx.locale` (see
 * `translate`); `code` is the plugin's own, for logs and clients that branch on it.
 */
export type BeforeHookResult<H extends BeforeHookName> = void | undefined | { patch: BookingPatches[H] } | { veto: { code: string; message: string } };

export type AfterHookName = `${DomainEventName}.after`;

export type PluginHooks<O, S> = {
  [H in BeforeHookName]?: (draft: Readonly<BookingDrafts[H]>, ctx: PluginContext<O, S>) => BeforeHookResult<H> | Promise<BeforeHookResult<H>>;
} & {
  [E in DomainEventName as `${E}.after`]?: (event: DomainEvent<E>, ctx: PluginContext<O, S>) => Promise<void> | void;
};

// ---------------------------------------------------------------------------------------------
// Routes

const ACCESS = Symbol.for('arrivo.sdk.route-access');

/** Who may call a plugin route; made only by `auth.*`, so every route says it explicitly. */
export interface RouteAccess {
  readonly [ACCESS]: true;
  readonly audience: 'public' | 'customer' | 'staff' | 'admin';
}

const access = (audience: RouteAccess['audience']): RouteAccess => Object.freeze({ [ACCESS]: true as const, audience });

/** The audiences a plugin route can declare. There is no default: a route without one fails at boot. */
export const auth = {
  /** Anyone, signed in or not. */
  public: () => access('public'),
  /** A signed-in customer of an active account of this business. */
  customer: () => access('customer'),
  /** Admins and dispatchers of this business. */
  staff: () => access('staff'),
  /** Admins of this business only. */
  admin: () => access('admin'),
} as const;

export function isRouteAccess(value: unknown): value is RouteAccess {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ACCESS] === true;
}

/** The caller of a plugin route, as the route's audience established it. */
export type RouteCaller =
  | { kind: 'anonymous' }
  | { kind: 'customer'; userId: string; contactId: string; accountId: string }
  | { kind: 'staff'; userId: string; roles: string[] };

export interface PluginRequest {
  method: string;
  /** Path parameters (`/items/:itemId`). */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Headers;
  caller: RouteCaller;
  /** The JSON body (undefined when there is none); invalid JSON is refused before the handler. */
  json(): Promise<unknown>;
}

/** A handler answers a `Response`, or a value sent as JSON with status 200. */
export type RouteHandler<O, S> = (request: PluginRequest, ctx: PluginContext<O, S>) => Promise<Response | unknown> | Response | unknown;

export interface PluginRouter<O = unknown, S = unknown> {
  get(path: string, access: RouteAccess, handler: RouteHandler<O, S>): void;
  post(path: string, access: RouteAccess, handler: RouteHandler<O, S>): void;
  put(path: string, access: RouteAccess, handler: RouteHandler<O, S>): void;
  patch(path: string, access: RouteAccess, handler: RouteHandler<O, S>): void;
  delete(path: string, access: RouteAccess, handler: RouteHandler<O, S>): void;
}

/** What `routes()` gets once at boot (per-request context comes with each call). */
export interface PluginSetupContext<O = unknown> {
  pluginId: string;
  options: O;
  log: PluginLogger;
}

// ---------------------------------------------------------------------------------------------
// The plugin

export interface ArrivoPlugin<O = unknown, S = unknown> {
  /** Lowercase, digits and dashes: `ev-charger`. Prefixes its tables and settings. */
  id: string;
  version: string;
  /** The SDK range this plugin was written against, e.g. `^1` or `^1.1`. */
  sdk: string;
  /** Install-time options, validated at boot (a failure stops the server, naming the plugin). */
  options?: Schema<O>;
  /** Per-business settings, validated when a business admin saves them. */
  businessSettings?: Schema<S>;
  serviceTypes?: PluginServiceType[];
  availability?: AvailabilityRule<O, S>[];
  /** Real travel times for the engine (SDK ≥ 1.3). */
  travelTime?: TravelTimeProvider<O, S>;
  channels?: NotificationChannel<O, S>[];
  hooks?: PluginHooks<O, S>;
  /** HTTP routes under /api/businesses/{business}/plugins/{id}/…, each with its audience. */
  routes?(router: PluginRouter<O, S>, ctx: PluginSetupContext<O>): void;
  /**
   * SQL run once each, in order, by the server's migration runner. Every table must be named
   * `plugin_<id with dashes as underscores>_…`; ids must start with `<plugin id>_`.
   */
  migrations?: { id: string; sql: string }[];
}

export class PluginDefinitionError extends Error {}

/**
 * Does `version` satisfy `range`? Ranges plugins use: `^1`, `^1.2`, `^1.2.3`, `1`, `1.x`, `1.2.x`,
 * `>=1.2` (within the same major: a new major is a break by definition).
 */
export function sdkSatisfies(range: string, version: string = SDK_VERSION): boolean {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  const m = /^(\^|>=)?(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.exec(range.trim());
  if (!m) return false;
  const want = [Number(m[2]), m[3] === undefined || m[3] === 'x' ? 0 : Number(m[3]), m[4] === undefined || m[4] === 'x' ? 0 : Number(m[4])] as const;
  if (want[0] !== major) return false;
  if (m[1] === '^' || m[1] === '>=') return minor > want[1] || (minor === want[1] && patch >= want[2]);
  // Exact forms: `1`, `1.x`, `1.2`, `1.2.x`, `1.2.3`.
  if (m[3] !== undefined && m[3] !== 'x' && Number(m[3]) !== minor) return false;
  if (m[4] !== undefined && m[4] !== 'x' && Number(m[4]) !== patch) return false;
  return true;
}

/** `ev-charger` → `plugin_ev_charger_`: the prefix of every table the plugin owns. */
export function pluginTablePrefix(id: string): string {
  return `plugin_${id.replace(/-/g, '_')}_`;
}

/** Check a plugin's declaration once, when it is defined, so mistakes fail at start, not at booking. */
export function definePlugin<O = unknown, S = unknown>(plugin: ArrivoPlugin<O, S>): Readonly<ArrivoPlugin<O, S>> {
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(plugin.id)) throw new PluginDefinitionError(`Plugin id "${plugin.id}" must be lowercase letters, digits and dashes.`);
  if (!/^\d+\.\d+\.\d+/.test(plugin.version)) throw new PluginDefinitionError(`Plugin ${plugin.id}: version "${plugin.version}" is not semver.`);
  if (!sdkSatisfies(plugin.sdk)) throw new PluginDefinitionError(`Plugin ${plugin.id} needs SDK ${plugin.sdk}; this is ${SDK_VERSION}.`);
  const keys = plugin.serviceTypes?.map((t) => t.key) ?? [];
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate) throw new PluginDefinitionError(`Plugin ${plugin.id} declares service type "${duplicate}" twice.`);
  for (const t of plugin.serviceTypes ?? []) {
    if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(t.key)) throw new PluginDefinitionError(`Plugin ${plugin.id}: service type key "${t.key}" must be lowercase letters, digits, - and _.`);
    for (const f of t.fields ?? []) {
      if (!/^[a-z][a-zA-Z0-9_]{0,62}$/.test(f.key)) throw new PluginDefinitionError(`Plugin ${plugin.id}: field key "${f.key}" of "${t.key}" must start with a lowercase letter, then letters, digits and _.`);
      if (!['text', 'number', 'select', 'checkbox'].includes(f.kind)) throw new PluginDefinitionError(`Plugin ${plugin.id}: field "${f.key}" of "${t.key}" has kind "${f.kind}"; the booking form renders text, number, select and checkbox.`);
      if (f.widget !== undefined && !/^[a-z][a-z0-9-]{1,40}:[a-zA-Z][\w-]{0,40}$/.test(f.widget)) throw new PluginDefinitionError(`Plugin ${plugin.id}: field "${f.key}" of "${t.key}" has widget "${f.widget}"; a widget is "<client plugin id>:<name>", e.g. "${plugin.id}:picker".`);
      if (f.kind === 'select' && !f.options?.length) throw new PluginDefinitionError(`Plugin ${plugin.id}: select field "${f.key}" of "${t.key}" needs options.`);
    }
    if (typeof t.duration === 'number' && !(Number.isInteger(t.duration) && t.duration >= 5 && t.duration <= 1440)) throw new PluginDefinitionError(`Plugin ${plugin.id}: service type "${t.key}" duration must be whole minutes from 5 to 1440.`);
  }
  for (const m of plugin.migrations ?? []) {
    if (!m.id.startsWith(`${plugin.id}_`)) throw new PluginDefinitionError(`Plugin ${plugin.id}: migration "${m.id}" must start with "${plugin.id}_".`);
  }
  return Object.freeze(plugin);
}
