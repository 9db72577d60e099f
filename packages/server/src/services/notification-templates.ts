// A business's own wording of its messages (per message and language) and its colours: what staff
// change, and the brand every message is rendered with.
import {
  AppError,
  brandColors,
  contrastRatio,
  DEFAULT_BRAND_COLOR,
  MIN_BRAND_CONTRAST,
  NOTIFICATION_PLACEHOLDERS,
  unknownPlaceholders,
  type Branding,
  type BrandingSettings,
  type ErrorIssue,
  type NotificationLanguage,
  type NotificationTemplate,
  type NotificationTemplateInput,
  type NotificationTemplateMessage,
} from '@arrivo/core';
import type { Sql, Tx } from '../db/client';
import type { BusinessRow } from '../db/queries/businesses';
import {
  deleteNotificationTemplate,
  getBrandingSettings,
  listNotificationTemplates,
  updateBrandingSettings,
  upsertNotificationTemplate,
  type NotificationTemplateRow,
} from '../db/queries/notification-templates';
import type { BusinessBrand } from '../email/templates';
import type { Wording } from '../email/layout';
import { notFound } from './not-found';

type Deps = { sql: Sql };

const templateOf = (r: NotificationTemplateRow): NotificationTemplate => ({
  message: r.message as NotificationTemplateMessage,
  language: r.language as NotificationLanguage,
  subject: r.subject,
  body: r.body,
  placeholders: [...NOTIFICATION_PLACEHOLDERS[r.message as NotificationTemplateMessage]],
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * Refuse placeholders the message does not offer (400 `validation_failed`, one issue per part,
 * naming them): a typo would otherwise reach customers as an empty gap.
 */
export function checkPlaceholders(message: NotificationTemplateMessage, parts: { subject: string | null; body: string | null }, at = 'json'): void {
  const issues: ErrorIssue[] = [];
  const unknownAll: string[] = [];
  for (const key of ['subject', 'body'] as const) {
    const value = parts[key];
    const unknown = value ? unknownPlaceholders(message, value) : [];
    if (!unknown.length) continue;
    unknownAll.push(...unknown);
    const offered = NOTIFICATION_PLACEHOLDERS[message].map((p) => `{${p}}`).join(', ');
    issues.push({ path: [at, key], message: `unknown placeholders ${unknown.join(', ')}; the ${message} message offers ${offered}` });
  }
  if (issues.length) throw new AppError('validation_failed', `The wording uses placeholders the ${message} message does not offer: ${[...new Set(unknownAll)].join(', ')}.`, { issues });
}

export async function notificationTemplates(deps: Deps, business: BusinessRow): Promise<NotificationTemplate[]> {
  return (await listNotificationTemplates(deps.sql, business.id)).map(templateOf);
}

export async function saveNotificationTemplate(
  deps: Deps,
  business: BusinessRow,
  userId: string,
  key: { message: NotificationTemplateMessage; language: NotificationLanguage },
  input: NotificationTemplateInput,
): Promise<NotificationTemplate> {
  checkPlaceholders(key.message, input);
  return templateOf(await upsertNotificationTemplate(deps.sql, { businessId: business.id, ...key, subject: input.subject, body: input.body, userId }));
}

/** Back to the built-in wording; 404 when the message had no override in that language. */
export async function removeNotificationTemplate(deps: Deps, business: BusinessRow, key: { message: NotificationTemplateMessage; language: NotificationLanguage }): Promise<void> {
  if (!(await deleteNotificationTemplate(deps.sql, business.id, key.message, key.language))) throw notFound('wording override');
}

// ───── colours ─────

const brandingOf = (s: BrandingSettings): Branding => ({ ...s, effective: brandColors(s) });

export const brandingSettings = {
  get: async (deps: Deps, business: BusinessRow): Promise<Branding> => brandingOf(await getBrandingSettings(deps.sql, business.id)),
  /** A text colour must stay readable on the brand colour (4.5:1), whichever of the two changes. */
  async update(deps: Deps, business: BusinessRow, patch: Partial<BrandingSettings>): Promise<Branding> {
    return deps.sql.begin(async (tx) => {
      const next = { ...(await getBrandingSettings(tx, business.id)), ...patch };
      if (next.brandTextColor !== null) {
        const ratio = contrastRatio(next.brandColor ?? DEFAULT_BRAND_COLOR, next.brandTextColor);
        if (ratio < MIN_BRAND_CONTRAST) {
          const field = patch.brandTextColor !== undefined ? 'brandTextColor' : 'brandColor';
          const message = `text ${next.brandTextColor} on ${next.brandColor ?? DEFAULT_BRAND_COLOR} has a contrast of ${ratio.toFixed(2)}:1; at least ${MIN_BRAND_CONTRAST}:1 is needed (or null for white or black, whichever reads better)`;
          throw new AppError('validation_failed', `The colours do not contrast enough: ${message}.`, { issues: [{ path: ['json', field], message }] });
        }
      }
      await updateBrandingSettings(tx, business.id, next);
      return brandingOf(next);
    });
  },
};

// ───── the brand messages are rendered with ─────

/**
 * The business as its messages show it in `language`: name, phone, colours and its wording
 * overrides; `draft` stands in for the saved wording of its message (a preview before saving).
 */
export async function businessBrand(
  sql: Sql | Tx,
  business: Pick<BusinessRow, 'id' | 'name' | 'phone'>,
  language: NotificationLanguage,
  draft?: { message: NotificationTemplateMessage } & Wording,
): Promise<BusinessBrand> {
  const settings = await getBrandingSettings(sql, business.id);
  const rows = await listNotificationTemplates(sql, business.id, language);
  const wording: Partial<Record<NotificationTemplateMessage, Wording>> = {};
  for (const r of rows) wording[r.message as NotificationTemplateMessage] = { subject: r.subject, body: r.body };
  if (draft) wording[draft.message] = { subject: draft.subject, body: draft.body };
  return { name: business.name, phone: business.phone, colors: brandColors(settings), wording };
}
