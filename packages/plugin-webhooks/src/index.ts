// @arrivo/plugin-webhooks: each business's endpoints get its booking, feedback and invitation
// events, signed as the Standard Webhooks spec says, retried with backoff, logged, replayable.
// Written against @arrivo/sdk alone (see README.md).
import { randomUUID } from 'node:crypto';
import { auth, definePlugin, type PluginContext, type PluginRequest } from '@arrivo/sdk/server';
import { z } from 'zod';
import { BlockedAddressError, post, refusedDestination, retryAfter } from './network';
import { newSecret, webhookHeaders } from './signing';

export { newSecret, sign, webhookHeaders, SECRET_PREFIX } from './signing';
export { isNonPublicAddress, retryAfter, MAX_RETRY_AFTER_MS } from './network';

/** The events an endpoint can subscribe to. */
export const WEBHOOK_EVENTS = [
  'booking.created',
  'booking.rescheduled',
  'booking.canceled',
  'booking.status_changed',
  'feedback.submitted',
  'feedback.low_score',
  'invitation.created',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const options = z.object({
  /**
   * How long one receiver may take to answer. Deliveries to a business's endpoints run in
   * parallel inside one plugin call, so keep it under the server's PLUGIN_TIMEOUT_MS.
   */
  requestTimeoutMs: z.number().int().min(100).max(30_000).default(1500),
  /**
   * Let endpoints be on private, loopback, link-local and other non-public addresses. For
   * development and tests with local receivers only: production must leave it off, or any
   * business admin could make the server POST into its own network (SSRF).
   */
  allowPrivateNetworks: z.boolean().default(false),
});
type Options = z.infer<typeof options>;
type Ctx = PluginContext<Options, unknown>;

const MIGRATION = `
CREATE TABLE plugin_webhooks_endpoint (
  id uuid PRIMARY KEY,
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  url text NOT NULL,
  description text,
  -- The signing secret must be readable to sign; it is shown to staff only when made.
  secret text NOT NULL,
  -- After a rotation the previous secret also signs until then, so receivers can switch over.
  previous_secret text,
  previous_secret_until timestamptz,
  events text[] NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  -- Why the plugin turned the endpoint off (a receiver answering 410 Gone).
  disabled_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plugin_webhooks_endpoint_business ON plugin_webhooks_endpoint (business_id);
-- One row per domain event sent anywhere: the exact body, so retries and replays send the same bytes.
CREATE TABLE plugin_webhooks_message (
  id uuid PRIMARY KEY,
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  event_name text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- The delivery log: one row per attempt.
CREATE TABLE plugin_webhooks_delivery (
  id uuid PRIMARY KEY,
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  endpoint_id uuid NOT NULL REFERENCES plugin_webhooks_endpoint (id) ON DELETE CASCADE,
  message_id uuid NOT NULL REFERENCES plugin_webhooks_message (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  cause text NOT NULL CHECK (cause IN ('event', 'retry', 'replay')),
  status_code integer,
  succeeded boolean NOT NULL,
  error text,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL
);
CREATE INDEX plugin_webhooks_delivery_recent ON plugin_webhooks_delivery (business_id, started_at DESC);
CREATE INDEX plugin_webhooks_delivery_message ON plugin_webhooks_delivery (endpoint_id, message_id);
`;

const RETRY_AFTER_MIGRATION = `
-- A receiver's Retry-After (on 429 or 503): the next attempt for this endpoint and message waits until then.
ALTER TABLE plugin_webhooks_delivery ADD COLUMN next_attempt_at timestamptz;
`;

interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  secret: string;
  previousSecretUntil: Date | null;
  /** The secrets that sign now: the current one, and the previous one during a rotation's overlap. */
  secrets: string[];
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Message {
  id: string;
  body: string;
}

/** Sealed tokens (tracking, survey, invitation links) are for Arrivo's own messages, never for receivers. */
export function withoutSealed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSealed);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !/^sealed/i.test(k)).map(([k, v]) => [k, withoutSealed(v)]));
}

