import postgres from 'postgres';

/** The postgres.js handle used everywhere: a pool, or a transaction inside `sql.begin`. */
export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

/** snake_case columns come back as camelCase keys, and `sql(obj)` maps them the other way. */
export function connect(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    transform: postgres.camel,
    onnotice: () => {},
    connection: { application_name: 'arrivo' },
  });
}
