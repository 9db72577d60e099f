import type { Auth } from './auth/auth';
import type { Sql } from './db/client';
import type { Mailer } from './email/mailer';
import type { EventPublisher } from './events/publisher';
import type { SecretBox } from './events/seal';
import type { Logger } from './log';
import type { ScheduleConfigCache } from './services/schedule-cache';

/** Everything routes and services need, built once at start (or per test). */
export interface AppDeps {
  sql: Sql;
  log: Logger;
  version: string;
  auth: Auth;
  mailer: Mailer;
  /** Domain events, published inside the transaction that makes the change. */
  events: EventPublisher;
  /** Seals secrets that events carry to their jobs (invitation codes, reset links). */
  secrets: SecretBox;
  /** Origin (and optional path) people use to reach this server, without trailing slash. */
  publicUrl: string;
  /** Take the client address from X-Forwarded-For (behind a trusted proxy). */
  trustProxy: boolean;
  /** Technicians' configuration per business, current for its schedule version. */
  scheduleCache: ScheduleConfigCache;
  /** Display name of the external OpenID Connect provider, when one is configured. */
  externalProviderName?: string;
}
