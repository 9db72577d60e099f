// Staff previews of any message — booking messages and account emails — as a customer would get
// it, with the business's colours and wording; or with a draft wording that is not saved yet.
import { NOTIFICATION_MESSAGES, type NotificationDraftPreview, type NotificationLanguage, type NotificationMessage, type NotificationPreview, type NotificationTemplateMessage } from '@arrivo/core';
import type { BusinessRow } from '../db/queries/businesses';
import { getAccessSettings } from '../db/queries/settings';
import type { AppDeps } from '../deps';
import type { Wording } from '../email/layout';
import { invitationEmail, passwordResetEmail, type BusinessBrand } from '../email/templates';
import { portalUrlOf } from './invitations';
import { businessBrand, checkPlaceholders } from './notification-templates';
import { previewNotification } from './notifications';

type Deps = Pick<AppDeps, 'sql' | 'mailer' | 'publicUrl'>;

const isBookingMessage = (m: NotificationTemplateMessage): m is NotificationMessage => (NOTIFICATION_MESSAGES as readonly string[]).includes(m);

async function render(deps: Deps, business: BusinessRow, message: NotificationTemplateMessage, language: NotificationLanguage, brand: BusinessBrand): Promise<NotificationPreview> {
  if (isBookingMessage(message)) return previewNotification(deps, business, { message, language }, brand);
  const access = await getAccessSettings(deps.sql, business.id);
  const portalUrl = portalUrlOf(access.portalUrl, deps.publicUrl);
  const m =
    message === 'invitation'
      ? invitationEmail({
          to: 'customer@example.com',
          firstName: 'Alex',
          business: brand,
          code: 'SAMPLE-CODE',
          portalUrl,
          expiresAt: new Date(Date.now() + access.invitationTtlHours * 3_600_000),
          timeZone: business.timeZone,
          language,
        })
      : passwordResetEmail({ to: 'customer@example.com', business: brand, link: `${portalUrl.split('#')[0]}#arrivo-reset=sample`, language });
  return { subject: m.subject, text: m.text, html: m.html ?? '', calendar: null };
}

/** A message with the business's saved wording and colours. */
export async function previewSavedMessage(deps: Deps, business: BusinessRow, q: { message: NotificationTemplateMessage; language: NotificationLanguage }): Promise<NotificationPreview> {
  return render(deps, business, q.message, q.language, await businessBrand(deps.sql, business, q.language));
}

/** A message with a draft wording in place of the saved one (null parts: the built-in wording); nothing is saved. */
export async function previewDraftMessage(deps: Deps, business: BusinessRow, draft: NotificationDraftPreview): Promise<NotificationPreview> {
  const wording: Wording = { subject: draft.subject, body: draft.body };
  checkPlaceholders(draft.message, wording);
  return render(deps, business, draft.message, draft.language, await businessBrand(deps.sql, business, draft.language, { message: draft.message, ...wording }));
}
