import { createAuth } from './auth/auth';
import type { Sql } from './db/client';
import type { AppDeps } from './deps';
import { createDevMailbox, createSmtpMailer, type Mailer } from './email/mailer';
import type { Env } from './env';
import type { Logger } from './log';
import { bundledElementsDir } from './routes/elements';
import { startHousekeeping } from './services/housekeeping';
import { resetEmailSender } from './services/password-reset';
import { ScheduleConfigCache } from './services/schedule-cache';
import pkg from '../package.json' with { type: 'json' };

export interface BuiltDeps extends AppDeps {
  close(): Promise<void>;
}

/** Wire auth, mail and settings around an open pool. `publicUrl` must be where this server answers. */
export function buildDeps(input: {
  sql: Sql;
  databaseUrl: string;
  env: Env;
  log: Logger;
  publicUrl: string;
  mailer?: Mailer;
  /** How often old rate-limit and idempotency rows are pruned (tests shorten it). */
  housekeepingIntervalMs?: number;
}): BuiltDeps {
  const { env, sql, log } = input;
  const mailer = input.mailer ?? (env.SMTP_URL ? createSmtpMailer(env.SMTP_URL, env.MAIL_FROM) : createDevMailbox(sql, env.MAIL_FROM));
  const publicUrl = input.publicUrl.replace(/\/$/, '');
  const oidc =
    env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
      ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, name: env.OIDC_NAME }
      : undefined;
  const auth = createAuth({
    databaseUrl: input.databaseUrl,
    secret: env.AUTH_SECRET,
    baseURL: publicUrl,
    oidc,
    log,
    sendResetPassword: resetEmailSender({ sql, mailer, log }),
  });
  const stopHousekeeping = startHousekeeping(sql, log, input.housekeepingIntervalMs);
  return {
    sql,
    log,
    version: pkg.version,
    auth,
    mailer,
    publicUrl,
    trustProxy: env.TRUST_PROXY,
    production: env.NODE_ENV === 'production',
    scheduleCache: new ScheduleConfigCache(),
    externalProviderName: oidc?.name,
    elementsDir: env.ARRIVO_ELEMENTS_DIR ?? bundledElementsDir(),
    async close() {
      stopHousekeeping();
      mailer.close();
      await auth.close();
    },
  };
}
