import { createAuth } from './auth/auth';
import type { Sql } from './db/client';
import { DatabaseMonitor } from './db/monitor';
import type { AppDeps } from './deps';
import { createDevMailbox, createSmtpMailer, type Mailer } from './email/mailer';
import type { Env } from './env';
import { createEventPublisher } from './events/publisher';
import { JobQueue } from './events/queue';
import { createSecretBox } from './events/seal';
import { createLiveBus } from './live/create-bus';
import { LiveStreams, type LiveStreamsOptions } from './live/streams';
import type { Logger } from './log';
import { PluginRegistry } from './plugins/registry';
import { bundledElementsDir } from './routes/elements';
import { BusinessDirectory } from './services/access';
import { startHousekeeping } from './services/housekeeping';
import { recheckLiveAccess } from './services/live-updates';
import { afterPasswordReset, resetEmailSender } from './services/password-reset';
import { ScheduleConfigCache } from './services/schedule-cache';
import pkg from '../package.json' with { type: 'json' };

export interface BuiltDeps extends AppDeps {
  /** The job queue: `start()` before serving; workers are started by whoever runs them. */
  queue: JobQueue;
  /** Drain the job queue's workers, then close mail and auth (the pool is the caller's). */
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
  /** Plugins loaded by `loadPlugins` (none by default). */
  plugins?: PluginRegistry;
  /** How often old rate-limit and idempotency rows are pruned (tests shorten it). */
  housekeepingIntervalMs?: number;
  /** Retry timing for tests; production uses the queue's defaults. */
  queueOptions?: { retryDelaySeconds?: number; pollSeconds?: number; retryLimit?: number };
  /** Stream timing for tests (heartbeats, access re-checks). */
  liveOptions?: Partial<Omit<LiveStreamsOptions, 'recheckAccess' | 'log'>>;
}): BuiltDeps {
  const { env, sql, log } = input;
  const queue = new JobQueue({ databaseUrl: input.databaseUrl, log, pollSeconds: env.JOBS_POLL_SECONDS, supervise: env.JOBS_WORKER, ...input.queueOptions });
  const events = createEventPublisher(queue);
  const secrets = createSecretBox(env.AUTH_SECRET);
  const live = createLiveBus(env, input.databaseUrl, log);
  const liveStreams = new LiveStreams(live, {
    heartbeatMs: env.LIVE_HEARTBEAT_SECONDS * 1000,
    recheckMs: env.LIVE_RECHECK_SECONDS * 1000,
    opensPerMinute: env.LIVE_OPENS_PER_MINUTE,
    maxPerSubject: env.LIVE_STREAMS_PER_SESSION,
    ...input.liveOptions,
    recheckAccess: recheckLiveAccess({ sql, log }),
    log,
  });
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
    sendResetPassword: resetEmailSender({ sql, events, secrets }),
    onPasswordReset: afterPasswordReset({ sql }),
  });
  const stopHousekeeping = startHousekeeping(sql, log, input.housekeepingIntervalMs);
  const plugins = input.plugins ?? new PluginRegistry([], env.PLUGIN_TIMEOUT_MS);
  plugins.useDatabase(sql);
  const dbMonitor = new DatabaseMonitor(input.databaseUrl, log);
  return {
    sql,
    dbMonitor,
    log,
    version: pkg.version,
    auth,
    mailer,
    events,
    live,
    liveStreams,
    secrets,
    queue,
    publicUrl,
    trustProxy: env.TRUST_PROXY,
    production: env.NODE_ENV === 'production',
    businesses: new BusinessDirectory(),
    scheduleCache: new ScheduleConfigCache(),
    externalProviderName: oidc?.name,
    elementsDir: env.ARRIVO_ELEMENTS_DIR ?? bundledElementsDir(),
    plugins,
    async close() {
      stopHousekeeping();
      liveStreams.close();
      await queue.stop();
      await live.close();
      mailer.close();
      dbMonitor.close();
      await auth.close();
    },
  };
}
