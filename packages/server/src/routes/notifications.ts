// Staff read the delivery log of customer notifications, resend a message, and switch message
// kinds on or off for their business.
import { createRoute, z } from '@hono/zod-openapi';
import { notificationLogEntrySchema, notificationLogQuerySchema, notificationPreviewQuerySchema, notificationPreviewSchema, notificationSettingsPatchSchema, notificationSettingsSchema } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { businessParams, errors, json, jsonBody, signedIn, withId } from '../http/openapi';
import { createRouter } from '../http/router';
import { previewSavedMessage } from '../services/notification-previews';
import { notificationLog, notificationSettings, resendNotification, updateNotificationSettings } from '../services/notifications';

const common = { tags: ['staff'], security: signedIn };
const path = (rest: string) => `/businesses/{business}/admin${rest}`;

const routes = {
  list: createRoute({
    ...common, method: 'get', path: path('/notifications'),
    summary: 'The delivery log: every message sent to customers, newest first, filtered by state, visit, recipient and date',
    request: { params: businessParams, query: notificationLogQuerySchema },
    responses: { 200: json(z.array(notificationLogEntrySchema), 'Messages'), ...errors(400, 401, 403) },
  }),
  resend: createRoute({
    ...common, method: 'post', path: path('/notifications/{notificationId}/resend'),
    summary: 'Send one logged booking message again, as it was written; attempts start over',
    request: { params: withId('notificationId') },
    responses: { 202: json(notificationLogEntrySchema, 'Queued again'), ...errors(400, 401, 403, 404) },
  }),
  preview: createRoute({
    ...common, method: 'get', path: path('/notifications/preview'),
    summary: 'One message as a customer would get it (subject, text, HTML, calendar file), for a sample visit, in a language, with the business\'s colours and wording',
    description: 'Any booking message, `invitation` or `password_reset`. To see a wording before saving it, `POST` the draft to the same path.',
    request: { params: businessParams, query: notificationPreviewQuerySchema },
    responses: { 200: json(notificationPreviewSchema, 'Rendered message'), ...errors(400, 401, 403) },
  }),
  getSettings: createRoute({
    ...common, method: 'get', path: path('/notification-settings'), summary: 'Which booking messages the business sends',
    request: { params: businessParams }, responses: { 200: json(notificationSettingsSchema, 'Switches'), ...errors(400, 401, 403) },
  }),
  updateSettings: createRoute({
    ...common, method: 'patch', path: path('/notification-settings'), summary: 'Switch booking messages on or off',
    description: 'Excluded accounts and service types must be the business\'s own (`404 not_found` otherwise); a list replaces the one before.',
    request: { params: businessParams, ...jsonBody(notificationSettingsPatchSchema) },
    responses: { 200: json(notificationSettingsSchema, 'Switches'), ...errors(400, 401, 403, 404) },
  }),
};

export function notificationRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'queue' | 'mailer' | 'publicUrl'>) {
  return createRouter(deps, 'staff')
    .openapi(routes.preview, async (c) => c.json(await previewSavedMessage(deps, c.get('business'), c.req.valid('query')), 200))
    .openapi(routes.list, async (c) => c.json(await notificationLog(deps, c.get('business'), c.req.valid('query')), 200))
    .openapi(routes.resend, async (c) => c.json(await resendNotification(deps, c.get('business'), c.req.valid('param').notificationId), 202));
}

/** The switches are the admins' (as the other business settings). */
export function notificationSettingsRoutes(deps: Pick<AppDeps, 'sql' | 'auth'>) {
  return createRouter(deps, 'admin')
    .openapi(routes.getSettings, async (c) => c.json(await notificationSettings(deps, c.get('business')), 200))
    .openapi(routes.updateSettings, async (c) => c.json(await updateNotificationSettings(deps, c.get('business'), c.req.valid('json')), 200));
}