/** One attempt at one endpoint, logged whatever happens. */
async function attempt(ctx: Ctx, endpoint: Pick<EndpointRow, 'id' | 'url' | 'secrets'>, message: Message, cause: 'event' | 'retry' | 'replay') {
  const startedAt = new Date();
  let statusCode: number | null = null;
  let error: string | null = null;
  let nextAttemptAt: Date | null = null;
  try {
    const res = await post(endpoint.url, {
      headers: { ...webhookHeaders(endpoint.secrets, message.id, message.body), 'content-type': 'application/json', 'user-agent': 'Arrivo-Webhooks/1' },
      body: message.body,
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.options.requestTimeoutMs)]),
      allowPrivate: ctx.options.allowPrivateNetworks,
    });
    // Redirects are not followed (the spec: a redirect is a failure; update the URL instead).
    statusCode = res.status;
    if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`;
    // Too many requests / unavailable: the receiver says when to come back (bounded to an hour).
    if (cause !== 'replay' && (res.status === 429 || res.status === 503)) nextAttemptAt = retryAfter(res.headers['retry-after'], new Date()) ?? null;
  } catch (err) {
    const e = err as Error & { code?: string; cause?: { code?: string; message?: string } };
    error =
      err instanceof BlockedAddressError || e.code === 'EBLOCKED'
        ? `refused: ${e.message}`
        : e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `no answer within ${ctx.options.requestTimeoutMs} ms`
          : (e.code ?? e.cause?.code ?? e.cause?.message ?? e.message);
    error = error.slice(0, 500);
  }
  const [{ n } = { n: 1 }] = await ctx.db<{ n: number }>`
    SELECT count(*)::int + 1 AS n FROM plugin_webhooks_delivery WHERE endpoint_id = ${endpoint.id} AND message_id = ${message.id}`;
  const row = { id: randomUUID(), endpointId: endpoint.id, messageId: message.id, attempt: n, cause, statusCode, succeeded: error === null, error, startedAt, finishedAt: new Date(), nextAttemptAt };
  await ctx.db`
    INSERT INTO plugin_webhooks_delivery (id, business_id, endpoint_id, message_id, attempt, cause, status_code, succeeded, error, started_at, finished_at, next_attempt_at)
    VALUES (${row.id}, ${ctx.business.id}, ${row.endpointId}, ${row.messageId}, ${row.attempt}, ${cause}, ${statusCode}, ${row.succeeded}, ${error}, ${startedAt}, ${row.finishedAt}, ${nextAttemptAt})`;
  if (statusCode === 410) {
    // 410 Gone: the receiver wants no more (the spec says to stop sending).
    await ctx.db`UPDATE plugin_webhooks_endpoint SET enabled = false, disabled_reason = 'The receiver answered 410 Gone.', updated_at = now()
      WHERE id = ${endpoint.id} AND business_id = ${ctx.business.id}`;
  }
  return row;
}

/**
 * The after-hook: send the event to every enabled endpoint subscribed to it that has not had it
 * yet. If any attempt fails, throw: the server's event queue runs the hook again with backoff, and
 * endpoints that already answered 2xx are skipped then.
 */
async function deliver(event: { id: string; name: string; businessId: string; occurredAt: string; payload: unknown }, ctx: Ctx): Promise<void> {
  const endpoints = await ctx.db<Pick<EndpointRow, 'id' | 'url' | 'secrets'>>`
    SELECT id, url, CASE WHEN previous_secret_until > now() THEN ARRAY[secret, previous_secret] ELSE ARRAY[secret] END AS secrets
    FROM plugin_webhooks_endpoint
    WHERE business_id = ${ctx.business.id} AND enabled AND ${event.name} = ANY (events)`;
  if (!endpoints.length) return;
  const body = JSON.stringify({ type: event.name, timestamp: event.occurredAt, data: { id: event.id, businessId: event.businessId, ...(withoutSealed(event.payload) as object) } });
  await ctx.db`
    INSERT INTO plugin_webhooks_message (id, business_id, event_name, body) VALUES (${event.id}, ${ctx.business.id}, ${event.name}, ${body})
    ON CONFLICT (id) DO NOTHING`;
  const [stored] = await ctx.db<Message>`SELECT id, body FROM plugin_webhooks_message WHERE id = ${event.id} AND business_id = ${ctx.business.id}`;
  if (!stored) return;
  // Per endpoint: has it accepted the event, and must its next attempt wait for a Retry-After?
  const tried = await ctx.db<{ endpointId: string; succeeded: boolean; waitUntil: Date | null }>`
    SELECT endpoint_id, bool_or(succeeded) AS succeeded, max(next_attempt_at) FILTER (WHERE next_attempt_at > now()) AS wait_until
    FROM plugin_webhooks_delivery
    WHERE message_id = ${event.id} AND business_id = ${ctx.business.id} AND cause <> 'replay' GROUP BY endpoint_id`;
  const done = new Set(tried.filter((t) => t.succeeded).map((t) => t.endpointId));
  const waiting = new Map(tried.filter((t) => !t.succeeded && t.waitUntil).map((t) => [t.endpointId, t.waitUntil!]));
  const seen = new Set(tried.map((t) => t.endpointId));
  const pending = endpoints.filter((e) => !done.has(e.id) && !waiting.has(e.id));
  const results = await Promise.all(pending.map((e) => attempt(ctx, e, stored, seen.has(e.id) ? 'retry' : 'event')));
  const failed = results.filter((r) => !r.succeeded).map((r) => r.error);
  // An endpoint that asked to be left alone is not tried now; the queue's next run (its backoff,
  // never sooner) tries it once its time has come.
  for (const until of waiting.values()) failed.push(`Retry-After until ${until.toISOString()}`);
  if (failed.length) throw new Error(`webhook ${event.name} ${event.id}: ${failed.length} of ${pending.length + waiting.size} endpoint(s) not done (${failed.join('; ')}); retried with backoff`);
}

// --- Staff API -------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const url = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => URL.canParse(v) && ['http:', 'https:'].includes(new URL(v).protocol), 'Enter an http:// or https:// address.');
const events = z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length).transform((list) => [...new Set(list)]);
const description = z.string().trim().max(200).nullable();
const createInput = z.object({ url, events, description: description.optional(), enabled: z.boolean().optional() }).strict();
const changeInput = z.object({ url: url.optional(), events: events.optional(), description: description.optional(), enabled: z.boolean().optional() }).strict();
const rotateInput = z.object({ previousValidHours: z.number().int().min(0).max(72).default(24) }).strict();
const listQuery = z.object({
  endpointId: z.string().regex(UUID).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const problem = (status: number, code: string, message: string, issues?: unknown) => Response.json({ code, message, ...(issues ? { issues } : {}) }, { status });
const notFound = (what: string) => problem(404, 'not_found', `There is no such ${what}.`);
const invalid = (error: z.ZodError) =>
  problem(400, 'validation_failed', 'Some fields are not valid.', error.issues.map((i) => ({ path: i.path.map(String), message: i.message, code: i.code })));

async function body<T>(req: PluginRequest, schema: z.ZodType<T>): Promise<{ ok: true; data: T } | { ok: false; res: Response }> {
  const parsed = schema.safeParse((await req.json()) ?? {});
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, res: invalid(parsed.error) };
}

/** What staff see of an endpoint: never its secret (shown once, when made). */
const publicEndpoint = (e: EndpointRow) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  events: e.events,
  enabled: e.enabled,
  disabledReason: e.disabledReason,
  /** Until when the previous secret also signs (after a rotation), if it still does. */
  previousSecretValidUntil: e.previousSecretUntil && e.previousSecretUntil > new Date() ? e.previousSecretUntil : null,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

/** A `400 validation_failed` when `url` points at a non-public address (unless the install allows them). */
async function refusedUrl(ctx: Ctx, url: string | undefined): Promise<Response | undefined> {
  if (url === undefined || ctx.options.allowPrivateNetworks) return undefined;
  const why = await refusedDestination(url);
  return why ? problem(400, 'validation_failed', 'Some fields are not valid.', [{ path: ['url'], message: why, code: 'custom' }]) : undefined;
}

async function findEndpoint(ctx: Ctx, id: string | undefined): Promise<EndpointRow | undefined> {
  if (!id || !UUID.test(id)) return undefined;
  const [row] = await ctx.db<EndpointRow>`SELECT * FROM plugin_webhooks_endpoint WHERE id = ${id} AND business_id = ${ctx.business.id}`;
  return row;
}

export default definePlugin({
  id: 'webhooks',
  version: '1.0.0',
  sdk: '^1.2',
  options,
  migrations: [
    { id: 'webhooks_001_endpoints_and_log', sql: MIGRATION },
    { id: 'webhooks_002_retry_after', sql: RETRY_AFTER_MIGRATION },
  ],
  hooks: Object.fromEntries(WEBHOOK_EVENTS.map((name) => [`${name}.after`, deliver])),
  routes(router) {
    router.get('/events', auth.staff(), () => ({ events: WEBHOOK_EVENTS }));

    router.get('/endpoints', auth.staff(), async (_req, ctx) => {
      const rows = await ctx.db<EndpointRow>`SELECT * FROM plugin_webhooks_endpoint WHERE business_id = ${ctx.business.id} ORDER BY created_at, id`;
      return { endpoints: rows.map(publicEndpoint) };
    });

    router.post('/endpoints', auth.admin(), async (req, ctx) => {
      const input = await body(req, createInput);
      if (!input.ok) return input.res;
      const refused = await refusedUrl(ctx, input.data.url);
      if (refused) return refused;
      const secret = newSecret();
      const [row] = await ctx.db<EndpointRow>`
        INSERT INTO plugin_webhooks_endpoint (id, business_id, url, description, secret, events, enabled)
        VALUES (${randomUUID()}, ${ctx.business.id}, ${input.data.url}, ${input.data.description ?? null}, ${secret}, ${input.data.events}, ${input.data.enabled ?? true})
        RETURNING *`;
      return Response.json({ ...publicEndpoint(row!), secret }, { status: 201 });
    });

    router.patch('/endpoints/:endpointId', auth.admin(), async (req, ctx) => {
      const found = await findEndpoint(ctx, req.params.endpointId);
      if (!found) return notFound('endpoint');
      const input = await body(req, changeInput);
      if (!input.ok) return input.res;
      const refused = await refusedUrl(ctx, input.data.url);
      if (refused) return refused;
      const next = { ...found, ...input.data };
      const [row] = await ctx.db<EndpointRow>`
        UPDATE plugin_webhooks_endpoint SET url = ${next.url}, description = ${next.description ?? null}, events = ${next.events}, enabled = ${next.enabled},
          disabled_reason = ${next.enabled ? null : found.disabledReason}, updated_at = now()
        WHERE id = ${found.id} AND business_id = ${ctx.business.id} RETURNING *`;
      return publicEndpoint(row!);
    });

    router.delete('/endpoints/:endpointId', auth.admin(), async (req, ctx) => {
      const found = await findEndpoint(ctx, req.params.endpointId);
      if (!found) return notFound('endpoint');
      await ctx.db`DELETE FROM plugin_webhooks_endpoint WHERE id = ${found.id} AND business_id = ${ctx.business.id}`;
      return undefined;
    });

    // A new secret, shown once. The previous one keeps signing beside it for `previousValidHours`
    // (default 24) so receivers can switch without losing deliveries; 0 ends it at once (a leak).
    router.post('/endpoints/:endpointId/secret', auth.admin(), async (req, ctx) => {
      const found = await findEndpoint(ctx, req.params.endpointId);
      if (!found) return notFound('endpoint');
      const input = await body(req, rotateInput);
      if (!input.ok) return input.res;
      const secret = newSecret();
      const until = new Date(Date.now() + input.data.previousValidHours * 3_600_000);
      await ctx.db`UPDATE plugin_webhooks_endpoint SET secret = ${secret}, previous_secret = ${found.secret}, previous_secret_until = ${until}, updated_at = now()
        WHERE id = ${found.id} AND business_id = ${ctx.business.id}`;
      return { id: found.id, secret, previousSecretValidUntil: until };
    });

    router.get('/deliveries', auth.staff(), async (req, ctx) => {
      const query = listQuery.safeParse(Object.fromEntries(req.query));
      if (!query.success) return invalid(query.error);
      const { endpointId = null, limit } = query.data;
      const rows = await ctx.db`
        SELECT d.id, d.endpoint_id, d.message_id, m.event_name, d.attempt, d.cause, d.status_code, d.succeeded, d.error, d.started_at, d.finished_at, d.next_attempt_at
        FROM plugin_webhooks_delivery d JOIN plugin_webhooks_message m ON m.id = d.message_id
        WHERE d.business_id = ${ctx.business.id} AND (${endpointId}::uuid IS NULL OR d.endpoint_id = ${endpointId}::uuid)
        ORDER BY d.started_at DESC, d.attempt DESC LIMIT ${limit}`;
      return { deliveries: rows };
    });

    // Send a logged delivery's message again to its endpoint: same webhook-id and body, a new
    // timestamp and signature (with the endpoint's secrets as they are now), logged as a new attempt.
    router.post('/deliveries/:deliveryId/replay', auth.staff(), async (req, ctx) => {
      const id = req.params.deliveryId;
      if (!id || !UUID.test(id)) return notFound('delivery');
      const [found] = await ctx.db<{ endpointId: string; url: string; secrets: string[]; messageId: string; body: string }>`
        SELECT e.id AS endpoint_id, e.url, m.id AS message_id, m.body,
          CASE WHEN e.previous_secret_until > now() THEN ARRAY[e.secret, e.previous_secret] ELSE ARRAY[e.secret] END AS secrets
        FROM plugin_webhooks_delivery d
        JOIN plugin_webhooks_endpoint e ON e.id = d.endpoint_id
        JOIN plugin_webhooks_message m ON m.id = d.message_id
        WHERE d.id = ${id} AND d.business_id = ${ctx.business.id}`;
      if (!found) return notFound('delivery');
      const row = await attempt(ctx, { id: found.endpointId, url: found.url, secrets: found.secrets }, { id: found.messageId, body: found.body }, 'replay');
      return Response.json(row, { status: 201 });
    });
  },
});
