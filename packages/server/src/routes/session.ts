// Signing in and out, redeeming invitations, password reset and external sign-in.
import { createRoute, z } from '@hono/zod-openapi';
import {
  checkInvitationBodySchema,
  forgotPasswordBodySchema,
  invitationCheckSchema,
  httpUrlSchema,
  oidcExchangeBodySchema,
  redeemBodySchema,
  resetPasswordBodySchema,
  sessionSchema,
  signInBodySchema,
} from '@arrivo/core';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/app-env';
import { clientIp } from '../http/access';
import { businessParams, errors, json, jsonBody, noContent, signedIn } from '../http/openapi';
import { createRouter } from '../http/router';
import { signOut } from '../services/auth-calls';
import { completeExternalSignIn, exchangeExternalSignIn, FLOW_COOKIE, FLOW_TTL_SECONDS, startExternalSignIn } from '../services/external-sign-in';
import { checkInvitation, redeemInvitation } from '../services/invitations';
import { completePasswordReset, forgotPassword } from '../services/password-reset';
import { describeSession, signIn } from '../services/sessions';

const tags = ['access'];
const path = (rest = '') => `/businesses/{business}${rest}`;

const routes = {
  signIn: createRoute({
    method: 'post', path: path('/session'), tags,
    summary: 'Sign in with email and password; answers the bearer token for embedded elements',
    description: 'Also sets the session cookie for same-site pages. The same answer for an unknown email and a wrong password.',
    request: { params: businessParams, ...jsonBody(signInBodySchema) },
    responses: { 200: json(sessionSchema, 'Signed in'), ...errors(400, 401, 403, 404, 429) },
  }),
  current: createRoute({
    method: 'get', path: path('/session'), tags, security: signedIn,
    summary: 'Who is signed in, and their roles in this business',
    request: { params: businessParams },
    responses: { 200: json(sessionSchema, 'The session'), ...errors(401, 404) },
  }),
  signOut: createRoute({
    method: 'delete', path: path('/session'), tags, security: signedIn,
    summary: 'Sign out (ends the session behind the token or cookie)',
    request: { params: businessParams },
    responses: { 204: noContent, ...errors(401, 404) },
  }),
  checkInvitation: createRoute({
    method: 'post', path: path('/invitations/check'), tags,
    summary: 'Check an invitation code before choosing a password (counts against the redeem limit)',
    request: { params: businessParams, ...jsonBody(checkInvitationBodySchema) },
    responses: { 200: json(invitationCheckSchema, 'The code can be redeemed; the email it was sent to'), ...errors(400, 403, 404, 429) },
  }),
  redeem: createRoute({
    method: 'post', path: path('/invitations/redeem'), tags,
    summary: 'Redeem an invitation code: create the portal account and sign in',
    description: 'If the email already has an account (another business, or earlier), `password` must be its password.',
    request: { params: businessParams, ...jsonBody(redeemBodySchema) },
    responses: { 201: json(sessionSchema, 'Account created and signed in'), ...errors(400, 401, 403, 404, 429) },
  }),
  forgot: createRoute({
    method: 'post', path: path('/password/forgot'), tags,
    summary: 'Email a password reset link (same answer whether or not the email has an account)',
    description: 'The link opens `returnTo` with `#arrivo-reset=<token>`; `returnTo` must be on an allowed origin of the business.',
    request: { params: businessParams, ...jsonBody(forgotPasswordBodySchema) },
    responses: { 202: json(z.object({ ok: z.literal(true) }), 'If the email has an account here, a link is on its way'), ...errors(400, 404, 429) },
  }),
  reset: createRoute({
    method: 'post', path: path('/password/reset'), tags,
    summary: 'Set a new password with the token from the reset link (signs out every session)',
    request: { params: businessParams, ...jsonBody(resetPasswordBodySchema) },
    responses: { 204: noContent, ...errors(400, 404, 429) },
  }),
  externalStart: createRoute({
    method: 'get', path: path('/external-sign-in'), tags,
    summary: 'Start signing in with the external OpenID Connect provider (browser navigation)',
    description: 'Redirects to the provider. The browser comes back to `returnTo` with `#arrivo-auth=<code>` to exchange, or `#arrivo-error=<code>`.',
    request: { params: businessParams, query: z.object({ returnTo: httpUrlSchema }) },
    responses: { 302: { description: 'To the provider' }, ...errors(400, 404, 429) },
  }),
  externalComplete: createRoute({
    method: 'get', path: path('/external-sign-in/complete'), tags,
    summary: 'Where the provider round trip ends; redirects back to the page',
    description: 'Hands out a code only to the browser that started the flow (its flow cookie), for the session the provider round trip made.',
    request: { params: businessParams, query: z.object({ returnTo: httpUrlSchema, failed: z.literal('1').optional() }) },
    responses: { 302: { description: 'Back to the page' }, ...errors(400, 404) },
  }),
  externalExchange: createRoute({
    method: 'post', path: path('/external-sign-in/exchange'), tags,
    summary: 'Trade the one-time code from the fragment for a session',
    description: 'Only at the business, and from the origin of the page, the code was made for (the browser sends `Origin`).',
    request: { params: businessParams, ...jsonBody(oidcExchangeBodySchema) },
    responses: { 200: json(sessionSchema, 'Signed in'), ...errors(400, 403, 404, 429) },
  }),
};

