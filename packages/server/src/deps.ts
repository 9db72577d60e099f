import type { Auth } from './auth/auth';
import type { Sql } from './db/client';
import type { Mailer } from './email/mailer';
import type { Logger } from './log';

/** Everything routes and services need, built once at start (or per test). */
export interface AppDeps {
  sql: Sql;
  log: Logger;
  version: string;
  auth: Auth;
  mailer: Mailer;
  /** Origin (and optional path) people use to reach this server, without trailing slash. */
  publicUrl: string;
  /** Take the client address from X-Forwarded-For (behind a trusted proxy). */
  trustProxy: boolean;
  /** Display name of the external OpenID Connect provider, when one is configured. */
  externalProviderName?: string;
}
