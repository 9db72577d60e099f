// npm run bench:slots [-- --json] [--engine-only | --http-only | --travel-only]   (--json: use npm run --silent)
// The availability engine in-process (50 technicians × 14 days, 1,000 × 30), the HTTP slots
// endpoint with the real database at 20 concurrent requests, against /api/health under the same load,
// and the same endpoint with an async travel-time plugin against the built-in provider.
import { addDays, findSlots, qualifiedTechnicians, straightLineTravel, type LatLon, type SlotQuery } from '@arrivo/core';
import { definePlugin } from '@arrivo/sdk/server';
import { buildCity, percentiles, placeIn, random, SKILLS, TERRITORIES, TZ, verdict } from './city';
import { matrixTravel } from '../src/services/plugin-travel';
import { benchServer } from './harness';
import { benchOutput } from './output';
import { loadWorld, today } from './world';

const out = benchOutput();
const log = out.line;
const results: Record<string, unknown> = {};

function inProcess(technicians: number, days: number, runs: number, targetP99: number) {
  const firstDay = addDays(today(), 1);
  const city = buildCity(42, technicians, firstDay, days);
  const data = { ...city, territories: TERRITORIES, travel: straightLineTravel() };
  const rand = random(7);
  const query = (i: number): SlotQuery => ({
    durationMinutes: [60, 90, 120][i % 3]!,
    requiredSkills: [SKILLS[i % SKILLS.length]!],
    location: placeIn(rand),
    from: firstDay,
    to: addDays(firstDay, days - 1),
    timeZone: TZ,
    slotIntervalMinutes: 30,
    earliest: 0,
    latest: Number.MAX_SAFE_INTEGER,
    maxTravelMinutes: 60,
  });
  // The same search with a travel plugin's answers, as the server hands them to the engine: a
  // matrix of minutes into and out of the customer's place (straight-line values, so the offers are
  // the same), built before the clock starts.
  const withMatrix = (q: SlotQuery) => {
    const inbound = new Map<LatLon, number>();
    const outbound = new Map<LatLon, number>();
    const technicians = qualifiedTechnicians(q, data);
    const ids = new Set(technicians.map((t) => t.id));
    for (const t of technicians) inbound.set(t.start, data.travel.minutes(t.start, q.location, 0));
    for (const v of city.visits) {
      if (!ids.has(v.resourceId)) continue;
      inbound.set(v.location, data.travel.minutes(v.location, q.location, 0));
      outbound.set(v.location, data.travel.minutes(q.location, v.location, 0));
    }
    const none = new Map<number, number>();
    return { ...data, travel: matrixTravel(q.location, { byPlace: inbound, byKey: none }, { byPlace: outbound, byKey: none }, data.travel) };
  };
  for (let i = 0; i < 5; i++) {
    findSlots(query(i), data); // warm up the JIT
    findSlots(query(i), withMatrix(query(i)));
  }
  const samples: number[] = [];
  let offered = 0;
  for (let i = 0; i < runs; i++) {
    const q = query(i);
    const t0 = performance.now();
    offered += findSlots(q, data).length;
    samples.push(performance.now() - t0);
  }
  // Then the same queries with the matrix (its maps built outside the clock; a loop of its own, so
  // building them cannot put garbage collection into the built-in figures above).
  const matrixSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const q = query(i);
    const matrixData = withMatrix(q);
    const t0 = performance.now();
    findSlots(q, matrixData);
    matrixSamples.push(performance.now() - t0);
  }
  const p = percentiles(samples);
  const m = percentiles(matrixSamples);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const matrixRatio = Math.round((100 * sum(matrixSamples)) / sum(samples)) / 100;
  const key = `inProcess_${technicians}x${days}`;
  results[key] = { technicians, days, visits: city.visits.length, ...p, meanSlotsOffered: Math.round(offered / runs), targetP99Ms: targetP99, travelMatrix: { ...m, ratio: matrixRatio, targetRatio: 1.3 } };
  log(`engine ${technicians} technicians × ${days} days (${city.visits.length} visits): p50 ${p.p50} ms  p95 ${p.p95} ms  p99 ${p.p99} ms  — target p99 ≤ ${targetP99} ms: ${verdict(p.p99, targetP99)}`);
  log(`  with a travel plugin's matrix: p50 ${m.p50} ms  p99 ${m.p99} ms; time / built-in: ${matrixRatio} — target ≤ 1.3: ${matrixRatio <= 1.3 ? 'within target' : 'OVER TARGET'}`);
}

