import { z } from 'zod';
import { parseTrustProxy } from './http/client-address';

/** Every setting the server reads from the environment, validated once at start. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  /** A real cluster; without it an embedded PostgreSQL is started. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /**
   * The most connections the server's request pool opens (better-auth, the job worker and the live
   * bus have their own few). Each request holds one only for its queries; raise it when requests
   * queue for the pool (many technicians sending fixes), within PostgreSQL's max_connections.
   */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /** Where the embedded PostgreSQL keeps its data (git-ignored). */
  ARRIVO_DATA_DIR: z.string().min(1).default('.data/postgres'),
  ARRIVO_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** The elements to serve at /elements/*; default: the installed @arrivo/elements' cdn/ build. */
  ARRIVO_ELEMENTS_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The URL people use to reach this server (links in emails, OpenID Connect callbacks). */
  PUBLIC_URL: z.url().optional(),
  /** Signs sessions and tokens; required in production, at least 32 characters. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** e.g. smtp://user:pass@mail.example.com:587; without it emails go to the dev mailbox (not in production). */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('Arrivo <no-reply@arrivo.localhost>'),
  /** An external OpenID Connect provider for "Manage external authentication". */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default('your company account'),
  /**
   * Behind reverse proxies: how many there are (`1`, `2`…) or their addresses/CIDR ranges
   * (`10.0.0.0/8,::1`). The client address is then the right-most X-Forwarded-For hop that is
   * not one of them. Unset or `false`: the socket's peer address.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parsed = parseTrustProxy(value);
      if (typeof parsed !== 'string') return parsed;
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }),
  /** Run the job worker (event dispatch, emails) inside the server; false when `npm run worker` runs it. */
  JOBS_WORKER: z.stringbool().default(true),
  /** How often an idle job worker looks for work, in seconds. */
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  /** Redis for the live bus (pub/sub across server processes); makes `redis` the default LIVE_BUS. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  /**
   * How live updates reach streams on other server processes: `postgres` (LISTEN/NOTIFY),
   * `redis` (needs REDIS_URL), or `memory` (one process only). Default: redis with REDIS_URL, else postgres.
   */
  LIVE_BUS: z.enum(['memory', 'postgres', 'redis']).optional(),
  /** Seconds between heartbeats on open live streams (proxies close silent connections). */
  LIVE_HEARTBEAT_SECONDS: z.coerce.number().min(1).max(25).default(25),
  /** Seconds between access re-checks of open live streams (sign-out, roles, accounts, tracking links): the worst-case delay. */
  LIVE_RECHECK_SECONDS: z.coerce.number().min(1).max(300).default(30),
  /** Live streams one client address may open per minute (0: no limit, for load tests behind one address). */
  LIVE_OPENS_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  /** Live streams one session or tracking link may hold open at once (tabs); one more ends the oldest. */
  LIVE_STREAMS_PER_SESSION: z.coerce.number().int().min(1).max(1000).default(10),
  /** The plugin list (`export default { plugins: [...] }`); default `arrivo.config.ts` in the working folder, if there is one. */
  ARRIVO_CONFIG: z.string().min(1).optional(),
  /** How long one plugin call (a hook, a route handler) may take, in milliseconds, before it counts as failed. */
  PLUGIN_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(2000),
});

const DEV_SECRET = 'arrivo-development-secret-not-for-production-use';

const checkedEnvSchema = envSchema
  .refine((env) => env.NODE_ENV !== 'production' || env.AUTH_SECRET, {
    path: ['AUTH_SECRET'],
    message: 'is required when NODE_ENV=production',
  })
  // Invitations and reset links must reach people; the dev mailbox that keeps them otherwise
  // would hand them to anyone, so it does not exist in production.
  .refine((env) => env.NODE_ENV !== 'production' || env.SMTP_URL, {
    path: ['SMTP_URL'],
    message: 'is required when NODE_ENV=production (emails cannot be sent without it, and the dev mailbox is off in production)',
  })
  .refine((env) => [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length % 3 === 0, {
    path: ['OIDC_ISSUER'],
    message: 'OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: set all three or none',
  })
  .refine((env) => env.LIVE_BUS !== 'redis' || env.REDIS_URL, {
    path: ['LIVE_BUS'],
    message: 'LIVE_BUS=redis needs REDIS_URL',
  })
  .transform((env) => ({
    ...env,
    AUTH_SECRET: env.AUTH_SECRET ?? DEV_SECRET,
    LIVE_BUS: env.LIVE_BUS ?? (env.REDIS_URL ? ('redis' as const) : ('postgres' as const)),
  }));

export type Env = z.output<typeof checkedEnvSchema>;

export class EnvError extends Error {}

/** Parse `source` (default `process.env`); throw one readable message listing every bad variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const blankAsUnset = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = checkedEnvSchema.safeParse(blankAsUnset);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
}
