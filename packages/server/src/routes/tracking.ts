// Live tracking over HTTP: the technician app's API, what a customer's live map reads (signed in,
// or through a tracking link), and staff's handling of tracking links.
import { createRoute, z } from '@hono/zod-openapi';
import {
  liveTravelsSchema,
  locationAcceptedSchema,
  locationBatchSchema,
  statusChangeBodySchema,
  technicianVisitSchema,
  technicianVisitsQuerySchema,
  technicianVisitsSchema,
  text,
  trackingLinkActionSchema,
  trackingLinkSchema,
  trackingViewSchema,
} from '@arrivo/core';
import type { AppDeps } from '../deps';
import { clientIp } from '../http/access';
import { businessParams, errors, json, jsonBody, signedIn, withId } from '../http/openapi';
import { createRouter } from '../http/router';
import { changeTechnicianVisitStatus, customerTracking, linkTracking, liveTravels, recordLocations, technicianVisit, technicianVisits } from '../services/tracking';
import { changeTrackingLink, createTrackingLink, getTrackingLink, TRACKING_TOKEN_HEADER } from '../services/tracking-links';

const B = '/businesses/{business}';

const technician = { tags: ['technician'], security: signedIn };
const technicianRoutesDef = {
  visits: createRoute({
    ...technician, method: 'get', path: `${B}/technician/visits`,
    summary: 'The signed-in technician’s own visits, by arrival (today in the business’s zone and the next 6 days unless asked)',
    description: '`from` is a date (YYYY-MM-DD), `days` 1–31 (7 by default). Canceled visits of earlier days are left out.',
    request: { params: businessParams, query: technicianVisitsQuerySchema },
    responses: { 200: json(technicianVisitsSchema, 'Visits'), ...errors(400, 401, 403, 404) },
  }),
  visit: createRoute({
    ...technician, method: 'get', path: `${B}/technician/visits/{bookingId}`, summary: 'One of the technician’s own visits',
    request: { params: withId('bookingId') },
    responses: { 200: json(technicianVisitSchema, 'Visit'), ...errors(400, 401, 403, 404) },
  }),
  status: createRoute({
    ...technician, method: 'post', path: `${B}/technician/visits/{bookingId}/status`,
    summary: 'Start traveling, start work, complete — or cancel with a reason while the status machine allows it',
    description: 'Through the same status machine as staff use. A move it does not allow is `409 status_transition_not_allowed`.',
    request: { params: withId('bookingId'), ...jsonBody(statusChangeBodySchema) },
    responses: { 200: json(technicianVisitSchema, 'The visit, moved'), ...errors(400, 401, 403, 404, 409, 422, 503) },
  }),
  locations: createRoute({
    ...technician, method: 'post', path: `${B}/technician/visits/{bookingId}/locations`,
    summary: 'Share location fixes (oldest first) while the visit is Traveling',
    description:
      'Refused with `409 not_traveling` unless the visit is Traveling. A fix from the future or older than 10 minutes refuses the batch (`400 validation_failed`, ' +
      'an issue per fix). Fixes not newer than the latest stored one are skipped (`accepted` counts the rest). At most 30 requests a minute per technician (`429 rate_limited`).',
    request: { params: withId('bookingId'), ...jsonBody(locationBatchSchema) },
    responses: { 200: json(locationAcceptedSchema, 'Stored; the ETA from the latest fix'), ...errors(400, 401, 403, 404, 409, 429) },
  }),
};

/** The technician app's API: a technician acts only for the technician record linked to their account. */
export function technicianRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'events' | 'secrets' | 'live' | 'log' | 'plugins'>) {
  return createRouter(deps, 'technician')
    .openapi(technicianRoutesDef.visits, async (c) => c.json(await technicianVisits(deps, c.get('business'), c.get('technician'), c.req.valid('query')), 200))
    .openapi(technicianRoutesDef.visit, async (c) => c.json(await technicianVisit(deps, c.get('business'), c.get('technician'), c.req.valid('param').bookingId), 200))
    .openapi(technicianRoutesDef.status, async (c) =>
      c.json(await changeTechnicianVisitStatus(deps, c.get('business'), c.get('technician'), c.get('user').id, c.req.valid('param').bookingId, c.req.valid('json')), 200),
    )
    .openapi(technicianRoutesDef.locations, async (c) =>
      c.json(await recordLocations(deps, c.get('business'), c.get('technician'), c.req.valid('param').bookingId, c.req.valid('json')), 200),
    );
}