/** `requests` requests through `concurrency` workers; latency per request and throughput. */
async function load(concurrency: number, requests: number, url: (i: number) => string, headers: Record<string, string>) {
  const samples: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        const t0 = performance.now();
        const res = await fetch(url(i), { headers });
        await res.arrayBuffer();
        samples.push(performance.now() - t0);
        if (res.status !== 200) errors++;
      }
    }),
  );
  return { samples, errors, seconds: (performance.now() - started) / 1000 };
}

/**
 * GET …/me/slots against GET /api/health, the cheapest route there is (one trivial query), at the
 * same concurrency in the same run, in alternating phases so both see the same background load:
 * on a shared machine the ratio means more than either figure alone.
 */
async function overHttp(concurrency: number, requests: number, targetP95: number, targetRatio: number) {
  const { server, deps, stop } = await benchServer();
  try {
    const firstDay = addDays(today(), 1);
    const world = await loadWorld(deps, buildCity(43, 50, firstDay, 14));
    const signIn = await fetch(`${server.url}/api/businesses/${world.slug}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(world.customers[0]),
    });
    const { token } = (await signIn.json()) as { token: string };
    const slots = (i: number) =>
      `${server.url}/api/businesses/${world.slug}/me/slots?serviceTypeId=${world.serviceTypeIds[i % world.serviceTypeIds.length]}&date=${addDays(firstDay, i % 14)}`;
    const health = () => `${server.url}/api/health`;
    const auth = { authorization: `Bearer ${token}` };
    await load(concurrency, 100, health, {}); // warm-up: JIT, connection pools
    await load(concurrency, 100, slots, auth);
    const phases = 4;
    const s = { samples: [] as number[], errors: 0, seconds: 0 };
    const h = { samples: [] as number[], errors: 0, seconds: 0 };
    for (let k = 0; k < phases; k++) {
      for (const [into, url, headers] of [[h, health, {}], [s, slots, auth]] as const) {
        const r = await load(concurrency, requests / phases, url, headers);
        into.samples.push(...r.samples);
        into.errors += r.errors;
        into.seconds += r.seconds;
      }
    }
    const p = percentiles(s.samples);
    const hp = percentiles(h.samples);
    const rps = Math.round(requests / s.seconds);
    const healthRps = Math.round(requests / h.seconds);
    const ratio = healthRps ? Math.round((100 * rps) / healthRps) / 100 : 0;
    results.http = {
      concurrency,
      ...p,
      errors: s.errors,
      requestsPerSecond: rps,
      targetP95Ms: targetP95,
      health: { ...hp, errors: h.errors, requestsPerSecond: healthRps },
      throughputRatio: ratio,
      targetThroughputRatio: targetRatio,
    };
    log(`HTTP GET /api/health, ${concurrency} concurrent, ${requests} requests: p50 ${hp.p50} ms  p95 ${hp.p95} ms  ${healthRps} req/s, ${h.errors} errors`);
    log(`HTTP GET …/me/slots, ${concurrency} concurrent, ${requests} requests: p50 ${p.p50} ms  p95 ${p.p95} ms  p99 ${p.p99} ms  ${rps} req/s, ${s.errors} errors — target p95 ≤ ${targetP95} ms: ${verdict(p.p95, targetP95)}`);
    log(`  slots throughput / health throughput: ${ratio} — target ≥ ${targetRatio}: ${ratio >= targetRatio ? 'within target' : 'UNDER TARGET'}`);
  } finally {
    await stop();
  }
}

/**
 * A travel-time plugin as a real one behaves once warm: asynchronous (an `await` stands for the
 * routing service), answering straight-line minutes, behind the server's per-pair cache.
 */
const benchTravel = definePlugin({
  id: 'bench-travel',
  version: '1.0.0',
  sdk: '^1.3',
  travelTime: {
    async matrix(origins, destinations) {
      await new Promise((resolve) => setImmediate(resolve));
      travelCalls++;
      const model = straightLineTravel();
      return origins.map((o) => destinations.map((d) => model.minutes(o, d, 0)));
    },
  },
});
let travelCalls = 0;

/**
 * GET …/me/slots on one server with the travel plugin installed, in alternating phases with the
 * plugin enabled for the business and not (the built-in straight-line provider): the ratio of time
 * per request is the plugin's cost, against ARCHITECTURE §9's ≤ 1.3×.
 */
async function travelPlugin(concurrency: number, requests: number, targetRatio: number) {
  const { server, deps, stop } = await benchServer({ plugins: [benchTravel] });
  try {
    const firstDay = addDays(today(), 1);
    const world = await loadWorld(deps, buildCity(44, 50, firstDay, 14));
    const [business] = await deps.sql<{ id: string }[]>`SELECT id FROM business WHERE slug = ${world.slug}`;
    const enable = (on: boolean) => deps.sql`
      INSERT INTO business_plugin (business_id, plugin_id, enabled) VALUES (${business!.id}, 'bench-travel', ${on})
      ON CONFLICT (business_id, plugin_id) DO UPDATE SET enabled = EXCLUDED.enabled`;
    const signIn = await fetch(`${server.url}/api/businesses/${world.slug}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(world.customers[0]),
    });
    const { token } = (await signIn.json()) as { token: string };
    const slots = (i: number) =>
      `${server.url}/api/businesses/${world.slug}/me/slots?serviceTypeId=${world.serviceTypeIds[i % world.serviceTypeIds.length]}&date=${addDays(firstDay, i % 14)}`;
    const auth = { authorization: `Bearer ${token}` };
    // Warm-up: JIT, pools, and the plugin's answers for every day searched (the cached matrix).
    await enable(false);
    await load(concurrency, 100, slots, auth);
    await enable(true);
    await load(concurrency, 100, slots, auth);
    const warmCalls = travelCalls;
    const phases = 4;
    const builtIn = { samples: [] as number[], errors: 0, seconds: 0 };
    const plugin = { samples: [] as number[], errors: 0, seconds: 0 };
    for (let k = 0; k < phases; k++) {
      for (const [into, on] of [[builtIn, false], [plugin, true]] as const) {
        await enable(on);
        const r = await load(concurrency, requests / phases, slots, auth);
        into.samples.push(...r.samples);
        into.errors += r.errors;
        into.seconds += r.seconds;
      }
    }
    const bp = percentiles(builtIn.samples);
    const pp = percentiles(plugin.samples);
    // Time per request at the same concurrency (the inverse of throughput).
    const ratio = Math.round((100 * plugin.seconds) / builtIn.seconds) / 100;
    results.travelPlugin = {
      concurrency,
      requests,
      builtIn: { ...bp, errors: builtIn.errors, requestsPerSecond: Math.round(requests / builtIn.seconds) },
      plugin: { ...pp, errors: plugin.errors, requestsPerSecond: Math.round(requests / plugin.seconds), matrixCallsWarmUp: warmCalls, matrixCallsMeasured: travelCalls - warmCalls },
      ratio,
      targetRatio,
    };
    log(`HTTP GET …/me/slots, built-in travel, ${concurrency} concurrent, ${requests} requests: p50 ${bp.p50} ms  p95 ${bp.p95} ms  ${Math.round(requests / builtIn.seconds)} req/s, ${builtIn.errors} errors`);
    log(`HTTP GET …/me/slots, async travel plugin (cached), same load: p50 ${pp.p50} ms  p95 ${pp.p95} ms  ${Math.round(requests / plugin.seconds)} req/s, ${plugin.errors} errors, ${travelCalls - warmCalls} matrix calls (${warmCalls} while warming up)`);
    log(`  travel plugin / built-in, time per request: ${ratio} — target ≤ ${targetRatio}: ${ratio <= targetRatio ? 'within target' : 'OVER TARGET'}`);
  } finally {
    await stop();
  }
}

const only = ['--engine-only', '--http-only', '--travel-only'].find((flag) => process.argv.includes(flag));
if (!only || only === '--engine-only') {
  inProcess(50, 14, 300, 5);
  inProcess(1000, 30, 60, 50);
}
if (!only || only === '--http-only') await overHttp(20, 800, 100, 0.5);
if (!only || only === '--travel-only') await travelPlugin(20, 800, 1.3);
out.result('slots', results);
