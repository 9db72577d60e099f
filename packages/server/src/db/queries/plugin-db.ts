// A plugin's handle on its own tables (`ctx.db` of @arrivo/sdk/server). The statement's text is
// checked before it is sent: it may name the plugin's prefixed tables, and no other relation of
// ours, no schema and no `pg_` catalog. Like the migration check, this guards against mistakes and
// keeps plugins to their own data; it is not a sandbox for hostile code.
import { pluginTablePrefix, PluginDbError, type PluginDb } from '@arrivo/sdk/server';
import type { Sql } from '../client';

/** Relations a plugin may not name: every table, view and sequence on the search path, and the schemas. */
export interface ForbiddenNames {
  relations: ReadonlySet<string>;
  schemas: ReadonlySet<string>;
}

export async function loadForbiddenNames(sql: Sql): Promise<ForbiddenNames> {
  const rows = await sql<{ name: string; kind: 'relation' | 'schema' }[]>`
    SELECT c.relname AS name, 'relation' AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY (current_schemas(false)) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
    UNION ALL SELECT nspname, 'schema' FROM pg_namespace`;
  return {
    relations: new Set(rows.filter((r) => r.kind === 'relation').map((r) => r.name.toLowerCase())),
    schemas: new Set(rows.filter((r) => r.kind === 'schema').map((r) => r.name.toLowerCase())),
  };
}

/** Names in a statement's text that are not the plugin's to use (empty: the statement may run). */
export function foreignNamesInQuery(pluginId: string, text: string, forbidden: ForbiddenNames): string[] {
  const prefix = pluginTablePrefix(pluginId);
  // String literals and comments name nothing; identifiers are words or "quoted".
  const code = text.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/'(?:[^']|'')*'/g, "''");
  const names = [...code.matchAll(/"((?:[^"]|"")+)"|\b([A-Za-z_][\w$]*)/g)].map((m) => (m[1] ?? m[2]!).replace(/""/g, '"').toLowerCase());
  const bad = names.filter((n) => !n.startsWith(prefix) && (n.startsWith('pg_') || forbidden.relations.has(n) || forbidden.schemas.has(n)));
  return [...new Set(bad)];
}

/** `ctx.db` for one plugin: statements on `sql` (autocommit), checked against `forbidden` first. */
export function pluginDb(sql: Sql, pluginId: string, forbidden: () => Promise<ForbiddenNames>): PluginDb {
  return (async (strings: TemplateStringsArray, ...values: unknown[]) => {
    if (!Array.isArray(strings) || !Array.isArray((strings as TemplateStringsArray).raw)) throw new PluginDbError('ctx.db is a tagged template: ctx.db`SELECT … WHERE id = ${id}`.');
    const bad = foreignNamesInQuery(pluginId, strings.join(' $ '), await forbidden());
    if (bad.length) throw new PluginDbError(`plugin ${pluginId} may use only its own tables (${pluginTablePrefix(pluginId)}…); the statement names ${bad.join(', ')}.`);
    return [...(await sql(strings, ...(values as never[])))];
  }) as PluginDb;
}
