import PgBoss from 'pg-boss';
import type { Sql, Tx } from '../db/client';
import type { Logger } from '../log';

/** Every domain event goes through this one queue; the dispatcher fans each out to subscribers. */
export const EVENTS_QUEUE = 'arrivo-events';
/** One job per message to send (see events/notifications.ts): each retries on its own. */
export const NOTIFICATIONS_QUEUE = 'arrivo-notifications';
/** Visit reminders, each due at its visit's arrival − the business's reminder lead. */
export const REMINDERS_QUEUE = 'arrivo-reminders';

export interface JobQueueOptions {
  databaseUrl: string;
  log: Logger;
  /** How often an idle worker looks for work (pg-boss allows ≥ 0.5 s). */
  pollSeconds?: number;
  /** First retry delay after a failed delivery; it doubles (with jitter) on each retry. */
  retryDelaySeconds?: number;
  retryLimit?: number;
  /** Run pg-boss's maintenance (expiry, archiving) here: true where workers run. */
  supervise?: boolean;
}

/**
 * pg-boss on our own database (its tables live in the `pgboss` schema, installed and upgraded by
 * `start`). Jobs are sent through the caller's postgres.js transaction, so they exist only if
 * that transaction commits. pg-boss keeps its own small node-postgres pool for workers.
 */
export class JobQueue {
  readonly boss: PgBoss;
  readonly pollSeconds: number;
  readonly #retry: { retryLimit: number; retryDelay: number; retryBackoff: true };
  #started?: Promise<void>;
  #workers: string[] = [];

  constructor(options: JobQueueOptions) {
    this.pollSeconds = options.pollSeconds ?? 1;
    this.#retry = { retryLimit: options.retryLimit ?? 12, retryDelay: options.retryDelaySeconds ?? 10, retryBackoff: true };
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      application_name: 'arrivo-jobs',
      max: 4,
      supervise: options.supervise ?? true,
      schedule: false,
      migrate: true,
    });
    this.boss.on('error', (err) => options.log.error({ err }, 'job queue error'));
  }

  /** Install or upgrade pg-boss's schema (serialised by its own advisory lock) and our queues. */
  start(): Promise<void> {
    return (this.#started ??= (async () => {
      await this.boss.start();
      await this.#ensure(EVENTS_QUEUE);
      await this.#ensure(NOTIFICATIONS_QUEUE);
      await this.#ensure(REMINDERS_QUEUE);
    })());
  }

  async #ensure(name: string): Promise<void> {
    const policy = { ...this.#retry, expireInSeconds: 15 * 60, retentionMinutes: 7 * 24 * 60 };
    await this.boss.createQueue(name, { name, ...policy });
    await this.boss.updateQueue(name, { name, ...policy });
  }

  /** Create (or update) another queue with the same retry policy (e.g. the notifications queue). */
  async ensureQueue(name: string): Promise<void> {
    await this.start();
    await this.#ensure(name);
  }

  /** The retry policy of every queue: a handler may read it to know its last attempt. */
  get retryLimit(): number {
    return this.#retry.retryLimit;
  }

  /** Enqueue `data` inside `sql` (a transaction, or the pool for a job on its own). */
  async send(sql: Sql | Tx, queue: string, data: object, options: { startAfter?: Date } = {}): Promise<string> {
    const id = await this.boss.send(queue, data, { db: executorOf(sql), ...options });
    // pg-boss answers null when the queue does not exist (its insert joins the queue table).
    if (!id) throw new Error(`queue ${queue} does not exist: was the job queue started?`);
    return id;
  }

  /**
   * Run `handle` for each job, `concurrency` at a time, one job per fetch so a failure retries
   * only that job. A worker that just finished a job looks for the next at once.
   */
  async work(queue: string, handle: (data: unknown, jobId: string) => Promise<void>, concurrency = 2): Promise<void> {
    await this.start();
    for (let i = 0; i < concurrency; i++) {
      let workerId: string | undefined;
      workerId = await this.boss.work(queue, { batchSize: 1, pollingIntervalSeconds: this.pollSeconds }, async ([job]) => {
        if (!job) return;
        await handle(job.data, job.id);
        if (workerId) this.boss.notifyWorker(workerId);
      });
      this.#workers.push(workerId);
    }
  }

  /** Stop fetching, let jobs in progress finish (up to `timeoutMs`), then close pg-boss's pool. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.#started) return;
    await this.#started.catch(() => undefined);
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
  }
}

/** pg-boss's `db` option over a postgres.js transaction or pool (postgres.js refuses undefined). */
function executorOf(sql: Sql | Tx) {
  return {
    executeSql: (text: string, values: unknown[] = []) =>
      sql.unsafe(text, values.map((v) => (v === undefined ? null : v)) as never[]).then((rows) => ({ rows: [...rows] })),
  };
}
