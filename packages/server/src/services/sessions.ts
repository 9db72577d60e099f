import { AppError, type Role, type Session } from '@arrivo/core';
import type { BusinessRow } from '../db/queries/businesses';
import type { AppDeps } from '../deps';
import { startingSessionsAt } from '../auth/session-business';
import { customerIdentity, rolesInBusiness } from './access';
import { signInWithPassword, signOut, type CurrentUser } from './auth-calls';
import { countFailure, enforceRateLimits, RATE_RULES, signInSlowDown, slowDown } from './rate-limit';

type Deps = Pick<AppDeps, 'sql' | 'auth'>;

/** The user as this business sees them: roles and, for customers, the first-run profile state. */
export async function describeSession(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, user: CurrentUser, token?: string): Promise<Session> {
  const roles = await rolesInBusiness(deps.sql, business.id, user.id);
  const identity = roles.includes('customer') ? await customerIdentity(deps.sql, business.id, user.id) : undefined;
  return { ...(token ? { token } : {}), user, roles, profileCompleted: identity ? identity.profileCompleted : null };
}

/** Why this user may not sign in here, if they may not. */
async function refusal(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, userId: string, roles: Role[]): Promise<AppError | undefined> {
  if (!roles.length) return new AppError('not_a_customer');
  if (roles.some((r) => r !== 'customer')) return undefined; // staff
  const identity = await customerIdentity(deps.sql, business.id, userId);
  if (!identity) return new AppError('not_a_customer');
  if (!identity.accountActive) return new AppError('account_inactive');
  return undefined;
}

export async function signIn(
  deps: Deps,
  business: BusinessRow,
  credentials: { email: string; password: string },
  request: { headers: Headers; ip: string },
): Promise<{ session: Session; setCookie: string[] }> {
  await enforceRateLimits(deps.sql, RATE_RULES.signIn(request.ip, credentials.email));
  const slow = signInSlowDown(credentials.email);
  await slowDown(deps.sql, slow);
  const created = await startingSessionsAt(business.id, () =>
    signInWithPassword(deps.auth, credentials.email, credentials.password, request.headers),
  ).catch(async (err: unknown) => {
    if (err instanceof AppError && err.code === 'invalid_credentials') await countFailure(deps.sql, slow);
    throw err;
  });
  const roles = await rolesInBusiness(deps.sql, business.id, created.userId);
  const refused = await refusal(deps, business, created.userId, roles);
  if (refused) {
    await signOut(deps.auth, new Headers({ authorization: `Bearer ${created.token}` }));
    throw refused;
  }
  return { session: await describeSession(deps, business, created.user, created.token), setCookie: created.setCookie ?? [] };
}

/** Check a session obtained elsewhere (external sign-in) the same way as a password sign-in. */
export async function admitSession(deps: Deps, business: BusinessRow, user: CurrentUser, token: string): Promise<Session> {
  const roles = await rolesInBusiness(deps.sql, business.id, user.id);
  const refused = await refusal(deps, business, user.id, roles);
  if (refused) {
    await signOut(deps.auth, new Headers({ authorization: `Bearer ${token}` }));
    throw refused;
  }
  return describeSession(deps, business, user, token);
}
