// `@arrivo/sdk/testing`: a real Arrivo server for a plugin's tests. It runs the plugin the way
// production does (checked at boot, migrations run, hooks on the real booking paths, after-hooks
// through the real job queue) on a real PostgreSQL with a small test business ("test-co", made by
// the server's own `seedTestBusiness`: no demo data) and drives it through the HTTP API as its
// customers and staff would. The one SDK entry that uses the server: it is for development only,
// plugins never import it from their runtime code.
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomerBooking, IntakeField, ServiceType } from '@arrivo/core';
import {
  connect,
  createLogger,
  devMailbox,
  ensureDatabase,
  loadEnv,
  seedTestBusiness,
  seedTestCustomer,
  startEmbeddedPostgres,
  startServer,
  TEST_BUSINESS_PASSWORD,
  TEST_BUSINESS_PEOPLE,
  TEST_BUSINESS_SLUG,
  type PluginEntry,
  type AppDeps,
  type RunningServer,
  type TestBusinessRole,
} from '@arrivo/server';

/**
 * The test business's people, by role: `admin`, `dispatcher`, `technician` (linked to the
 * business's one technician) and `customer` (the contact of its one account).
 */
export type TestRole = TestBusinessRole;
/** @deprecated The harness no longer seeds the demo business: `TestRole`. */
export type DemoRole = TestRole;

/** Every test person's password (tests only). */
export const TEST_PASSWORD = TEST_BUSINESS_PASSWORD;

/** The test business's slug (`test-co`); the one `enable` and every helper work on. */
export const TEST_BUSINESS = TEST_BUSINESS_SLUG;

/** The test business's people: `{ role, email, name }` for each role. */
export const TEST_PEOPLE = TEST_BUSINESS_PEOPLE;

