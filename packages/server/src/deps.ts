import type { Auth } from './auth/auth';
import type { Sql } from './db/client';
import type { DatabaseMonitor } from './db/monitor';
import type { Mailer } from './email/mailer';
import type { Logger } from './log';
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
  /** Origin (and optional path) people use to reach this server, without trailing slash. */
  publicUrl: string;
  /** Take the client address from X-Forwarded-For (behind a trusted proxy). */
  trustProxy: boolean;
  /** Technicians' configuration per business, current for its schedule version. */
  scheduleCache: ScheduleConfigCache;
  /** Display name of the external OpenID Connect provider, when one is configured. */
  externalProviderName?: string;
}
