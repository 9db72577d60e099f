import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@arrivo/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { useTestDatabase } from '../../test/database';
import { makeBusiness } from '../../test/fixtures';
import { useSmtpSink } from '../../test/smtp-sink';
import { loadEnv } from '../env';
import { createLogger } from '../log';
import { startServer, type RunningServer } from '../server';
import type { EventSubscriber } from './dispatcher';
import { createEventPublisher } from './publisher';
import { EVENTS_QUEUE, JobQueue } from './queue';
import { createSecretBox } from './seal';

/** A subscriber that remembers every event it handled; `fail` makes its next N attempts throw. */
function recorder(key: string) {
  const seen: DomainEvent[] = [];
  const state = { fail: 0, attempts: 0 };
  const subscriber: EventSubscriber = {
    key,
    events: ['booking.status_changed'],
    async handle(event) {
      state.attempts++;
      if (state.fail > 0) {
        state.fail--;
        throw new Error(`${key} is down`);
      }
      seen.push(event);
    },
  };
  return { subscriber, seen, state };
}

const countOf = (seen: DomainEvent[], id: string) => seen.filter((e) => e.id === id).length;

describe('domain events on the job queue', () => {
  const steady = recorder('test-steady');
  const flaky = recorder('test-flaky');
  const api = useTestApp({ subscribers: () => [steady.subscriber, flaky.subscriber] });
  let businessId = '';
  const statusChanged = () => ({
    name: 'booking.status_changed' as const,
    businessId,
    actorUserId: null,
    payload: { bookingId: randomUUID(), resourceId: randomUUID(), from: 'scheduled' as const, to: 'traveling' as const, note: null },
  });
  const jobsFor = (eventId: string) => api.sql<{ id: string; state: string }[]>`SELECT id, state FROM pgboss.job WHERE data->>'id' = ${eventId}`;

  beforeAll(async () => {
    businessId = (await makeBusiness(api.sql)).id;
  });

  it('never delivers an event published in a transaction that rolled back; delivers a committed one', async () => {
    let rolledBack: DomainEvent | undefined;
    await expect(
      api.sql.begin(async (tx) => {
        rolledBack = await api.deps.events.publish(tx, statusChanged());
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const committed = await api.sql.begin((tx) => api.deps.events.publish(tx, statusChanged()));

    await expect.poll(() => countOf(steady.seen, committed.id), { timeout: 5000 }).toBe(1);
    // The rolled-back one was never queued, so nothing can ever deliver it.
    expect(await jobsFor(rolledBack!.id)).toEqual([]);
    expect(countOf(steady.seen, rolledBack!.id)).toBe(0);
    expect(steady.seen.find((e) => e.id === committed.id)).toMatchObject({ name: 'booking.status_changed', businessId, payload: { to: 'traveling' } });
  });

  it('hands a redelivered event to each subscriber once', async () => {
    const event = await api.sql.begin((tx) => api.deps.events.publish(tx, statusChanged()));
    // The same event on the queue twice more, as a redelivery after a lost acknowledgement would be.
    await api.deps.queue.send(api.sql, EVENTS_QUEUE, event);
    await api.deps.queue.send(api.sql, EVENTS_QUEUE, event);
    await expect.poll(async () => (await jobsFor(event.id)).map((j) => j.state), { timeout: 8000 }).toEqual(['completed', 'completed', 'completed']);
    expect(countOf(steady.seen, event.id)).toBe(1);
    expect(countOf(flaky.seen, event.id)).toBe(1);
    const claims = await api.sql`SELECT subscriber FROM event_delivery WHERE event_id = ${event.id} AND subscriber LIKE 'test-%' ORDER BY subscriber`;
    expect(claims.map((c) => c.subscriber)).toEqual(['test-flaky', 'test-steady']);
  });

  it('retries a failing subscriber with backoff, without handing the event again to those that succeeded', async () => {
    flaky.state.fail = 1;
    const attemptsBefore = flaky.state.attempts;
    const event = await api.sql.begin((tx) => api.deps.events.publish(tx, statusChanged()));
    await expect.poll(() => countOf(flaky.seen, event.id), { timeout: 8000 }).toBe(1);
    expect(flaky.state.attempts - attemptsBefore).toBe(2);
    expect(countOf(steady.seen, event.id)).toBe(1);
    await expect.poll(async () => (await jobsFor(event.id)).map((j) => j.state), { timeout: 5000 }).toEqual(['completed']);
  });

  it('refuses a payload that breaks its schema when publishing, not at delivery', async () => {
    const bad = { ...statusChanged(), payload: { bookingId: 'not-a-uuid' } } as never;
    await expect(api.sql.begin((tx) => api.deps.events.publish(tx, bad))).rejects.toThrow();
  });
});

describe('a stalled mail server', () => {
  const api = useTestApp();

  it('holds only the event worker\'s own connections, never the pool that serves requests', async () => {
    const business = await makeBusiness(api.sql);
    const release = api.mail.stall();
    try {
      await api.deps.events.publish(api.sql, {
        name: 'password_reset.requested',
        businessId: business.id,
        actorUserId: null,
        payload: { email: 'stalled@example.com', sealedLink: api.deps.secrets.seal('https://example.com/#arrivo-reset=stalled') },
      });
      await expect.poll(() => api.mail.stalled, { timeout: 5000 }).toBe(1);
      // The mail subscriber's claim is open while SMTP hangs: on the worker's pool.
      const open = await api.sql<{ applicationName: string }[]>`
        SELECT application_name FROM pg_stat_activity
        WHERE datname = current_database() AND state LIKE 'idle in transaction%'`;
      expect(open.map((r) => r.applicationName)).toEqual(['arrivo-events']);
      // The request pool has nothing held by the worker and still answers.
      expect((await fetch(`${api.url}/api/businesses/${business.slug}`)).status).toBe(200);
    } finally {
      release();
    }
    expect((await api.mail.next('stalled@example.com')).text).toContain('arrivo-reset=stalled');
  });
});

describe('the queue drains on stop', () => {
  const db = useTestDatabase();

  it('lets a job in progress finish before stop() resolves', async () => {
    const log = createLogger('silent');
    const queue = new JobQueue({ databaseUrl: db.url, log, pollSeconds: 0.5 });
    await queue.start();
    let release!: () => void;
    let finished = false;
    const started = new Promise<void>((resolveStarted) => {
      void queue.work('arrivo-events', async () => {
        resolveStarted();
        await new Promise<void>((r) => (release = r));
        finished = true;
      });
    });
    const [business] = await db.sql`INSERT INTO business (slug, name, time_zone) VALUES ('drain', 'Drain', 'UTC') RETURNING id`;
    const event = await createEventPublisher(queue).publish(db.sql, {
      name: 'booking.status_changed',
      businessId: business!.id,
      actorUserId: null,
      payload: { bookingId: randomUUID(), resourceId: randomUUID(), from: 'scheduled', to: 'traveling', note: null },
    });
    await started;
    const stopping = queue.stop().then(() => finished);
    setTimeout(() => release(), 300);
    // Without draining, stop() would resolve while the job still runs (and pg-boss would fail it).
    expect(await stopping).toBe(true);
    const [job] = await db.sql`SELECT state FROM pgboss.job WHERE data->>'id' = ${event.id}`;
    expect(job!.state).toBe('completed');
  });
});

describe('startServer runs the worker', () => {
  const db = useTestDatabase();
  const mail = useSmtpSink();
  let server: RunningServer | undefined;

  it('delivers queued emails from inside the server, and stops cleanly', async () => {
    const env = { ...loadEnv({ LOG_LEVEL: 'silent', SMTP_URL: mail.url, DATABASE_URL: db.url }), PORT: 0, JOBS_POLL_SECONDS: 0.5 };
    server = await startServer({ env });
    const [business] = await db.sql`INSERT INTO business (slug, name, time_zone) VALUES ('lifecycle', 'Lifecycle Plumbing', 'UTC') RETURNING id`;
    // Queued by another process (say, a server with JOBS_WORKER=false) on the same database.
    const other = new JobQueue({ databaseUrl: db.url, log: server.log, supervise: false });
    await createEventPublisher(other).publish(db.sql, {
      name: 'password_reset.requested',
      businessId: business!.id,
      actorUserId: null,
      payload: { email: 'someone@example.com', sealedLink: createSecretBox(env.AUTH_SECRET).seal('https://example.com/#arrivo-reset=t0ken') },
    });
    const received = await mail.next('someone@example.com');
    expect(received.text).toContain('https://example.com/#arrivo-reset=t0ken');
    // The sink has the email a moment before the worker hears back from SMTP and logs it.
    const logged = async () => (await db.sql`SELECT channel, status, attempts, recipient FROM notification_log WHERE business_id = ${business!.id}`)[0];
    await expect.poll(logged, { timeout: 5000 }).toMatchObject({ channel: 'email', status: 'sent', attempts: 1, recipient: 'someone@example.com' });
    await server.close();
  });
});