const customerTrackingRoute = createRoute({
  tags: ['customer'], security: signedIn, method: 'get', path: `${B}/me/bookings/{bookingId}/tracking`,
  summary: 'The live map of one of the account’s visits: position, trail and ETA while it is Traveling',
  description: '`position`, `eta` are null and `trail` empty unless the visit is Traveling. Another account’s visit is `404`.',
  request: { params: withId('bookingId') },
  responses: { 200: json(trackingViewSchema, 'Tracking view'), ...errors(400, 401, 403, 404) },
});

export function customerTrackingRoutes(deps: Pick<AppDeps, 'sql' | 'auth'>) {
  return createRouter(deps, 'customer').openapi(customerTrackingRoute, async (c) =>
    c.json(await customerTracking(deps, c.get('business'), c.get('customer').accountId, c.req.valid('param').bookingId), 200),
  );
}

const linkRoute = createRoute({
  tags: ['public'], method: 'get', path: `${B}/tracking`,
  summary: 'The live map a tracking link opens, without signing in',
  description:
    'The token goes in the `X-Arrivo-Tracking-Token` header, never in the URL. Unknown, expired, blocked or another business’s tokens are all ' +
    '`404 tracking_link_invalid`. Rate limited per client address.',
  request: { params: businessParams, headers: z.object({ [TRACKING_TOKEN_HEADER]: text.min(16).max(200) }) },
  responses: { 200: json(trackingViewSchema, 'Tracking view'), ...errors(400, 404, 429) },
});

export function trackingLinkPublicRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'trustProxy'>) {
  return createRouter(deps, 'anyone').openapi(linkRoute, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await linkTracking(deps, c.get('business'), c.req.valid('header')[TRACKING_TOKEN_HEADER], clientIp(c, deps.trustProxy)), 200);
  });
}

const staff = { tags: ['staff'], security: signedIn };
const staffLinkPath = `${B}/admin/bookings/{bookingId}/tracking-link`;
const staffLinkRoutes = {
  get: createRoute({
    ...staff, method: 'get', path: staffLinkPath, summary: 'The visit’s tracking link: active, expired or blocked, and until when (never its URL)',
    request: { params: withId('bookingId') }, responses: { 200: json(trackingLinkSchema, 'Tracking link'), ...errors(400, 401, 403, 404) },
  }),
  create: createRoute({
    ...staff, method: 'post', path: staffLinkPath, summary: 'A new tracking link for the visit, replacing the old one; its URL is in this answer only',
    request: { params: withId('bookingId') }, responses: { 200: json(trackingLinkSchema, 'New link, with its URL'), ...errors(400, 401, 403, 404, 409) },
  }),
  change: createRoute({
    ...staff, method: 'patch', path: staffLinkPath, summary: 'Extend the link by some minutes, expire it now, or block it',
    request: { params: withId('bookingId'), ...jsonBody(trackingLinkActionSchema) },
    responses: { 200: json(trackingLinkSchema, 'Tracking link'), ...errors(400, 401, 403, 404, 409) },
  }),
  live: createRoute({
    ...staff, method: 'get', path: '/businesses/{business}/admin/tracking/live',
    summary: 'The live map of traveling technicians: every Traveling visit, its technician’s latest position and the ETA',
    description: 'Staff hear each new position as `tracking.position` (and status changes as `booking.status`) on the live stream.',
    request: { params: businessParams }, responses: { 200: json(liveTravelsSchema, 'Visits on the way'), ...errors(400, 401, 403, 404) },
  }),
};

export function staffTrackingRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'publicUrl'>) {
  return createRouter(deps, 'staff')
    .openapi(staffLinkRoutes.get, async (c) => c.json(await getTrackingLink(deps, c.get('business'), c.req.valid('param').bookingId), 200))
    .openapi(staffLinkRoutes.create, async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await createTrackingLink(deps, c.get('business'), c.req.valid('param').bookingId, c.get('user').id), 200);
    })
    .openapi(staffLinkRoutes.change, async (c) => c.json(await changeTrackingLink(deps, c.get('business'), c.req.valid('param').bookingId, c.req.valid('json')), 200))
    .openapi(staffLinkRoutes.live, async (c) => c.json(await liveTravels(deps, c.get('business')), 200));
}
