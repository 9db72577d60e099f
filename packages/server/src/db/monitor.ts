import postgres from 'postgres';
import type { Logger } from '../log';
import { OUTAGE_OPTIONS, type Sql } from './client';
import { pingDatabase, type DatabaseStatus } from './queries/health';


export interface MonitorOptions {
  /** How often to look again while PostgreSQL is away. */
  intervalMs?: number;
  /** A probe slower than this counts as a failure. */
  timeoutMs?: number;
}

/**
 * Is PostgreSQL reachable? A circuit breaker in front of the pools: once a request meets a dead
 * connection, requests are refused at once (503) instead of queuing on the pools, and a probe on a
 * connection of its own looks every `intervalMs` until PostgreSQL answers again.
 */
export class DatabaseMonitor {
  #up = true;
  #closed = false;
  #probing: Promise<DatabaseStatus> | undefined;
  #watching = false;
  readonly #url: string;
  readonly #log: Logger;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;

  constructor(url: string, log: Logger, options: MonitorOptions = {}) {
    this.#url = url;
    this.#log = log;
    this.#intervalMs = options.intervalMs ?? 200;
    this.#timeoutMs = options.timeoutMs ?? 800;
  }

  /** false from a connection failure until a probe succeeds. */
  get available(): boolean {
    return this.#up;
  }

  /** Ask PostgreSQL now (one probe at a time, shared by concurrent callers); updates `available`. */
  check(): Promise<DatabaseStatus> {
    return (this.#probing ??= this.#ping().finally(() => (this.#probing = undefined)));
  }

  /**
   * For the health check: while PostgreSQL is reachable, one trivial query through the app's own
   * pool (what requests use; no new connection per call, however hard health is polled); while it
   * is away, a probe on a connection of its own. Bounded in time either way.
   */
  async health(sql: Sql): Promise<DatabaseStatus> {
    if (!this.#up) return this.check();
    const status = await pingDatabase(sql, this.#timeoutMs);
    if (!status.ok) this.reportFailure();
    return status;
  }

  /** A request met a dead connection: refuse work until a probe succeeds. */
  reportFailure(): void {
    this.#set(false);
  }

  close(): void {
    this.#closed = true;
  }

  // A new connection each time: an idle one may still reach a backend that outlived a killed
  // postmaster, and a new one carries no back-off state.
  async #ping(): Promise<DatabaseStatus> {
    const probe = postgres(this.#url, { max: 1, onnotice: () => {}, connection: { application_name: 'arrivo-probe' }, ...OUTAGE_OPTIONS });
    try {
      const status = await pingDatabase(probe, this.#timeoutMs);
      this.#set(status.ok);
      return status;
    } finally {
      void probe.end({ timeout: 0 }).catch(() => undefined);
    }
  }

  #set(up: boolean) {
    if (up === this.#up || this.#closed) return;
    this.#up = up;
    if (up) this.#log.info('database reachable again');
    else {
      this.#log.warn('database unreachable: answering 503 until it is back');
      void this.#watch();
    }
  }

  async #watch() {
    if (this.#watching) return;
    this.#watching = true;
    try {
      while (!this.#up && !this.#closed) {
        await new Promise((done) => setTimeout(done, this.#intervalMs).unref());
        if (!this.#closed) await this.check();
      }
    } finally {
      this.#watching = false;
    }
  }
}
