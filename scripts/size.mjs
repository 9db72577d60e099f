// `npm run size`: what each element costs a page (its file plus every chunk it statically imports,
// minified and gzipped). Dynamic imports (translations, maps) are lazy and not counted.
// Exits 1 when an element is over its budget.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = 'packages/elements/cdn';
const KB = 1024;
const BUDGETS = {
  // Everything needed to show free times to a signed-in customer (ARCHITECTURE §7).
  'arrivo-booking-form.js': 20 * KB,
  'arrivo-sign-in.js': 20 * KB,
  'arrivo-profile.js': 20 * KB,
  'arrivo-health.js': 16 * KB,
  'arrivo-appointment-list.js': 24 * KB,
  // Every element at once; its budget is the pieces' less what they share, with room to grow.
  'arrivo-portal.js': 34 * KB,
};

const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;

function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const [, spec] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) closure(join(dirname(file), spec), seen);
  return seen;
}

let over = 0;
const json = process.argv.includes('--json');
const rows = Object.entries(BUDGETS).map(([entry, budget]) => {
  const files = [...closure(join(DIST, entry))];
  const min = files.reduce((n, f) => n + readFileSync(f).length, 0);
  const gz = files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  if (gz > budget) over++;
  return { entry, files: files.map((f) => relative(DIST, f)), minBytes: min, gzipBytes: gz, budgetBytes: budget, ok: gz <= budget };
});
if (json) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  for (const r of rows) {
    console.log(`${r.entry.padEnd(28)} ${(r.minBytes / KB).toFixed(1).padStart(6)} KB min  ${(r.gzipBytes / KB).toFixed(1).padStart(5)} KB gz  budget ${(r.budgetBytes / KB).toFixed(0)} KB gz  ${r.ok ? 'ok' : 'OVER BUDGET'}`);
  }
}
if (over) {
  console.error(`${over} element(s) over budget.`);
  process.exit(1);
}
