import { createAuth } from './auth/auth';
import type { Sql } from './db/client';
import { DatabaseMonitor } from './db/monitor';
import type { AppDeps } from './deps';
import { createDevMailbox, createSmtpMailer, type Mailer } from './email/mailer';
import type { Env } from './env';
import type { Logger } from './log';
import { resetEmailSender } from './services/password-reset';
import { ScheduleConfigCache } from './services/schedule-cache';
import pkg from '../package.json' with { type: 'json' };

export interface BuiltDeps extends AppDeps {
  close(): Promise<void>;
}

/** Wire auth, mail and settings around an open pool. `publicUrl` must be where this server answers. */
export function buildDeps(input: { sql: Sql; databaseUrl: string; env: Env; log: Logger; publicUrl: string; mailer?: Mailer }): BuiltDeps {
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
  const dbMonitor = new DatabaseMonitor(input.databaseUrl, log);
  return {
    sql,
    dbMonitor,
    log,
    version: pkg.version,
    auth,
    mailer,
    publicUrl,
    trustProxy: env.TRUST_PROXY,
    scheduleCache: new ScheduleConfigCache(),
    externalProviderName: oidc?.name,
    async close() {
      mailer.close();
      dbMonitor.close();
      await auth.close();
    },
  };
}
