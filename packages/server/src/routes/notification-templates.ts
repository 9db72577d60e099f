// A business's own wording of its messages (per message and language), its colours, and previews
// of a draft wording before it is saved.
import { createRoute, z } from '@hono/zod-openapi';
import {
  brandingSchema,
  brandingSettingsPatchSchema,
  NOTIFICATION_PLACEHOLDERS,
  notificationDraftPreviewSchema,
  notificationPreviewSchema,
  notificationTemplateInputSchema,
  notificationTemplateParamsSchema,
  notificationTemplateSchema,
} from '@arrivo/core';
import type { AppDeps } from '../deps';
import { businessParams, errors, json, jsonBody, noContent, signedIn } from '../http/openapi';
import { createRouter } from '../http/router';
import { previewDraftMessage } from '../services/notification-previews';
import { brandingSettings, notificationTemplates, removeNotificationTemplate, saveNotificationTemplate } from '../services/notification-templates';

const common = { tags: ['staff'], security: signedIn };
const path = (rest: string) => `/businesses/{business}/admin${rest}`;
const templateParams = businessParams.extend(notificationTemplateParamsSchema.shape);
const PLACEHOLDERS_DOC =
  'Plain text with `{placeholders}` (`{{` and `}}` for a literal brace), rendered escaped; any placeholder the message does not offer is refused ' +
  '(`400 validation_failed`, an issue naming it). Links, codes and calendar files are always added by the layout. Placeholders: ' +
  Object.entries(NOTIFICATION_PLACEHOLDERS)
    .map(([message, names]) => `\`${message}\`: ${names.map((n) => `\`{${n}}\``).join(' ')}`)
    .join('; ') +
  '.';

const routes = {
  list: createRoute({
    ...common, method: 'get', path: path('/notification-templates'),
    summary: 'The business\'s wording overrides, per message and language',
    request: { params: businessParams },
    responses: { 200: json(z.array(notificationTemplateSchema), 'Overrides'), ...errors(400, 401, 403) },
  }),
  preview: createRoute({
    ...common, method: 'post', path: path('/notifications/preview'),
    summary: 'Render a message with a draft wording (not saved), the business\'s colours, for a sample visit',
    description: PLACEHOLDERS_DOC,
    request: { params: businessParams, ...jsonBody(notificationDraftPreviewSchema) },
    responses: { 200: json(notificationPreviewSchema, 'Rendered message'), ...errors(400, 401, 403) },
  }),
  save: createRoute({
    ...common, method: 'put', path: path('/notification-templates/{message}/{language}'),
    summary: 'Set the business\'s wording of one message in one language (subject, body or both; null keeps the built-in part)',
    description: PLACEHOLDERS_DOC,
    request: { params: templateParams, ...jsonBody(notificationTemplateInputSchema) },
    responses: { 200: json(notificationTemplateSchema, 'Saved'), ...errors(400, 401, 403) },
  }),
  remove: createRoute({
    ...common, method: 'delete', path: path('/notification-templates/{message}/{language}'),
    summary: 'Back to the built-in wording of one message in one language',
    request: { params: templateParams },
    responses: { 204: noContent, ...errors(400, 401, 403, 404) },
  }),
  getBranding: createRoute({
    ...common, method: 'get', path: path('/settings/branding'),
    summary: 'The colours of the business\'s emails (header and buttons), and the ones in effect',
    request: { params: businessParams },
    responses: { 200: json(brandingSchema, 'Colours'), ...errors(400, 401, 403) },
  }),
  updateBranding: createRoute({
    ...common, method: 'patch', path: path('/settings/branding'),
    summary: 'Change the colours of the business\'s emails',
    description: '`#rrggbb`; null for the default colour, or for white/black text (whichever contrasts more). A chosen text colour must reach 4.5:1 on the brand colour.',
    request: { params: businessParams, ...jsonBody(brandingSettingsPatchSchema) },
    responses: { 200: json(brandingSchema, 'Colours'), ...errors(400, 401, 403) },
  }),
};

/** Staff read the overrides and preview drafts (a preview changes nothing). */
export function notificationTemplateStaffRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'mailer' | 'publicUrl'>) {
  return createRouter(deps, 'staff')
    .openapi(routes.list, async (c) => c.json(await notificationTemplates(deps, c.get('business')), 200))
    .openapi(routes.preview, async (c) => c.json(await previewDraftMessage(deps, c.get('business'), c.req.valid('json')), 200));
}

/** Changing the wording and the colours is the admins' (as the other business settings). */
export function notificationTemplateAdminRoutes(deps: Pick<AppDeps, 'sql' | 'auth'>) {
  return createRouter(deps, 'admin')
    .openapi(routes.save, async (c) => c.json(await saveNotificationTemplate(deps, c.get('business'), c.get('user').id, c.req.valid('param'), c.req.valid('json')), 200))
    .openapi(routes.remove, async (c) => {
      await removeNotificationTemplate(deps, c.get('business'), c.req.valid('param'));
      return c.body(null, 204);
    })
    .openapi(routes.getBranding, async (c) => c.json(await brandingSettings.get(deps, c.get('business')), 200))
    .openapi(routes.updateBranding, async (c) => c.json(await brandingSettings.update(deps, c.get('business'), c.req.valid('json')), 200));
}
