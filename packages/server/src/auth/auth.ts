import { betterAuth, type BetterAuthOptions } from 'better-auth';
import { bearer } from 'better-auth/plugins/bearer';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { oneTimeToken } from 'better-auth/plugins/one-time-token';
import { Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import { OUTAGE_OPTIONS } from '../db/client';
import { findSessionByToken } from '../db/queries/auth-sessions';
import type { Logger } from '../log';
import { businessOfNewSession } from './session-business';

export const OIDC_PROVIDER_ID = 'oidc';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the sign-in button, e.g. "Contoso ID". */
  name: string;
}

export interface AuthConfig {
  /** PostgreSQL URL; better-auth gets its own small pool (it must not see our camelCase transform). */
  databaseUrl: string;
  secret: string;
  /** Origin + path prefix where this server is reached, e.g. https://book.example.com. */
  baseURL: string;
  oidc?: OidcConfig;
  log: Logger;
  /** Called by better-auth when a reset link must be sent; Arrivo decides which business sends it. */
  sendResetPassword: (data: { email: string; token: string }) => Promise<void>;
  /** Called by better-auth once a reset set the new password (before it signs the user out everywhere). */
  onPasswordReset?: (userId: string) => Promise<void>;
}

// better-auth's tables live in our own migrations (0002_auth.sql) under these names, with
// snake_case columns like the rest of the schema.
const TIMESTAMPS = { createdAt: 'created_at', updatedAt: 'updated_at' };
export const AUTH_SCHEMA = {
  user: { modelName: 'auth_user', fields: { emailVerified: 'email_verified', ...TIMESTAMPS } },
  session: {
    modelName: 'auth_session',
    fields: { expiresAt: 'expires_at', ipAddress: 'ip_address', userAgent: 'user_agent', userId: 'user_id', ...TIMESTAMPS },
    // The business the session may act at (0005_access_hardening.sql); never from a request body.
    additionalFields: { businessId: { type: 'string', fieldName: 'business_id', required: false, input: false } },
  },
  account: {
    modelName: 'auth_account',
    fields: {
      accountId: 'account_id',
      providerId: 'provider_id',
      userId: 'user_id',
      accessToken: 'access_token',
      refreshToken: 'refresh_token',
      idToken: 'id_token',
      accessTokenExpiresAt: 'access_token_expires_at',
      refreshTokenExpiresAt: 'refresh_token_expires_at',
      ...TIMESTAMPS,
    },
  },
  verification: { modelName: 'auth_verification', fields: { expiresAt: 'expires_at', ...TIMESTAMPS } },
} as const;

export function authOptions(config: AuthConfig, db: Kysely<unknown>) {
  return {
    appName: 'Arrivo',
    baseURL: config.baseURL,
    basePath: '/api/auth',
    secret: config.secret,
    database: { db, type: 'postgres' },
    telemetry: { enabled: false },
    // Our migrations own these tables (a test checks them against better-auth's planner), so no
    // introspection at start: it would race shutdown and costs a round trip per boot.
    advanced: { database: { validateSchema: false } },
    // Into our structured log, never with arguments (they may hold tokens).
    logger: { level: 'warn', log: (level, message) => config.log[level === 'debug' ? 'debug' : level]({ auth: true }, message) },
    ...AUTH_SCHEMA,
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 128,
      // Portal accounts are created only by redeeming an invitation (our route calls signUpEmail).
      autoSignIn: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: ({ user, token }) => config.sendResetPassword({ email: user.email, token }),
      onPasswordReset: async ({ user }) => config.onPasswordReset?.(user.id),
    },
    account: {
      ...AUTH_SCHEMA.account,
      // An external identity joins the portal user with the same verified email.
      accountLinking: { enabled: true, trustedProviders: [OIDC_PROVIDER_ID] },
    },
    // Our own routes do rate limiting (shared across instances through PostgreSQL).
    rateLimit: { enabled: false },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => ({ data: { ...session, businessId: businessOfNewSession() ?? null } }),
        },
      },
    },
    plugins: [
      bearer(),
      oneTimeToken({ expiresIn: 2 }),
      // Always installed (typed endpoints); without OIDC_* settings it knows no provider.
      genericOAuth({
        config: config.oidc
          ? [
              {
                providerId: OIDC_PROVIDER_ID,
                name: config.oidc.name,
                discoveryUrl: `${config.oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
                clientId: config.oidc.clientId,
                clientSecret: config.oidc.clientSecret,
                scopes: ['openid', 'email', 'profile'],
                pkce: true,
                requireIdTokenVerification: true,
                // Only people who already redeemed an invitation may sign in this way.
                disableImplicitSignUp: true,
              },
            ]
          : [],
      }),
    ],
  } satisfies BetterAuthOptions;
}

export function createAuth(config: AuthConfig) {
  const pool = postgres(config.databaseUrl, { max: 5, onnotice: () => {}, connection: { application_name: 'arrivo-auth' }, ...OUTAGE_OPTIONS });
  const db = new Kysely<unknown>({ dialect: new PostgresJSDialect({ postgres: pool }) });
  const auth = betterAuth(authOptions(config, db));
  return Object.assign(auth, {
    /** The session row behind a raw token, read on better-auth's own pool (see sessionFromRequest). */
    findSessionByToken: (token: string) => findSessionByToken(pool, token),
    async close() {
      await auth.$context.catch(() => undefined); // let start-up work finish before the pool goes
      await pool.end({ timeout: 5 });
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
