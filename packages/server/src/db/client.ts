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

/** snake_case columns come back as camelCase keys, and `sql(obj)` maps them the other way. */
export function connect(url: string, options: { max?: number; applicationName?: string } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    transform: postgres.camel,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'arrivo' },
    ...OUTAGE_OPTIONS,
  });
}
