// The cross-process transports, two buses (as two server processes would have) on one database or
// one Redis: every message reaches each process's listeners exactly once, the publisher's own
// included, and a lost connection is taken up again without losing the process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveMessage } from '@arrivo/core';
import { useTestDatabase } from '../../test/database';
import { silentLog } from '../../test/http';
import { NO_REDIS, redisExpected, testRedisUrl } from '../../test/redis';
import type { LiveBus, LiveEnvelope } from './bus';
import { PostgresLiveBus } from './postgres-bus';
import { RedisLiveBus } from './redis-bus';
import { loadEnv } from '../env';
import { createLiveBus } from './create-bus';
import { freePort } from '../../test/free-port';

const message = (n: number): LiveMessage => ({ type: 'booking.changed', data: { bookingId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` } });

function collect(bus: LiveBus, topic: `booking:${string}`) {
  const got: LiveEnvelope[] = [];
  bus.subscribe(topic, (e) => got.push(e));
  return got;
}

async function exchange(a: LiveBus, b: LiveBus) {
  const topic = `booking:${crypto.randomUUID()}` as const;
  const onA = collect(a, topic);
  const onB = collect(b, topic);
  for (let n = 1; n <= 20; n++) await a.publish(topic, message(n));
  // (Across processes there is no order between two publishers: let A's arrive first.)
  await expect.poll(() => onB.length, { timeout: 5000 }).toBe(20);
  await b.publish(topic, message(21));
  await expect.poll(() => [onA.length, onB.length], { timeout: 5000 }).toEqual([21, 21]);
  // Same ids everywhere, in the publisher's order.
  expect(onB.map((e) => e.id)).toEqual(onA.map((e) => e.id));
  expect(onB.slice(0, 20).map((e) => (e.data as { bookingId: string }).bookingId.slice(-2))).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1).padStart(2, '0')));
  expect(onA[0]).toMatchObject({ topic, type: 'booking.changed' });
  return topic;
}

describe('LIVE_BUS choice', () => {
  it('defaults to redis with REDIS_URL, else postgres; memory only when asked', () => {
    expect(loadEnv({}).LIVE_BUS).toBe('postgres');
    expect(loadEnv({ REDIS_URL: 'redis://127.0.0.1:6379' }).LIVE_BUS).toBe('redis');
    expect(loadEnv({ LIVE_BUS: 'memory' }).LIVE_BUS).toBe('memory');
    expect(() => loadEnv({ LIVE_BUS: 'redis' })).toThrow(/LIVE_BUS=redis needs REDIS_URL/);
    expect(() => loadEnv({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
    expect(createLiveBus({ LIVE_BUS: 'memory', REDIS_URL: undefined }, 'postgres://x/y', silentLog).kind).toBe('memory');
  });
});

describe('PostgresLiveBus', () => {
  const db = useTestDatabase();
  const buses: LiveBus[] = [];
  afterAll(() => Promise.all(buses.map((b) => b.close())));

  it('delivers each message once on every process, the publisher included', async () => {
    const a = new PostgresLiveBus(db.url, silentLog);
    const b = new PostgresLiveBus(db.url, silentLog);
    buses.push(a, b);
    await Promise.all([a.ready(), b.ready()]);
    await exchange(a, b);
  });

  it('listens again after its connection is killed, tells streams about the gap, and delivers again', async () => {
    const a = new PostgresLiveBus(db.url, silentLog);
    const b = new PostgresLiveBus(db.url, silentLog);
    buses.push(a, b);
    await Promise.all([a.ready(), b.ready()]);
    let gaps = 0;
    b.onGap(() => gaps++);
    const killed = await db.sql`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'arrivo-live' AND datname = current_database()`;
    expect(killed.length).toBeGreaterThanOrEqual(2);
    await expect.poll(() => gaps, { timeout: 5000 }).toBe(1);
    await exchange(a, b);
  });

  it('logs rather than throws when it cannot publish', async () => {
    const lonely = new PostgresLiveBus('postgres://nobody@127.0.0.1:1/none', silentLog);
    buses.push(lonely);
    const got = collect(lonely, 'booking:x');
    await expect(lonely.publish('booking:x', message(1))).resolves.toBeUndefined();
    expect(got).toHaveLength(1); // still delivered on this process
  });
});

describe.runIf(redisExpected)('RedisLiveBus (REDIS_URL, or the Redis on 127.0.0.1:6379)', async () => {
  const url = await testRedisUrl();
  const buses: RedisLiveBus[] = [];
  afterAll(() => Promise.all(buses.map((b) => b.close())));

  it('delivers each message once on every process, the publisher included, and subscribes again after a lost connection', async () => {
    if (!url) throw new Error(NO_REDIS);
    const db = `t${Date.now()}`;
    const a = new RedisLiveBus(url!, db, silentLog);
    const b = new RedisLiveBus(url!, db, silentLog);
    const elsewhere = new RedisLiveBus(url!, `${db}-other`, silentLog);
    buses.push(a, b, elsewhere);
    await Promise.all([a.ready(), b.ready(), elsewhere.ready()]);
    const heardElsewhere: LiveEnvelope[] = [];
    const topic = await (async () => {
      const t = await exchange(a, b);
      elsewhere.subscribe(t, (e) => heardElsewhere.push(e));
      return t;
    })();
    await a.publish(topic, message(99));
    let gaps = 0;
    b.onGap(() => gaps++);
    // Kill b's subscriber connection, as a Redis restart or a network cut would.
    const { Redis } = await import('ioredis');
    const admin = new Redis(url!);
    await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await admin.quit();
    await expect.poll(() => gaps, { timeout: 8000 }).toBeGreaterThanOrEqual(1);
    await exchange(a, b);
    expect(heardElsewhere).toEqual([]); // another database's deployment
  });
});

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

describe.runIf(redisExpected)('RedisLiveBus when Redis is away', () => {
  const buses: RedisLiveBus[] = [];
  const servers: ChildProcess[] = [];
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
    for (const s of servers) s.kill('SIGKILL');
  });
  const startRedis = async (port: number) => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    servers.push(child);
    const answers = () =>
      new Promise<boolean>((done) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => (socket.end(), done(true)));
        socket.once('error', () => done(false));
      });
    await expect.poll(answers, { timeout: 5000, interval: 50 }).toBe(true);
    return child;
  };

  it('starts without Redis, publishes without throwing meanwhile, and works once Redis comes; survives Redis going away and coming back', async () => {
    if (!hasRedisServer) throw new Error('redis-server is not installed (apt-get install redis-server), or set ARRIVO_NO_REDIS=1');
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const a = new RedisLiveBus(url, 'away', silentLog);
    const b = new RedisLiveBus(url, 'away', silentLog);
    buses.push(a, b);
    const started = performance.now();
    await Promise.all([a.ready(), b.ready()]);
    expect(performance.now() - started).toBeLessThan(3000);
    const got = collect(a, 'booking:early');
    await expect(a.publish('booking:early', message(1))).resolves.toBeUndefined();
    expect(got).toHaveLength(1);

    let redis = await startRedis(port);
    const probe = `booking:${crypto.randomUUID()}` as const;
    const heard = collect(b, probe);
    await expect.poll(async () => (await a.publish(probe, message(2)), heard.length), { timeout: 10_000, interval: 300 }).toBeGreaterThan(0);

    let gaps = 0;
    b.onGap(() => gaps++);
    redis.kill('SIGKILL');
    await new Promise((r) => redis.once('exit', r));
    await a.publish(probe, message(3)); // logged, dropped
    redis = await startRedis(port);
    await expect.poll(() => gaps, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await exchange(a, b);
  }, 40_000);
});
