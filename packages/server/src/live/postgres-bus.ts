// Live messages across server processes through PostgreSQL's LISTEN/NOTIFY, on one channel.
import postgres from 'postgres';
import { OUTAGE_OPTIONS } from '../db/client';
import type { Logger } from '../log';
import { RemoteLiveBus } from './transport';

export const LIVE_CHANNEL = 'arrivo_live';

/**
 * One dedicated connection per process: it LISTENs, and NOTIFYs go out on it too (pipelined, so
 * the app's pool is never held for a live message). When the connection is lost the bus LISTENs
 * again on a fresh one, retrying every 0.25–2 s for as long as it takes, and tells open streams
 * they may have missed messages. (postgres.js's own `sql.listen` gives a channel up for good
 * when its first attempt to listen again fails, as it does while PostgreSQL is still down.)
 */
export class PostgresLiveBus extends RemoteLiveBus {
  readonly kind = 'postgres' as const;
  readonly #sql: postgres.Sql;
  #listening: Promise<void>;
  #everListened = false;
  #retryTimer?: NodeJS.Timeout;

  constructor(databaseUrl: string, log: Logger) {
    super(log);
    // `onnotify` is a postgres.js option its typings leave out.
    const options = {
      max: 1,
      max_lifetime: null,
      fetch_types: false,
      onnotice: () => {},
      // A NOTIFY commits a transaction: without this, every live message would wait for a WAL
      // flush (tens to hundreds of ms on a busy disk). Listeners get it at commit either way, and
      // a message lost in a crash is what `resync` is for.
      connection: { application_name: 'arrivo-live', synchronous_commit: 'off' },
      ...OUTAGE_OPTIONS,
      onnotify: (channel: string, payload: string) => {
        if (channel === LIVE_CHANNEL) this.received(payload);
      },
      onclose: () => {
        if (!this.closed) this.#relisten(0);
      },
    };
    this.#sql = postgres(databaseUrl, options as postgres.Options<Record<string, never>>);
    this.#listening = this.#attempt(0);
  }

  #attempt(attempt: number): Promise<void> {
    return this.#listen().catch((err: unknown) => {
      this.complain(err, 'live bus cannot listen; retrying');
      if (!this.closed) this.#relisten(attempt + 1);
    });
  }

  async #listen(): Promise<void> {
    await this.#sql.unsafe(`LISTEN ${LIVE_CHANNEL}`);
    // Listening again after a lost connection: whatever was sent meanwhile never reached us.
    if (this.#everListened) {
      this.log.info({ bus: this.kind }, 'live bus listening again');
      this.gap();
    }
    this.#everListened = true;
  }

  #relisten(attempt: number): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(
      () => void (this.#listening = this.#attempt(attempt)),
      attempt === 0 ? 0 : Math.min(250 * 2 ** (attempt - 1), 2000),
    );
    this.#retryTimer.unref();
  }

  protected async send(payload: string): Promise<void> {
    await this.#sql`SELECT pg_notify(${LIVE_CHANNEL}, ${payload})`;
  }

  /** Resolves once this process hears other processes (or its first attempt failed: it keeps trying). */
  ready(): Promise<void> {
    return this.#listening;
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    await super.close();
    clearTimeout(this.#retryTimer);
    await this.#sql.end({ timeout: 1 });
  }
}
