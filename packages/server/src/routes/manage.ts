// "Manage your visit": what a manage link opens, without signing in. The token travels in the
// `X-Arrivo-Manage-Token` header; GETs only read, and every change is a POST (an email link
// scanner that follows or prefetches the link can never change a visit).
import { createRoute, z } from '@hono/zod-openapi';
import {
  cancelBodySchema,
  customerBookingSchema,
  MANAGE_TOKEN_HEADER,
  managedVisitSchema,
  manageSlotDaysQuerySchema,
  manageSlotsQuerySchema,
  rescheduleBodySchema,
  slotDaysSchema,
  slotsSchema,
  text,
} from '@arrivo/core';
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import { clientIp } from '../http/access';
import type { AppEnv } from '../http/app-env';
import { businessParams, errors, json, jsonBody } from '../http/openapi';
import { createRouter } from '../http/router';
import { requestLocale } from '../http/locale';
import { manageCancel, managedVisit, manageReschedule, manageSlotDays, manageSlots } from '../services/manage-links';

const B = '/businesses/{business}';
const headers = z.object({ [MANAGE_TOKEN_HEADER]: text.min(16).max(200) });
const common = { tags: ['public'] };
const about =
  'The token goes in the `X-Arrivo-Manage-Token` header, never in the URL. Unknown, revoked, past or another business’s tokens are all ' +
  '`404 manage_link_invalid`. Rate limited per client address.';

const routes = {
  visit: createRoute({
    ...common, method: 'get', path: `${B}/manage`,
    summary: 'The visit a “Manage your visit” link opens, without signing in; what may be done with it now is in `actions`',
    description: `${about} Reads only: opening the link changes nothing.`,
    request: { params: businessParams, headers },
    responses: { 200: json(managedVisitSchema, 'The visit'), ...errors(400, 404, 429) },
  }),
  slotDays: createRoute({
    ...common, method: 'get', path: `${B}/manage/slot-days`, summary: 'Days with free times for moving the visit (its own service type and product)',
    description: about,
    request: { params: businessParams, headers, query: manageSlotDaysQuerySchema },
    responses: { 200: json(slotDaysSchema, 'Days with free times'), ...errors(400, 404, 429, 503) },
  }),
  slots: createRoute({
    ...common, method: 'get', path: `${B}/manage/slots`, summary: 'Free arrival times on one day for moving the visit',
    description: about,
    request: { params: businessParams, headers, query: manageSlotsQuerySchema },
    responses: { 200: json(slotsSchema, 'Free times'), ...errors(400, 404, 429, 503) },
  }),
  reschedule: createRoute({
    ...common, method: 'post', path: `${B}/manage/reschedule`, summary: 'Move the visit to another free time, under the same rules as the signed-in customer’s Modify',
    description: `${about} Refused like Modify: \`409 booking_not_changeable\`, \`409 change_window_closed\` (the business’s cut-off), \`409 slot_taken\` with alternatives.`,
    request: { params: businessParams, headers, ...jsonBody(rescheduleBodySchema) },
    responses: { 200: json(customerBookingSchema, 'Moved'), ...errors(400, 404, 409, 422, 429, 503) },
  }),
  cancel: createRoute({
    ...common, method: 'post', path: `${B}/manage/cancel`, summary: 'Cancel the visit, with a reason, under the same rules as the signed-in customer’s Cancel',
    description: `${about} Refused like Cancel: \`409 booking_not_changeable\`, \`409 change_window_closed\`.`,
    request: { params: businessParams, headers, ...jsonBody(cancelBodySchema) },
    responses: { 200: json(customerBookingSchema, 'Canceled'), ...errors(400, 404, 409, 429) },
  }),
};

export function manageRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'trustProxy' | 'scheduleCache' | 'events' | 'secrets' | 'plugins'>) {
  const link = (c: Context<AppEnv>) => {
    // Answers about one person's visit: never kept by a shared cache.
    c.header('Cache-Control', 'no-store');
    return [c.get('business'), c.req.header(MANAGE_TOKEN_HEADER)!, clientIp(c, deps.trustProxy)] as const;
  };
  return createRouter(deps, 'anyone')
    .openapi(routes.visit, async (c) => c.json(await managedVisit(deps, ...link(c)), 200))
    .openapi(routes.slotDays, async (c) => c.json(await manageSlotDays(deps, ...link(c), c.req.valid('query')), 200))
    .openapi(routes.slots, async (c) => c.json(await manageSlots(deps, ...link(c), c.req.valid('query')), 200))
    .openapi(routes.reschedule, async (c) => c.json(await manageReschedule(deps, ...link(c), c.req.valid('json').arrivalAt, requestLocale(c.req.header('accept-language'))), 200))
    .openapi(routes.cancel, async (c) => c.json(await manageCancel(deps, ...link(c), c.req.valid('json').reason, requestLocale(c.req.header('accept-language'))), 200));
}
