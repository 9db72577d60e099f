import { isAbsolute, relative } from 'node:path';
import type { Database } from '@arrivo/server';

/** The start banner's "Database:" line: where the data really is, and why when it is not where asked. */
export function databaseLine(db: Pick<Database, 'embedded'>, cwd = process.cwd()): string {
  if (!db.embedded) return 'DATABASE_URL';
  const { dataDir, relocatedFrom, port } = db.embedded;
  const shown = (dir: string) => {
    const inside = relative(cwd, dir);
    return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : dir;
  };
  const where = `embedded PostgreSQL on port ${port}, data in ${shown(dataDir)}`;
  if (!relocatedFrom) return where;
  return `${where}\n                   (not in ${shown(relocatedFrom)}: as root, PostgreSQL runs as the postgres user, who cannot enter that private folder)`;
}
