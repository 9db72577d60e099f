// The few better-auth calls Arrivo makes, server-side, each returning plain values or throwing
// our AppError. better-auth's own HTTP routes are mounted only for the OpenID Connect redirects.
import { AppError } from '@arrivo/core';
import { isAPIError } from 'better-auth/api';
import type { Auth } from '../auth/auth';
import type { Sql } from '../db/client';
import { findSessionWithCustomer, findSessionWithTechnician, type SessionByToken, type TechnicianAccess } from '../db/queries/auth-sessions';
import type { CustomerIdentity } from '../db/queries/contacts';

export interface NewSession {
  token: string;
  userId: string;
  user: CurrentUser;
  /** Set-Cookie headers, so same-site pages can use the session cookie as well as the token. */
  setCookie?: string[];
}

export async function signInWithPassword(auth: Auth, email: string, password: string, headers: Headers): Promise<NewSession> {
  try {
    const { headers: out, response } = await auth.api.signInEmail({ body: { email, password, rememberMe: true }, headers, returnHeaders: true });
    return { token: response.token, userId: response.user.id, user: pickUser(response.user), setCookie: out.getSetCookie() };
  } catch (err) {
    if (isAPIError(err)) throw new AppError('invalid_credentials');
    throw err;
  }
}

export async function signUpWithPassword(auth: Auth, input: { email: string; password: string; name: string; headers: Headers }): Promise<NewSession> {
  const { headers: out, response } = await auth.api.signUpEmail({
    body: { email: input.email, password: input.password, name: input.name || input.email },
    headers: input.headers,
    returnHeaders: true,
  });
  if (!response.token) throw new AppError('internal', 'The account was created but no session was started.');
  return { token: response.token, userId: response.user.id, user: pickUser(response.user), setCookie: out.getSetCookie() };
}

const pickUser = (u: CurrentUser): CurrentUser => ({ id: u.id, email: u.email, name: u.name });

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
}

export interface CurrentSession {
  user: CurrentUser;
  sessionId: string;
  /** The business this session may act at; null for one not yet bound (external sign-in). */
  businessId: string | null;
  createdAt: Date;
}

/**
 * The session behind the request's bearer token or session cookie, if any.
 *
 * This runs on every signed-in request, so the common case skips better-auth's endpoint machinery
 * (three HMACs and a session lookup through its adapter): a raw bearer token — what sign-in hands
 * the elements — is looked up directly, one indexed query on every call, never cached, so a
 * signed-out or revoked session is refused at once by every instance. Anything else goes through
 * better-auth: cookies, signed `token.signature` bearers, and sessions that are expired (it deletes
 * them) or due for their sliding refresh (it extends them).
 */
export async function sessionFromRequest(auth: Auth, headers: Headers): Promise<CurrentSession | undefined>;
/**
 * With `customerOf`, a raw bearer token's lookup also reads, in the same round trip, the customer
 * the user is in that business (`customer`: null when none); on the other paths `customer` is left
 * out and the caller asks for it.
 */
export async function sessionFromRequest(
  auth: Auth,
  headers: Headers,
  customerOf: { sql: Sql; businessId: string },
): Promise<(CurrentSession & { customer?: CustomerIdentity | null }) | undefined>;
export async function sessionFromRequest(
  auth: Auth,
  headers: Headers,
  customerOf?: { sql: Sql; businessId: string },
): Promise<(CurrentSession & { customer?: CustomerIdentity | null }) | undefined> {
  return sessionWith(auth, headers, customerOf ? (token) => findSessionWithCustomer(customerOf.sql, token, customerOf.businessId) : undefined);
}

/**
 * The same for technician routes: a raw bearer token's lookup also reads the user's roles and
 * technician record in that business (`technicianAccess`); on the other paths it is left out and
 * the caller asks for them.
 */
export function technicianSessionFromRequest(
  auth: Auth,
  headers: Headers,
  of: { sql: Sql; businessId: string },
): Promise<(CurrentSession & { technicianAccess?: TechnicianAccess }) | undefined> {
  return sessionWith(auth, headers, (token) => findSessionWithTechnician(of.sql, token, of.businessId));
}