const flowCookiePath = (slug: string) => `/api/businesses/${slug}/external-sign-in`;

function withCookies(c: Context<AppEnv>, setCookie: string[] = []) {
  for (const cookie of setCookie) c.header('Set-Cookie', cookie, { append: true });
}

/** The session of whoever is signed in here: any role. */
export function currentSessionRoutes(deps: AppDeps) {
  return createRouter(deps, 'signed-in')
    .openapi(routes.current, async (c) => c.json(await describeSession(deps, c.get('business'), c.get('user')), 200))
    .openapi(routes.signOut, async (c) => {
      withCookies(c, await signOut(deps.auth, c.req.raw.headers));
      return c.body(null, 204);
    });
}

/** Ways in, for people not signed in yet. */
export function sessionRoutes(deps: AppDeps) {
  return createRouter(deps, 'anyone')
    .openapi(routes.signIn, async (c) => {
      const { session, setCookie } = await signIn(deps, c.get('business'), c.req.valid('json'), {
        headers: c.req.raw.headers,
        ip: clientIp(c, deps.trustProxy),
      });
      withCookies(c, setCookie);
      return c.json(session, 200);
    })
    .openapi(routes.checkInvitation, async (c) =>
      c.json(await checkInvitation(deps, c.get('business'), c.req.valid('json').code, clientIp(c, deps.trustProxy)), 200),
    )
    .openapi(routes.redeem, async (c) => {
      const business = c.get('business');
      const created = await redeemInvitation(deps, business, c.req.valid('json'), {
        headers: c.req.raw.headers,
        ip: clientIp(c, deps.trustProxy),
      });
      withCookies(c, created.setCookie);
      return c.json(await describeSession(deps, business, created.user, created.token), 201);
    })
    .openapi(routes.forgot, async (c) => {
      await forgotPassword(deps, c.get('business'), c.req.valid('json'), clientIp(c, deps.trustProxy));
      return c.json({ ok: true as const }, 202);
    })
    .openapi(routes.reset, async (c) => {
      await completePasswordReset(deps, c.req.valid('json'), clientIp(c, deps.trustProxy));
      return c.body(null, 204);
    })
    .openapi(routes.externalStart, async (c) => {
      const business = c.get('business');
      const started = await startExternalSignIn(deps, business, c.req.valid('query').returnTo, clientIp(c, deps.trustProxy));
      withCookies(c, started.setCookie);
      // Binds the flow to this browser; Lax still sends it on the provider's top-level redirect back.
      setCookie(c, FLOW_COOKIE, started.flowId, {
        httpOnly: true,
        secure: deps.publicUrl.startsWith('https:'),
        sameSite: 'Lax',
        path: flowCookiePath(business.slug),
        maxAge: FLOW_TTL_SECONDS,
      });
      return c.redirect(started.url, 302);
    })
    .openapi(routes.externalComplete, async (c) => {
      const { returnTo, failed } = c.req.valid('query');
      const business = c.get('business');
      const flowId = getCookie(c, FLOW_COOKIE);
      deleteCookie(c, FLOW_COOKIE, { path: flowCookiePath(business.slug) });
      const headers = c.req.raw.headers;
      return c.redirect(await completeExternalSignIn(deps, business, { returnTo, failed: Boolean(failed), flowId, headers }), 302);
    })
    .openapi(routes.externalExchange, async (c) => {
      const request = { ip: clientIp(c, deps.trustProxy), origin: c.req.header('origin') };
      return c.json(await exchangeExternalSignIn(deps, c.get('business'), c.req.valid('json').code, request), 200);
    });
}
