// npm run bench:booking [-- --json]   (--json: use npm run --silent)
// 100 concurrent bookings of overlapping times on one technician, 50 rounds, against the real
// server and database: exactly one winner per round, the rest 409, no deadlocks. Run twice: on one
// server, then spread over two server processes on the same database (a second one is spawned,
// as a deployment behind a load balancer would run them).
import { addDays, type Technician } from '@arrivo/core';
import { randomUUID } from 'node:crypto';
import { percentiles, verdict } from './city';
import { benchServer } from './harness';
import { benchOutput } from './output';
import { loadWorld, today } from './world';
import { spawnServer } from '../test/spawn-server';

const out = benchOutput();
const ROUNDS = 50;
const RACERS = 100;
const WARM_UP = 2; // rounds run first and not counted: JIT and connection pool warm-up

const { server, deps, stop } = await benchServer();
try {
  const everyDay: Technician = {
    id: 'solo',
    skills: ['plumbing'],
    territoryIds: [],
    start: { lat: 45.52, lon: -122.66 },
    workingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 7 * 60, endMinute: 19 * 60 })),
    timeOff: [],
  };
  const world = await loadWorld(deps, { technicians: [everyDay], visits: [] }, { customers: 10 });
  const tokens: string[] = [];
  for (const c of world.customers) {
    const res = await fetch(`${server.url}/api/businesses/${world.slug}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c) });
    tokens.push(((await res.json()) as { token: string }).token);
  }
  const second = await spawnServer({ DATABASE_URL: server.db.url, JOBS_WORKER: 'false', LOG_LEVEL: 'silent' });
  try {
    // Each run books its own days: the first from the day after tomorrow, the second after it.
    const one = await race([server.url], 2);
    const two = await race([server.url, second.url], 2 + Math.ceil((ROUNDS + WARM_UP) / 5) + 1);
    out.line(`${ROUNDS} rounds × ${RACERS} concurrent bookings of overlapping times on one technician`);
    for (const [label, r] of [['one server', one], ['two server processes, requests alternating', two]] as const) {
      out.line(`${label}:`);
      out.line(`  rounds with exactly one winner: ${r.roundsWithExactlyOneWinner}/${ROUNDS}${r.roundsWithExactlyOneWinner === ROUNDS ? '' : '  ← WRONG'}`);
      out.line(`  409 slot_taken: ${r.conflicts409} (expected ${ROUNDS * (RACERS - 1)}), other statuses: ${r.otherStatuses}, deadlocks: ${r.deadlocks}`);
      out.line(`  latency p50 ${r.latencyMs.p50} ms  p95 ${r.latencyMs.p95} ms  p99 ${r.latencyMs.p99} ms  max ${r.latencyMs.max} ms — target p99 ≤ 400 ms: ${verdict(r.latencyMs.p99, 400)}`);
      if (r.roundsWithExactlyOneWinner !== ROUNDS || r.otherStatuses > 0 || r.deadlocks > 0) process.exitCode = 1;
    }
    out.result('booking', { rounds: ROUNDS, racersPerRound: RACERS, targetP99Ms: 400, oneInstance: one, twoInstances: two });
  } finally {
    await second.stop();
  }

  /** ROUNDS races (after WARM_UP uncounted ones), the racers' requests sent in turn to each of `urls`. */
  async function race(urls: readonly string[], firstDay: number) {
    const path = `/api/businesses/${world.slug}/me`;
    const [{ deadlocks: deadlocksBefore }] = (await deps.sql<{ deadlocks: number }[]>`SELECT deadlocks::int FROM pg_stat_database WHERE datname = current_database()`) as unknown as [{ deadlocks: number }];
    const latencies: number[] = [];
    const winners: number[] = [];
    let conflicts = 0;
    let other = 0;
    for (let round = -WARM_UP; round < ROUNDS; round++) {
      const date = addDays(today(), firstDay + Math.floor((round + WARM_UP) / 5));
      const slots = (await (await fetch(`${urls[0]}${path}/slots?serviceTypeId=${world.serviceTypeIds[0]}&date=${date}`, { headers: { authorization: `Bearer ${tokens[0]}` } })).json()) as { slots: { arrivalAt: string }[] };
      // Two free grid times 30 minutes apart: every pair of these 60-minute visits overlaps.
      const list = slots.slots ?? [];
      const i = list.findIndex((s, k) => k + 1 < list.length && Date.parse(list[k + 1]!.arrivalAt) - Date.parse(s.arrivalAt) === 30 * 60_000);
      if (i < 0) throw new Error(`no two adjacent free times left on ${date}`);
      const times = [list[i]!.arrivalAt, list[i + 1]!.arrivalAt];
      const statuses = await Promise.all(
        Array.from({ length: RACERS }, async (_, i) => {
          const t0 = performance.now();
          const res = await fetch(`${urls[i % urls.length]}${path}/bookings`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tokens[i % tokens.length]}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
            // Both times go to each server: with two servers, racer i and i+1 differ in both.
            body: JSON.stringify({ serviceTypeId: world.serviceTypeIds[0], arrivalAt: times[Math.floor(i / urls.length) % 2] }),
          });
          await res.arrayBuffer();
          if (round >= 0) latencies.push(performance.now() - t0);
          return res.status;
        }),
      );
      if (round < 0) continue;
      winners.push(statuses.filter((s) => s === 201).length);
      conflicts += statuses.filter((s) => s === 409).length;
      other += statuses.filter((s) => s !== 201 && s !== 409).length;
    }
    const [{ deadlocks: deadlocksAfter }] = (await deps.sql<{ deadlocks: number }[]>`SELECT deadlocks::int FROM pg_stat_database WHERE datname = current_database()`) as unknown as [{ deadlocks: number }];
    return {
      instances: urls.length,
      roundsWithExactlyOneWinner: winners.filter((w) => w === 1).length,
      winnersPerRound: winners,
      conflicts409: conflicts,
      otherStatuses: other,
      deadlocks: deadlocksAfter - deadlocksBefore,
      latencyMs: percentiles(latencies),
    };
  }
} finally {
  await stop();
}
