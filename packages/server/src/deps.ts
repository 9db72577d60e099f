import type { Auth } from './auth/auth';
import type { Sql } from './db/client';
import type { DatabaseMonitor } from './db/monitor';
import type { Mailer } from './email/mailer';
import type { EventPublisher } from './events/publisher';
import type { JobQueue } from './events/queue';
import type { LiveBus } from './live/bus';
import type { LiveStreams } from './live/streams';
import type { SecretBox } from './events/seal';
import type { TrustProxy } from './http/client-address';
import type { Logger } from './log';
import type { PluginRegistry } from './plugins/registry';
import type { BusinessDirectory } from './services/access';
import type { ScheduleConfigCache } from './services/schedule-cache';

/** Everything routes and services need, built once at start (or per test). */
export interface AppDeps {
  sql: Sql;
  /** Whether PostgreSQL answers; requests are refused with 503 while it does not. */
  dbMonitor: DatabaseMonitor;
  log: Logger;
  version: string;
  auth: Auth;
  mailer: Mailer;
  /** Domain events, published inside the transaction that makes the change. */
  events: EventPublisher;
  /** The job queue (pg-boss): jobs of their own, e.g. a notification staff asked to resend. */
  queue: JobQueue;
  /** Messages for open live streams, on every server process (see live/bus.ts). */
  live: LiveBus;
  /** The open live streams (SSE) of this process. */
  liveStreams: LiveStreams;
  /** Seals secrets that events carry to their jobs (invitation codes, reset links). */
  secrets: SecretBox;
  /** Origin (and optional path) people use to reach this server, without trailing slash. */
  publicUrl: string;
  /** Which proxies' X-Forwarded-For hops to believe when finding the client address. */
  trustProxy: TrustProxy;
  /** NODE_ENV=production: no developer conveniences such as /dev/mailbox. */
  production: boolean;
  /** Businesses by slug, for every business request. */
  businesses: BusinessDirectory;
  /** Technicians' configuration per business, current for its schedule version. */
  scheduleCache: ScheduleConfigCache;
  /** The elements' script-tag build (`cdn/`), served at /elements/*; none when not installed. */
  elementsDir?: string;
  /** Display name of the external OpenID Connect provider, when one is configured. */
  externalProviderName?: string;
  /** The installed plugins (loaded and checked at boot); each business enables the ones it uses. */
  plugins: PluginRegistry;
}
