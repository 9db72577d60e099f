import postgres from 'postgres';

/** The postgres.js handle used everywhere: a pool, or a transaction inside `sql.begin`. */
export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

/**
 * How every pool behaves when PostgreSQL goes away: a connection attempt gives up after 1 s, and a
 * closed connection reconnects within half a second (postgres.js backs off up to 20 s by default,
 * so requests stalled long after PostgreSQL was back). While it is away, the DatabaseMonitor keeps
 * requests from queuing on the pools at all.
 */
export const OUTAGE_OPTIONS = {
  connect_timeout: 1,
  backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
} satisfies postgres.Options<Record<string, never>>;

// postgres.camel's JSON transform rebuilds every object key by key (Object.entries, a reduce and a
// throw-away object per key) and converts each key again on every row: a visible share of the CPU
// of a slots request, whose settings, service type and place come back as JSON. The same result
// (keys of JSON and JSONB values in camelCase, recursively, other values as they are) with one
// object per object and converted keys remembered (the set of keys is small and fixed; bounded
// anyway, since JSON values may carry keys clients wrote).
const camelKeys = new Map<string, string>();
function camelKey(key: string): string {
  let camel = camelKeys.get(key);
  if (camel === undefined) {
    camel = postgres.toCamel(key);
    if (camelKeys.size < 10_000) camelKeys.set(key, camel);
  }
  return camel;
}
function camelDeep(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(camelDeep);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[camelKey(key)] = camelDeep(v);
  return out;
}
const JSON_TYPES = new Set([114, 3802]); // json, jsonb

/** postgres.camel, with a cheaper JSON transform (see above). */
export const CAMEL_TRANSFORM = {
  column: { from: postgres.toCamel, to: postgres.fromCamel },
  value: { from: (value: unknown, column: { type: number }) => (typeof value === 'object' && value !== null && JSON_TYPES.has(column.type) ? camelDeep(value) : value) },
};

/** snake_case columns come back as camelCase keys, and `sql(obj)` maps them the other way. */
export function connect(url: string, options: { max?: number; applicationName?: string } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    transform: CAMEL_TRANSFORM,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'arrivo' },
    ...OUTAGE_OPTIONS,
  });
}