async function sessionWith<Extra extends object>(
  auth: Auth,
  headers: Headers,
  lookup: ((token: string) => Promise<(SessionByToken & Extra) | undefined>) | undefined,
): Promise<(CurrentSession & Partial<Extra>) | undefined> {
  const token = rawBearerToken(headers);
  if (token) {
    const { sessionConfig } = await auth.$context;
    const found = (lookup ? await lookup(token) : await auth.findSessionByToken(token)) as (SessionByToken & Partial<Extra>) | undefined;
    // Unknown: better-auth would put this token in place of any cookie and find nothing either.
    if (!found) return undefined;
    const expiresAt = found.expiresAt.getTime();
    const now = Date.now();
    const refreshDue = expiresAt - sessionConfig.expiresIn * 1000 + sessionConfig.updateAge * 1000 <= now;
    if (expiresAt > now && !refreshDue) {
      const { sessionId, businessId, createdAt, expiresAt: _, userId, email, name, ...extra } = found;
      return { user: { id: userId, email, name }, sessionId, businessId, createdAt, ...(extra as Partial<Extra>) };
    }
  }
  const found = await auth.api.getSession({ headers });
  if (!found) return undefined;
  const { session } = found;
  // Without the extra lookup's answer: the caller asks for it.
  const current: CurrentSession = { user: pickUser(found.user), sessionId: session.id, businessId: session.businessId ?? null, createdAt: new Date(session.createdAt) };
  return current as CurrentSession & Partial<Extra>;
}

/**
 * `Authorization: Bearer <token>` with an unsigned session token, as better-auth's bearer plugin
 * reads it (scheme case-insensitive, token trimmed). Signed or encoded tokens (a `.` or `%`) are
 * left to the plugin, which verifies the signature.
 */
function rawBearerToken(headers: Headers): string | undefined {
  const header = headers.get('authorization');
  if (!header || header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const token = header.slice(7).trim();
  return token && !/[.%]/.test(token) ? token : undefined;
}

/** A short-lived single-use code standing for the request's session (external sign-in hand-off). */
export async function oneTimeCodeForSession(auth: Auth, headers: Headers): Promise<string> {
  const { token } = await auth.api.generateOneTimeToken({ headers });
  return token;
}

/** Trade a one-time code for the session it stands for. */
export async function sessionFromOneTimeCode(auth: Auth, code: string): Promise<{ token: string; user: CurrentUser }> {
  try {
    const { session, user } = await auth.api.verifyOneTimeToken({ body: { token: code } });
    return { token: session.token, user: pickUser(user) };
  } catch (err) {
    if (isAPIError(err)) throw new AppError('external_sign_in_failed');
    throw err;
  }
}

/** The provider's authorization URL for an external sign-in, and the state cookies to set. */
export async function externalSignInUrl(
  auth: Auth,
  input: { provider: string; callbackURL: string; errorCallbackURL: string },
): Promise<{ url: string; setCookie: string[] }> {
  const { headers, response } = await auth.api.signInSocial({ body: { ...input, disableRedirect: true }, returnHeaders: true });
  if (!response.url) throw new AppError('external_sign_in_failed');
  return { url: response.url, setCookie: headers.getSetCookie() };
}

export async function signOut(auth: Auth, headers: Headers): Promise<string[]> {
  const { headers: out } = await auth.api.signOut({ headers, returnHeaders: true });
  return out.getSetCookie();
}

export async function requestPasswordReset(auth: Auth, email: string): Promise<void> {
  await auth.api.requestPasswordReset({ body: { email } });
}

export async function resetPassword(auth: Auth, token: string, password: string): Promise<void> {
  try {
    await auth.api.resetPassword({ body: { token, newPassword: password } });
  } catch (err) {
    if (isAPIError(err)) throw new AppError('reset_token_invalid');
    throw err;
  }
}
