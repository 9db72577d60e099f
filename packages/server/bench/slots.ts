// npm run bench:slots [-- --json] [--engine-only | --http-only]   (--json: use npm run --silent)
// The availability engine in-process (50 technicians × 14 days, 1,000 × 30), and the HTTP slots
// endpoint with the real database at 20 concurrent requests, against /api/health under the same load.
import { addDays, findSlots, straightLineTravel, type SlotQuery } from '@arrivo/core';
import { buildCity, percentiles, placeIn, random, SKILLS, TERRITORIES, TZ, verdict } from './city';
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
  for (let i = 0; i < 5; i++) findSlots(query(i), data); // warm up the JIT
  const samples: number[] = [];
  let offered = 0;
  for (let i = 0; i < runs; i++) {
    const q = query(i);
    const t0 = performance.now();
    offered += findSlots(q, data).length;
    samples.push(performance.now() - t0);
  }
  const p = percentiles(samples);
  const key = `inProcess_${technicians}x${days}`;
  results[key] = { technicians, days, visits: city.visits.length, ...p, meanSlotsOffered: Math.round(offered / runs), targetP99Ms: targetP99 };
  log(`engine ${technicians} technicians × ${days} days (${city.visits.length} visits): p50 ${p.p50} ms  p95 ${p.p95} ms  p99 ${p.p99} ms  — target p99 ≤ ${targetP99} ms: ${verdict(p.p99, targetP99)}`);
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

if (!process.argv.includes('--http-only')) {
  inProcess(50, 14, 300, 5);
  inProcess(1000, 30, 60, 50);
}
if (!process.argv.includes('--engine-only')) await overHttp(20, 800, 100, 0.5);
out.result('slots', results);
