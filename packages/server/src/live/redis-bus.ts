// Live messages across server processes through Redis pub/sub (REDIS_URL), for high fan-out.
import { Redis } from 'ioredis';
import type { Logger } from '../log';
import { RemoteLiveBus } from './transport';

/**
 * Two connections per process, as Redis requires: one SUBSCRIBEd to the channel, one to PUBLISH.
 * Both reconnect by themselves (0.1–2 s apart, forever) and the subscriber subscribes again; open
 * streams are told they may have missed messages. While the publisher is away, messages for other
 * processes are dropped and logged rather than queued (a stale position is worth nothing).
 * The channel is per database, so deployments sharing a Redis do not hear each other.
 */
export class RedisLiveBus extends RemoteLiveBus {
  readonly kind = 'redis' as const;
  readonly channel: string;
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #subscribed: Promise<void>;
  #everReady = false;

  constructor(redisUrl: string, databaseName: string, log: Logger) {
    super(log);
    this.channel = `arrivo:live:${databaseName}`;
    const options = {
      retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
      connectTimeout: 2000,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
    };
    this.#pub = new Redis(redisUrl, { ...options, connectionName: 'arrivo-live-pub', enableOfflineQueue: false });
    // The SUBSCRIBE waits for as long as Redis is away (it must happen some time), the publisher's commands never do.
    this.#sub = new Redis(redisUrl, { ...options, connectionName: 'arrivo-live-sub', autoResubscribe: true, maxRetriesPerRequest: null });
    for (const client of [this.#pub, this.#sub]) client.on('error', (err: unknown) => this.complain(err, 'live bus: Redis connection problem'));
    this.#sub.on('message', (channel: string, payload: string) => {
      if (channel === this.channel) this.received(payload);
    });
    this.#sub.on('ready', () => {
      // ioredis subscribes again on reconnect; whatever was published meanwhile never reached us.
      if (this.#everReady) {
        this.log.info({ bus: this.kind }, 'live bus subscribed again');
        this.gap();
      }
      this.#everReady = true;
    });
    this.#subscribed = this.#sub.subscribe(this.channel).then(
      () => {},
      (err: unknown) => this.complain(err, 'live bus cannot subscribe yet; ioredis retries'),
    );
  }

  protected async send(payload: string): Promise<void> {
    if (this.#pub.status !== 'ready') {
      // Just started: give the first connection a moment rather than drop the first messages.
      if (!['connecting', 'connect', 'wait'].includes(this.#pub.status)) throw new Error(`Redis publisher is ${this.#pub.status}`);
      await Promise.race([
        new Promise<void>((resolve) => this.#pub.once('ready', () => resolve())),
        new Promise<void>((resolve) => setTimeout(resolve, 1000).unref()),
      ]);
    }
    await this.#pub.publish(this.channel, payload);
  }

  /** Resolves once subscribed, or after 2 s (a Redis that is down must not keep the server from starting). */
  ready(): Promise<void> {
    return Promise.race([this.#subscribed, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    await super.close();
    this.#pub.disconnect();
    this.#sub.disconnect();
  }
}
