// `npm run size` (after the build): what each element costs a page — its file plus every chunk it
// statically imports, minified and gzipped file by file, as the browser downloads them. Dynamic
// imports (translations and their runtime, maps) are lazy and not counted.
//
// Each entry has its own budget (enforced: over it, exit 1) and the target it is held to (printed
// with the gap while unmet). Every entry must have a budget. Customer entries must never load
// the technician or admin code (`src/**/technician*`, `src/**/admin*`, staff messages) nor zod:
// that is checked from the source maps. `--json` prints the same as JSON.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = 'packages/elements/cdn';
const KB = 1024;
// [budget, target] in bytes, min+gz of everything the entry loads. What no entry can shed: Lit
// (~6 KB), ky (3.5 KB at 1.7.5, the product owner's HTTP client; 1.14 was 5 KB), @lit/localize and
// @lit/context (~1 KB): ~11 KB of the booking form's and sign-in's 17 KB targets, which is why they
// miss them (by ~3 KB and ~0.6 KB). Budgets sit ~0.5 KB above today's figure, so growth is a choice.
// Every entry carries ~30 B since issue 13's translated vetoes: the page's locale sent as
// Accept-Language with each request (api/http.ts), so plugins answer in the customer's language.
const ENTRIES = {
  // Everything needed to show free times to a signed-in customer (ARCHITECTURE §7), with a manage
  // link's changes, the follow-up prefill and plugins' veto reasons (issues 11–13).
  'arrivo-booking-form.js': { budget: 20.6 * KB, target: 17 * KB, customer: true },
  'arrivo-sign-in.js': { budget: 18 * KB, target: 17 * KB, customer: true },
  'arrivo-profile.js': { budget: 16.9 * KB, target: 19 * KB, customer: true },
  'arrivo-health.js': { budget: 14.5 * KB, target: 16 * KB, customer: true },
  // With live updates: the stream controller and the map dialog (issue 10; the stream reader and the
  // live map load lazily), Send feedback, technician ratings and plugins' veto reasons (issues 12, 13).
  'arrivo-appointment-list.js': { budget: 25.1 * KB, target: 24 * KB, customer: true },
  // Every customer element at once (all it routes to; the live map stays lazy).
  'arrivo-portal.js': { budget: 33.5 * KB, target: 34 * KB, customer: true },
  // The live map without its map: the tracking view, the ETA and technician cards, the stream.
  'arrivo-live-map.js': { budget: 22 * KB, target: 22 * KB, customer: true },
  // The feedback survey alone (issue 12); the portal and the appointment list load it with import().
  'arrivo-feedback-survey.js': { budget: 19.2 * KB, target: 19 * KB, customer: true },
  // A manage link's visit (issue 11): the booking form (its Modify) plus the visit card and cancel
  // (~2.7 KB). The portal loads it with import() only when opened from such a link.
  'arrivo-manage-visit.js': { budget: 23 * KB, target: 23 * KB, customer: true },
  // The technician app (sign-in, visits, status changes, location sharing); the admin console
  // gets its entry here too.
  'arrivo-technician-app.js': { budget: 25.1 * KB, target: 28 * KB, customer: false },
  // The admin console (sign-in, board with its filters, accounts and contacts): staff only. Moving,
  // booking for a customer, the preview and the other screens are lazy chunks of their own (below).
  'arrivo-admin-console.js': { budget: 29.5 * KB, target: 32 * KB, customer: false },
};
// Lazy chunks with their own budget (the chunk and whatever it imports that its entry does not
// already load), found by what they bundle. No entry may load them statically.
const LAZY = {
  // OpenLayers, loaded by <arrivo-live-map> with import() once a map is shown (issue 10).
  'ol (live map)': { sources: /\/node_modules\/ol\//, entry: 'arrivo-live-map.js', budget: 90 * KB, target: 75 * KB },
  // The admin console's scheduling setup (skills, service types, technicians and their week, settings,
  // the embed snippet), loaded with import() when first opened so the console's entry stays as it was.
  // The booking form's intake questions with the client-plugin lookup (issue 13: widgets, icons,
  // plugins' strings), loaded with import() only when the chosen service type asks something; the
  // registry code lives here so that the customer entries do not carry it.
  'booking intake (form)': { sources: /\/src\/components\/booking-form\/booking-intake\.ts$/, entry: 'arrivo-booking-form.js', budget: 2 * KB, target: 1.5 * KB },
  // 11.5 KB (was 10) since the intake question editor of service types and territories edited on the
  // map (issue 14), ~1.5 KB; the map itself is its own chunk below.
  'admin setup (console)': { sources: /\/src\/components\/admin-console\/setup\//, entry: 'arrivo-admin-console.js', budget: 11.5 * KB, target: 9 * KB },
  // The console's maps (issue 14): pick a point, draw a territory (circle or polygon), the live map
  // of traveling technicians; loaded with import() when a map is first shown. OpenLayers itself is
  // shared with the live map's chunk and counted there (`shared`), not twice.
  'admin maps (console)': { sources: /\/src\/components\/admin-console\/map\//, entry: 'arrivo-admin-console.js', shared: /\/node_modules\/ol\//, budget: 9 * KB, target: 8 * KB },
  // An account's functional locations and assets (issue 14), loaded by the accounts screen with
  // import() when an account is opened: the console's entry does not carry their forms.
  'admin places (console)': { sources: /\/src\/components\/admin-console\/admin-places\.ts$/, entry: 'arrivo-admin-console.js', budget: 3 * KB, target: 2.5 * KB },
  // A contact's editor (change name, email, phone; remove after a confirmation), loaded by the
  // accounts screen with import() when Edit is first pressed: the console's entry carries only the
  // button and what opens it (~0.2 KB).
  'admin contact (console)': { sources: /\/src\/components\/admin-console\/admin-contact\.ts$/, entry: 'arrivo-admin-console.js', budget: 2 * KB, target: 1.5 * KB },
  // People and roles (issue 14, admins only), loaded when the screen is first opened.
  'admin people (console)': { sources: /\/src\/components\/admin-console\/admin-people\.ts$/, entry: 'arrivo-admin-console.js', budget: 3 * KB, target: 2.5 * KB },
  // The console's settings (invitations, notifications and their wording with previews, email
  // colours, the survey and its questions, plugins), loaded with import() when first opened: the
  // invitation settings moved here out of the console's entry.
  'admin settings (console)': { sources: /\/src\/components\/admin-console\/settings\//, entry: 'arrivo-admin-console.js', budget: 9 * KB, target: 8 * KB },
  // The console's insights (counts with their table and chart, the delivery log, feedback and its
  // CSV), loaded with import() when first opened.
  'admin insights (console)': { sources: /\/src\/components\/admin-console\/insights\//, entry: 'arrivo-admin-console.js', budget: 7 * KB, target: 6 * KB },
  // The board's visit dialog beyond the details (messages sent, moving the visit) and booking for a
  // customer (issue 14), loaded with import() when a visit or "Book a visit" is first opened. 7 KB
  // (was 6) since booking for a customer asks the questions with the booking form's own intake
  // renderer, which brings the client-plugin lookup (issue 13, ~0.8 KB).
  'board tools (console)': { sources: /\/src\/components\/admin-console\/board\//, entry: 'arrivo-admin-console.js', budget: 7 * KB, target: 5 * KB },
  // "See what the customer sees" (issue 14): the preview around the customer's own booking form
  // file, which it imports unchanged (~5 KB of it is not already in the console), loaded when first opened.
  'preview (console)': { sources: /\/src\/components\/admin-console\/preview\//, entry: 'arrivo-admin-console.js', budget: 8.5 * KB, target: 8 * KB },
};
// What a customer entry must never load (statically): staff code, zod, and the client-plugin
// lookup, which only the lazy intake chunk brings (issue 13: plugins add no bytes to base entries).
const STAFF_ONLY = [
  /\/src\/(?:.*\/)?(?:technician|admin)[^/]*(?:\/|\.ts$)/,
  /\/src\/area-messages\/staff\.ts$/,
  /\/node_modules\/zod\//,
  /\/packages\/sdk\/src\/client\.ts$/,
  /\/packages\/plugin-[^/]+\//,
];

const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;

function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const [, spec] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) closure(join(dirname(file), spec), seen);
  return seen;
}

/** The source modules bundled into a file, from its source map (paths relative to the repo). */
function sourcesOf(file) {
  if (!existsSync(`${file}.map`)) return [];
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  return map.sources.map((s) => `/${relative('.', join(dirname(file), s))}`);
}

const problems = [];
const entries = readdirSync(DIST).filter((f) => /^arrivo-[a-z-]+\.js$/.test(f));
for (const entry of entries) if (!ENTRIES[entry]) problems.push(`${entry} has no budget in scripts/size.mjs`);

const rows = Object.entries(ENTRIES)
  .filter(([entry]) => entries.includes(entry))
  .map(([entry, { budget, target, customer }]) => {
    const files = [...closure(join(DIST, entry))];
    const minBytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
    const gzipBytes = files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
    const ok = gzipBytes <= budget;
    if (!ok) problems.push(`${entry} is over its budget`);
    if (customer) {
      const staff = [...new Set(files.flatMap(sourcesOf).filter((s) => STAFF_ONLY.some((re) => re.test(s))))];
      if (staff.length) problems.push(`${entry} (a customer element) loads ${staff.join(', ')}`);
    }
    return {
      entry,
      files: files.map((f) => relative(DIST, f)),
      minBytes,
      gzipBytes,
      budgetBytes: budget,
      headroomBytes: budget - gzipBytes,
      targetBytes: target,
      targetMet: gzipBytes <= target,
      ok,
    };
  });

for (const [name, { sources, entry, shared, budget, target }] of Object.entries(LAZY)) {
  const chunks = readdirSync(join(DIST, 'chunks'))
    .filter((f) => f.endsWith('.js') && sourcesOf(join(DIST, 'chunks', f)).some((s) => sources.test(s)))
    .map((f) => join(DIST, 'chunks', f));
  for (const r of rows.filter((row) => !row.lazy)) {
    const loaded = r.files.map((f) => join(DIST, f)).filter((f) => chunks.includes(f));
    if (loaded.length) problems.push(`${r.entry} loads ${name} statically (${loaded.map((f) => relative(DIST, f)).join(', ')})`);
  }
  if (!chunks.length) {
    problems.push(`no chunk holds ${name}`);
    continue;
  }
  const owner = new Set(existsSync(join(DIST, entry)) ? closure(join(DIST, entry)) : []);
  const files = [...new Set(chunks.flatMap((c) => [...closure(c)]))].filter((f) => !owner.has(f) && !(shared && !chunks.includes(f) && sourcesOf(f).some((src) => shared.test(src))));
  const minBytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
  const gzipBytes = files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  const ok = gzipBytes <= budget;
  if (!ok) problems.push(`${name} is over its budget`);
  rows.push({ entry: name, lazy: true, files: files.map((f) => relative(DIST, f)), minBytes, gzipBytes, budgetBytes: budget, headroomBytes: budget - gzipBytes, targetBytes: target, targetMet: gzipBytes <= target, ok });
}

const kb = (n) => `${(n / KB).toFixed(1)} KB`;
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ entries: rows, problems }, null, 2));
} else {
  console.log(`${'entry'.padEnd(28)} ${'min'.padStart(8)} ${'min+gz'.padStart(8)} ${'budget'.padStart(8)} ${'headroom'.padStart(9)}  target`);
  for (const r of rows) {
    const target = r.targetMet ? `${kb(r.targetBytes)} met (${kb(r.targetBytes - r.gzipBytes)} under)` : `${kb(r.targetBytes)} NOT MET (+${kb(r.gzipBytes - r.targetBytes)})`;
    console.log(
      `${r.entry.padEnd(28)} ${kb(r.minBytes).padStart(8)} ${kb(r.gzipBytes).padStart(8)} ${kb(r.budgetBytes).padStart(8)} ${(r.ok ? kb(r.headroomBytes) : 'OVER').padStart(9)}  ${target}`,
    );
  }
}
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
