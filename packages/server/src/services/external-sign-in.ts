import { createHash, randomBytes } from 'node:crypto';
import { AppError, type Session } from '@arrivo/core';
import { OIDC_PROVIDER_ID } from '../auth/auth';
import type { BusinessRow } from '../db/queries/businesses';
import {
  bindSessionToBusiness,
  deleteSignInFlow,
  findOpenSignInFlow,
  insertSignInFlow,
  setSignInFlowCode,
  takeSignInFlowByCode,
} from '../db/queries/external-sign-in';
import type { AppDeps } from '../deps';
import { externalSignInUrl, oneTimeCodeForSession, sessionFromOneTimeCode, sessionFromRequest } from './auth-calls';
import { enforceRateLimits, RATE_RULES } from './rate-limit';
import { assertReturnToAllowed } from './return-to';
import { admitSession } from './sessions';

// The elements live on other sites and cannot share our cookies, so an external sign-in runs as
// a top-level round trip: start → provider → better-auth's callback (cookie on our origin) →
// complete, which hands the page a one-time code in the URL fragment → the element exchanges it.
//
// Only a flow this browser started may complete: start sets a random flow cookie (we keep its
// SHA-256 with the business and page), and complete mints a code only for the browser holding it,
// only for the fresh session the provider's callback made (sessions from our own sign-ins are
// already bound to a business and never qualify). The code is recorded against the flow, so the
// exchange accepts it only at that business and from that page's origin, once.

type Deps = Pick<AppDeps, 'sql' | 'auth' | 'publicUrl' | 'externalProviderName'>;

export const FLOW_COOKIE = 'arrivo_external_flow';
export const FLOW_TTL_SECONDS = 10 * 60;
const CODE_TTL_SECONDS = 2 * 60; // as better-auth's one-time token (auth.ts)

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
const failedAt = (returnTo: string) => `${returnTo.split('#')[0]}#arrivo-error=external_sign_in_failed`;

function completeUrl(deps: Deps, business: BusinessRow, returnTo: string, failed: boolean): string {
  const query = new URLSearchParams({ returnTo, ...(failed ? { failed: '1' } : {}) });
  return `${deps.publicUrl}/api/businesses/${business.slug}/external-sign-in/complete?${query}`;
}

/** The provider's URL, better-auth's state cookies, and the flow id for this browser's cookie. */
export async function startExternalSignIn(deps: Deps, business: BusinessRow, returnTo: string, ip: string) {
  if (!deps.externalProviderName) throw new AppError('not_found', 'External sign-in is not configured.');
  await assertReturnToAllowed(deps, business, returnTo);
  await enforceRateLimits(deps.sql, RATE_RULES.externalSignIn(ip));
  const flowId = randomBytes(32).toString('base64url');
  await insertSignInFlow(deps.sql, { idHash: sha256(flowId), businessId: business.id, returnTo, ttlSeconds: FLOW_TTL_SECONDS });
  const redirect = await externalSignInUrl(deps.auth, {
    provider: OIDC_PROVIDER_ID,
    callbackURL: completeUrl(deps, business, returnTo, false),
    errorCallbackURL: completeUrl(deps, business, returnTo, true),
  });
  return { ...redirect, flowId };
}

/** Where to send the browser back to: the page, with `#arrivo-auth=<code>` or `#arrivo-error=<code>`. */
export async function completeExternalSignIn(
  deps: Deps,
  business: BusinessRow,
  input: { returnTo: string; failed: boolean; flowId: string | undefined; headers: Headers },
): Promise<string> {
  await assertReturnToAllowed(deps, business, input.returnTo);
  const idHash = input.flowId ? sha256(input.flowId) : undefined;
  const flow = idHash ? await findOpenSignInFlow(deps.sql, idHash, business.id) : undefined;
  // No flow started by this browser here (a link someone else made): nothing to hand out.
  if (!idHash || !flow || flow.returnTo !== input.returnTo) return failedAt(input.returnTo);
  const session = input.failed ? undefined : await sessionFromRequest(deps.auth, input.headers);
  if (!session || session.businessId !== null || !(await bindSessionToBusiness(deps.sql, session.sessionId, business.id))) {
    await deleteSignInFlow(deps.sql, idHash);
    return failedAt(flow.returnTo);
  }
  const code = await oneTimeCodeForSession(deps.auth, input.headers);
  if (!(await setSignInFlowCode(deps.sql, idHash, sha256(code), CODE_TTL_SECONDS))) return failedAt(flow.returnTo);
  return `${flow.returnTo.split('#')[0]}#arrivo-auth=${encodeURIComponent(code)}`;
}

/** Trade the one-time code for the session, at the business and from the page origin it was made for. */
export async function exchangeExternalSignIn(deps: Deps, business: BusinessRow, code: string, request: { ip: string; origin: string | undefined }): Promise<Session> {
  await enforceRateLimits(deps.sql, RATE_RULES.externalExchange(request.ip));
  const flow = await takeSignInFlowByCode(deps.sql, sha256(code));
  if (!flow || flow.businessId !== business.id || request.origin !== new URL(flow.returnTo).origin) {
    throw new AppError('external_sign_in_failed');
  }
  const { token, user } = await sessionFromOneTimeCode(deps.auth, code);
  return admitSession(deps, business, user, token);
}
