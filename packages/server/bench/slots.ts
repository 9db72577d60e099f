// npm run bench:slots [-- --json] [--engine-only | --http-only]   (--json: use npm run --silent)
// The availability engine in-process (50 technicians × 14 days, 1,000 × 30), and the HTTP slots
// endpoint with the real database at 20 concurrent requests.
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

async function overHttp(concurrency: number, requests: number, targetP95: number) {
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
    const samples: number[] = [];
    let errors = 0;
    let next = 0;
    const worker = async () => {
      while (next < requests) {
        const i = next++;
        const url = `${server.url}/api/businesses/${world.slug}/me/slots?serviceTypeId=${world.serviceTypeIds[i % world.serviceTypeIds.length]}&date=${addDays(firstDay, i % 14)}`;
        const t0 = performance.now();
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        samples.push(performance.now() - t0);
        if (res.status !== 200) errors++;
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker)); // warm-up pass uses the same loop
    samples.length = 0;
    next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    const p = percentiles(samples);
    results.http = { concurrency, ...p, errors, requestsPerSecond: Math.round(requests / seconds), targetP95Ms: targetP95 };
    log(`HTTP GET …/me/slots, ${concurrency} concurrent, ${requests} requests: p50 ${p.p50} ms  p95 ${p.p95} ms  p99 ${p.p99} ms  ${Math.round(requests / seconds)} req/s, ${errors} errors — target p95 ≤ ${targetP95} ms: ${verdict(p.p95, targetP95)}`);
  } finally {
    await stop();
  }
}

if (!process.argv.includes('--http-only')) {
  inProcess(50, 14, 300, 5);
  inProcess(1000, 30, 60, 50);
}
if (!process.argv.includes('--engine-only')) await overHttp(20, 400, 150);
out.result('slots', results);
