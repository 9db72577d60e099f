import { AppError, type Session } from '@arrivo/core';
import { OIDC_PROVIDER_ID } from '../auth/auth';
import type { BusinessRow } from '../db/queries/businesses';
import type { AppDeps } from '../deps';
import { externalSignInUrl, oneTimeCodeForSession, sessionFromOneTimeCode, userFromRequest } from './auth-calls';
import { enforceRateLimits, RATE_RULES } from './rate-limit';
import { assertReturnToAllowed } from './return-to';
import { admitSession } from './sessions';

// The elements live on other sites and cannot share our cookies, so an external sign-in runs as
// a top-level round trip: start → provider → better-auth's callback (cookie on our origin) →
// complete, which hands the page a one-time code in the URL fragment → the element exchanges it.

type Deps = Pick<AppDeps, 'sql' | 'auth' | 'publicUrl' | 'externalProviderName'>;

function completeUrl(deps: Deps, business: BusinessRow, returnTo: string, failed: boolean): string {
  const query = new URLSearchParams({ returnTo, ...(failed ? { failed: '1' } : {}) });
  return `${deps.publicUrl}/api/businesses/${business.slug}/external-sign-in/complete?${query}`;
}

export async function startExternalSignIn(deps: Deps, business: BusinessRow, returnTo: string, ip: string) {
  if (!deps.externalProviderName) throw new AppError('not_found', 'External sign-in is not configured.');
  await assertReturnToAllowed(deps, business, returnTo);
  await enforceRateLimits(deps.sql, RATE_RULES.externalSignIn(ip));
  return externalSignInUrl(deps.auth, {
    provider: OIDC_PROVIDER_ID,
    callbackURL: completeUrl(deps, business, returnTo, false),
    errorCallbackURL: completeUrl(deps, business, returnTo, true),
  });
}

/** Where to send the browser back to: the page, with `#arrivo-auth=<code>` or `#arrivo-error=<code>`. */
export async function completeExternalSignIn(deps: Deps, business: BusinessRow, returnTo: string, failed: boolean, headers: Headers): Promise<string> {
  await assertReturnToAllowed(deps, business, returnTo);
  const page = returnTo.split('#')[0];
  const user = failed ? undefined : await userFromRequest(deps.auth, headers);
  if (!user) return `${page}#arrivo-error=external_sign_in_failed`;
  const code = await oneTimeCodeForSession(deps.auth, headers);
  return `${page}#arrivo-auth=${encodeURIComponent(code)}`;
}

export async function exchangeExternalSignIn(deps: Deps, business: BusinessRow, code: string): Promise<Session> {
  const { token, user } = await sessionFromOneTimeCode(deps.auth, code);
  return admitSession(deps, business, user, token);
}