export interface TestServerOptions {
  /** The plugins to install, each alone or as `[plugin, options]`, as in `arrivo.config.ts`. */
  plugins?: readonly PluginEntry[];
  /**
   * The plugins to enable for the test business, by plugin id, each with its business settings
   * (null: none given, so the schema's defaults). Default: every installed plugin, with null.
   * Goes through the admin API, so settings are checked by each plugin's `businessSettings`.
   */
  enable?: Record<string, Record<string, unknown> | null>;
  /**
   * A PostgreSQL cluster to use (a fresh database is made on it and dropped at `close()`).
   * Default: `DATABASE_URL` when set, else an embedded PostgreSQL started for this server.
   */
  databaseUrl?: string;
  /** More server settings, as environment variables (`PLUGIN_TIMEOUT_MS`…). */
  env?: Record<string, string>;
  /** The lowest level `logs()` keeps (default `info`). Nothing is printed. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

/** One structured log line of the server (`plugin` is set on a plugin's own lines and on its failures). */
export interface TestLogLine {
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  msg?: string;
  plugin?: string;
  [field: string]: unknown;
}

/** `init.json` is sent as the JSON body; `init.as` signs the request in as that role or email. */
export type ApiInit = Omit<RequestInit, 'body'> & { as?: TestRole | string; json?: unknown; body?: RequestInit['body'] };

export interface BookInput {
  /** The service type's key (`drain-cleaning`, `ac-repair`, or a plugin's). */
  serviceType: string;
  /** `YYYY-MM-DD` in the business's time zone; default: the first day with a free time. */
  day?: string;
  /** The arrival to book; default: the first free one on `day`. */
  arrivalAt?: string;
  /** The asset's id (see `api('/me/assets')`), when the business asks for one. */
  assetId?: string | null;
  comments?: string;
  /** Answers to the service type's intake questions, by field key (also sent when looking for free times). */
  intake?: Record<string, string | number | boolean>;
  /** The customer who books (role or email); default the test business's customer. */
  as?: string;
  /** The customer's language, sent as `Accept-Language` (what a hook gets as `ctx.locale`). Since SDK 1.4. */
  locale?: string;
}

/** What the API answered: the booking when `ok`, else the error (`code`, `message`, `details`). */
export type BookResult =
  | { ok: true; status: number; booking: CustomerBooking; error?: undefined }
  | { ok: false; status: number; booking?: undefined; error: { code: string; message: string; details?: Record<string, unknown> } };

export interface TestMessage {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  sentAt: Date;
}

/** `arrivo.seed.customer()`: another customer of the test business. */
export interface SeedCustomerInput {
  /** Default: a new address at test-co.example each time. */
  email?: string;
  /** First and last name; default `Test Customer <n>`. */
  name?: string;
}

/** A customer made by `arrivo.seed.customer()`, signed in: pass `email` as `as` to `book` and `api`. */
export interface SeededCustomer {
  email: string;
  name: string;
  accountId: string;
  contactId: string;
  /** A bearer token for the customer API. */
  token: string;
}

/** `arrivo.seed.serviceType()`: a service type of the test business, bookable online. */
export interface SeedServiceTypeInput {
  key: string;
  /** Default: the key, its dashes as spaces. */
  name?: string;
  description?: string | null;
  /** Default 60. */
  durationMinutes?: number;
  /** Skill names (made when missing); the test technician is given them, so the type can be booked. */
  skills?: string[];
  intakeFields?: IntakeField[];
  /** Default true. */
  selfSchedulingEnabled?: boolean;
}

/** Helpers that add to the test business, through the server (customers) and the staff API (the rest). */
export interface TestSeed {
  customer(input?: SeedCustomerInput): Promise<SeededCustomer>;
  serviceType(input: SeedServiceTypeInput): Promise<ServiceType>;
}

export interface TestServer {
  /** Where the server listens (`http://127.0.0.1:<port>`). */
  url: string;
  business: { slug: string };
  /** A bearer token for a role or any email with the test password; cached per person. */
  signIn(who: TestRole | string): Promise<string>;
  /**
   * `fetch` against the API. A path not starting with `/api` or `/dev` is taken as the business's
   * (`/me/bookings` → `/api/businesses/test-co/me/bookings`).
   */
  api(path: string, init?: ApiInit): Promise<Response>;
  /** Book through the customer API (slots, then the booking with an idempotency key). */
  book(input: BookInput): Promise<BookResult>;
  /** Add customers and service types to the test business. */
  seed: TestSeed;
  /** Move a booking along as the business's dispatcher (`traveling`, `completed`, `canceled`…). */
  setStatus(bookingId: string, status: string, note?: string): Promise<Response>;
  /** The emails the server sent (kept in its dev mailbox), oldest first; only to `to` when given. */
  messages(to?: string): Promise<TestMessage[]>;
  /** What the server logged so far; only a plugin's lines (its `ctx.log` and its failures) when given its id. */
  logs(pluginId?: string): TestLogLine[];
  /** Retry `check` until it returns something truthy (after-hooks and emails go through a queue). */
  eventually<T>(check: () => T | Promise<T>, options?: { timeoutMs?: number; intervalMs?: number }): Promise<NonNullable<T>>;
  close(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * An embedded PostgreSQL in a temporary folder (removed by `stop()`). Starting one takes a few
 * seconds: to share one among all test files, start it in vitest's `globalSetup` and set
 * `DATABASE_URL` to its `url` (see docs/plugins.md); each `startTestServer` then makes its own database.
 */
export async function startTestPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'arrivo-plugin-test-'));
  try {
    await chmod(dir, 0o755); // PostgreSQL runs as the `postgres` user when we are root
    const cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), port: await freePort(), persistent: false });
    return {
      url: cluster.url,
      stop: async () => {
        await cluster.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Start the server, seed the test business and enable the plugins. One per test file: `beforeAll`/`afterAll`. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const cleanups: (() => Promise<unknown>)[] = [];
  let closing: Promise<void> | undefined;
  // Undo in reverse order (server, database, PostgreSQL), once however often it is called.
  const cleanUp = () =>
    (closing ??= (async () => {
      for (const step of cleanups.reverse()) await step().catch(() => undefined);
    })());
  try {
    let adminUrl = options.databaseUrl ?? process.env.DATABASE_URL;
    if (!adminUrl) {
      const cluster = await startTestPostgres();
      cleanups.push(() => cluster.stop());
      adminUrl = cluster.url;
    }
    const dbName = `arrivo_test_${randomUUID().replaceAll('-', '')}`;
    const databaseUrl = await ensureDatabase(adminUrl, dbName);
    const admin = adminUrl;
    cleanups.push(async () => {
      const sql = connect(admin, { max: 1 });
      await sql.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).finally(() => sql.end());
    });

    // No SMTP_URL: emails go to the dev mailbox, which `messages()` reads.
    const env = loadEnv({ LOG_LEVEL: 'silent', PORT: '0', JOBS_POLL_SECONDS: '0.5', ...options.env, DATABASE_URL: databaseUrl, SMTP_URL: '', NODE_ENV: 'test' });
    const lines: TestLogLine[] = [];
    const levels: Record<number, TestLogLine['level']> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
    const log = createLogger(options.logLevel ?? 'info', {
      write(line) {
        const entry = JSON.parse(line) as { level: number };
        lines.push({ ...entry, level: levels[entry.level] ?? 'info' });
      },
    });
    let deps: AppDeps | undefined;
    const server: RunningServer = await startServer({
      env,
      log,
      plugins: options.plugins,
      configure: async (_app, appDeps) => {
        deps = appDeps;
        await seedTestBusiness(appDeps);
      },
    });
    cleanups.push(() => server.close());
    const harness = makeHarness(server, () => deps!, lines, cleanUp);

    const installed = (options.plugins ?? []).map((entry) => (Array.isArray(entry) ? entry[0] : entry) as { id: string });
    const enable = options.enable ?? Object.fromEntries(installed.map((p) => [p.id, null]));
    for (const [pluginId, settings] of Object.entries(enable)) {
      const res = await harness.api(`/admin/plugins/${pluginId}`, { method: 'PATCH', as: 'admin', json: settings === null ? { enabled: true } : { enabled: true, settings } });
      if (!res.ok) throw new Error(`startTestServer: enabling plugin "${pluginId}" failed (${res.status}): ${await res.text()}`);
    }
    return harness;
  } catch (err) {
    await cleanUp();
    throw err;
  }
}

