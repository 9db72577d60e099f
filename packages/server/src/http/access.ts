import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { AppError, slugSchema, STAFF_ROLES, type Role } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { customerIdentity, rolesInBusiness, technicianOfUser } from '../services/access';
import { sessionFromRequest, technicianSessionFromRequest, type CurrentSession } from '../services/auth-calls';
import type { AppEnv } from './app-env';
import { clientAddress, type TrustProxy } from './client-address';

type Handler = MiddlewareHandler<AppEnv>;

/** Resolve `{business}` in the path; an unknown slug is a 404 before anything else runs. */
export function businessScope(deps: Pick<AppDeps, 'sql' | 'businesses'>): Handler {
  return async (c, next) => {
    const slug = c.req.param('business') ?? '';
    const business = slugSchema.safeParse(slug).success ? await deps.businesses.find(deps.sql, slug) : undefined;
    if (!business) throw new AppError('not_found', `No business is called "${slug}".`);
    c.set('business', business);
    await next();
  };
}

/**
 * A signed-in user, by bearer token (embedded elements) or session cookie (same-site pages),
 * whose session was started at this business: a token from business Y's elements never acts at X,
 * even for someone who is a customer of both (Y's page could otherwise read X's data).
 */
export function authenticated(deps: Pick<AppDeps, 'auth'>): Handler {
  return async (c, next) => {
    const session = await sessionFromRequest(deps.auth, c.req.raw.headers);
    signedInHere(c, session);
    await next();
  };
}

function signedInHere(c: Parameters<Handler>[0], session: CurrentSession | undefined): asserts session is CurrentSession {
  if (!session) throw new AppError('unauthenticated');
  if (session.businessId !== c.get('business').id) {
    throw new AppError('unauthenticated', 'This sign-in was made for another business. Sign in here to continue.');
  }
  c.set('user', session.user);
}

/** The signed-in user must hold one of `roles` in this business. */
export function requireRoles(deps: Pick<AppDeps, 'sql'>, roles: readonly Role[]): Handler {
  return async (c, next) => {
    const held = await rolesInBusiness(deps.sql, c.get('business').id, c.get('user').id);
    if (!held.some((r) => roles.includes(r))) throw new AppError('forbidden');
    c.set('roles', held);
    await next();
  };
}

/**
 * A signed-in customer (contact with the customer role) of an active account. The customer routes
 * are the busiest (slots): a bearer token's session and the customer are read in one round trip.
 */
export function authenticatedCustomer(deps: Pick<AppDeps, 'auth' | 'sql'>): Handler {
  return async (c, next) => {
    const businessId = c.get('business').id;
    const session = await sessionFromRequest(deps.auth, c.req.raw.headers, { sql: deps.sql, businessId });
    signedInHere(c, session);
    const identity = session.customer !== undefined ? session.customer : await customerIdentity(deps.sql, businessId, session.user.id);
    if (!identity) throw new AppError('not_a_customer');
    if (!identity.accountActive) throw new AppError('account_inactive');
    c.set('customer', identity);
    await next();
  };
}

/**
 * A signed-in technician (the technician role) acting for their own technician record (resource) in
 * this business: every technician route acts for that record only. A technician whose account is
 * not linked to one is refused. A location fix comes every few seconds from every technician on the
 * road: a bearer token's session, roles and technician record are read in one round trip.
 */
export function authenticatedTechnician(deps: Pick<AppDeps, 'auth' | 'sql'>): Handler {
  return async (c, next) => {
    const businessId = c.get('business').id;
    const session = await technicianSessionFromRequest(deps.auth, c.req.raw.headers, { sql: deps.sql, businessId });
    signedInHere(c, session);
    const access = session.technicianAccess;
    const held = access ? access.roles : await rolesInBusiness(deps.sql, businessId, session.user.id);
    if (!held.includes('technician')) throw new AppError('forbidden');
    c.set('roles', held);
    const technician = access ? (access.technician ?? undefined) : await technicianOfUser(deps.sql, businessId, session.user.id);
    if (!technician) throw new AppError('forbidden', 'Your account is not linked to a technician here. Ask a dispatcher to link it.');
    c.set('technician', technician);
    await next();
  };
}

/** The client's address, for rate limits: the socket's peer, or the right-most untrusted X-Forwarded-For hop. */
export function clientIp(c: Parameters<Handler>[0], trustProxy: TrustProxy): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    // Not served by @hono/node-server (app.request in a unit test): no socket to read.
  }
  return clientAddress(peer, c.req.header('x-forwarded-for'), trustProxy);
}

/**
 * Who a sub-app serves. `anyone`: no sign-in (sign-in itself, invitations, the public business);
 * `signed-in`: any user signed in at this business; `customer`: a customer of an active account;
 * `staff`: admins and dispatchers; `admin`: admins only; `technician`: technicians linked to a
 * technician record here (which the route then acts for).
 */
export type Audience = 'anyone' | 'signed-in' | 'customer' | 'staff' | 'admin' | 'technician';

/** The middleware that lets only `audience` through, in order. */
export function guardFor(deps: Pick<AppDeps, 'auth' | 'sql'>, audience: Audience): Handler[] {
  switch (audience) {
    case 'anyone':
      return [];
    case 'signed-in':
      return [authenticated(deps)];
    case 'customer':
      return [authenticatedCustomer(deps)];
    case 'staff':
      return [authenticated(deps), requireRoles(deps, STAFF_ROLES)];
    case 'admin':
      return [authenticated(deps), requireRoles(deps, ['admin'])];
    case 'technician':
      return [authenticatedTechnician(deps)];
  }
}