function makeHarness(server: RunningServer, deps: () => AppDeps, lines: TestLogLine[], close: () => Promise<void>): TestServer {
  const slug = TEST_BUSINESS_SLUG;
  const tokens = new Map<string, Promise<string>>();
  const emailOf = (who: string) => TEST_BUSINESS_PEOPLE.find((p) => p.role === who)?.email ?? who;

  const signIn = (who: string): Promise<string> => {
    const email = emailOf(who);
    // Sign-in is rate limited per address: each person signs in once per server.
    let token = tokens.get(email);
    if (!token) {
      token = (async () => {
        const res = await fetch(`${server.url}/api/businesses/${slug}/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: TEST_BUSINESS_PASSWORD }),
        });
        if (!res.ok) throw new Error(`signIn(${who}): ${res.status} ${await res.text()}`);
        return ((await res.json()) as { token: string }).token;
      })();
      token.catch(() => tokens.delete(email));
      tokens.set(email, token);
    }
    return token;
  };

  const api = async (path: string, init: ApiInit = {}): Promise<Response> => {
    const { as, json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (as) headers.set('authorization', `Bearer ${await signIn(as)}`);
    if (json !== undefined) headers.set('content-type', 'application/json');
    const url = /^\/(api|dev)\//.test(path) ? path : `/api/businesses/${slug}${path}`;
    return fetch(`${server.url}${url}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  };

  const fail = async (res: Response, what: string) => {
    throw new Error(`${what}: ${res.status} ${await res.text()}`);
  };

  const book = async (input: BookInput): Promise<BookResult> => {
    const as = input.as ?? 'customer';
    const types = await api('/me/service-types', { as });
    if (!types.ok) await fail(types, 'book: service types');
    const type = ((await types.json()) as { id: string; key: string }[]).find((t) => t.key === input.serviceType);
    if (!type) throw new Error(`book: no bookable service type "${input.serviceType}" at ${slug}`);
    const asset = (input.assetId ? `&assetId=${input.assetId}` : '') + (input.intake ? `&intake=${encodeURIComponent(JSON.stringify(input.intake))}` : '');
    let arrivalAt = input.arrivalAt;
    if (!arrivalAt) {
      let day = input.day;
      if (!day) {
        const from = new Date().toISOString().slice(0, 10);
        const to = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
        const days = await api(`/me/slot-days?serviceTypeId=${type.id}&from=${from}&to=${to}${asset}`, { as });
        if (!days.ok) await fail(days, 'book: free days');
        day = ((await days.json()) as { days: { date: string }[] }).days[0]?.date;
        if (!day) throw new Error(`book: no free day for "${input.serviceType}" in the next 60 days`);
      }
      const slots = await api(`/me/slots?serviceTypeId=${type.id}&date=${day}${asset}`, { as });
      if (!slots.ok) await fail(slots, 'book: free times');
      arrivalAt = ((await slots.json()) as { slots: { arrivalAt: string }[] }).slots[0]?.arrivalAt;
      if (!arrivalAt) throw new Error(`book: no free time for "${input.serviceType}" on ${day}`);
    }
    const res = await api('/me/bookings', {
      method: 'POST',
      as,
      headers: { 'idempotency-key': randomUUID(), ...(input.locale ? { 'accept-language': input.locale } : {}) },
      json: { serviceTypeId: type.id, arrivalAt, ...(input.assetId ? { assetId: input.assetId } : {}), ...(input.comments !== undefined ? { comments: input.comments } : {}), ...(input.intake ? { intake: input.intake } : {}) },
    });
    const body = await res.json();
    return res.ok ? { ok: true, status: res.status, booking: body as CustomerBooking } : { ok: false, status: res.status, error: body as { code: string; message: string } };
  };

  const staff = async <T>(path: string, init: ApiInit, what: string): Promise<T> => {
    const res = await api(path, { as: 'admin', ...init });
    if (!res.ok) await fail(res, what);
    return (await res.json()) as T;
  };

  const seed: TestSeed = {
    async customer(input = {}) {
      const made = await seedTestCustomer(deps(), input);
      return { ...made, token: await signIn(made.email) };
    },
    async serviceType(input) {
      const skills = await staff<{ id: string; name: string }[]>('/admin/skills', {}, 'seed.serviceType: skills');
      const skillIds: string[] = [];
      for (const name of input.skills ?? []) {
        const found = skills.find((s) => s.name.toLowerCase() === name.toLowerCase());
        skillIds.push(found?.id ?? (await staff<{ id: string }>('/admin/skills', { method: 'POST', json: { name } }, `seed.serviceType: skill "${name}"`)).id);
      }
      const type = await staff<ServiceType>(
        '/admin/service-types',
        {
          method: 'POST',
          json: {
            key: input.key,
            name: input.name ?? input.key.replaceAll(/[-_]/g, ' ').replace(/^./, (c) => c.toUpperCase()),
            description: input.description ?? null,
            durationMinutes: input.durationMinutes ?? 60,
            selfSchedulingEnabled: input.selfSchedulingEnabled ?? true,
            requiredSkillIds: skillIds,
            intakeFields: input.intakeFields ?? [],
          },
        },
        `seed.serviceType: "${input.key}"`,
      );
      // The test technician can do it, so it has free times.
      if (skillIds.length) {
        const [technician] = await staff<{ id: string; skillIds: string[] }[]>('/admin/technicians', {}, 'seed.serviceType: technicians');
        const missing = skillIds.filter((id) => !technician!.skillIds.includes(id));
        if (missing.length) {
          await staff(`/admin/technicians/${technician!.id}`, { method: 'PATCH', json: { skillIds: [...technician!.skillIds, ...missing] } }, 'seed.serviceType: the technician\'s skills');
        }
      }
      return type;
    },
  };

  return {
    url: server.url,
    business: { slug },
    signIn,
    api,
    book,
    seed,
    setStatus: (bookingId, status, note) => api(`/admin/bookings/${bookingId}/status`, { method: 'POST', as: 'dispatcher', json: note === undefined ? { status } : { status, note } }),
    async messages(to) {
      const rows = await devMailbox.list({ sql: deps().sql });
      return rows
        .filter((m) => to === undefined || m.toAddress === emailOf(to))
        .map((m) => ({ to: m.toAddress, subject: m.subject, text: m.textBody, html: m.htmlBody, sentAt: m.createdAt }))
        .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    },
    logs: (pluginId) => lines.filter((l) => pluginId === undefined || l.plugin === pluginId),
    async eventually(check, { timeoutMs = 10_000, intervalMs = 100 } = {}) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        let last: unknown;
        try {
          const value = await check();
          if (value) return value as NonNullable<Awaited<typeof value>>;
        } catch (err) {
          last = err;
        }
        if (Date.now() > until) throw last instanceof Error ? last : new Error(`eventually: still false after ${timeoutMs} ms`);
        await new Promise((done) => setTimeout(done, intervalMs));
      }
    },
    close,
  };
}
