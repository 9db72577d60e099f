import type { DomainEvent } from '@arrivo/core';
import type { Tx } from '../db/client';
import { findBusinessById, type BusinessRow } from '../db/queries/businesses';
import { findContactLanguage, findUserContactLanguage } from '../db/queries/notifications';
import type { AppDeps } from '../deps';
import { messageLanguage, type MessageLanguage } from '../email/booking-messages';
import type { MailMessage } from '../email/mailer';
import { invitationEmail, passwordResetEmail, type BusinessBrand } from '../email/templates';
import { businessBrand } from '../services/notification-templates';
import { queueNotification } from '../services/notifications';
import type { EventSubscriber } from './dispatcher';
import type { SecretBox } from './seal';

/**
 * The account emails events call for (invitations, password resets), through the same pipeline
 * as booking messages: rendered here, after the request that caused them has answered, then
 * logged in `notification_log` and sent by their own job (retries, dead state, resend). In the
 * language of the contact (an invitation) or of the user's contact in the business (a reset) when
 * known, else English.
 */
export function mailSubscriber(deps: Pick<AppDeps, 'sql' | 'secrets' | 'queue'>): EventSubscriber {
  return {
    key: 'mail',
    events: ['invitation.created', 'password_reset.requested'],
    async handle(event, { tx }) {
      const business = await findBusinessById(tx, event.businessId);
      if (!business) return; // deleted since
      const language = await languageOf(tx, event);
      // With the business's colours and its wording of the message in that language.
      const brand = await businessBrand(tx, business, language);
      const { message, contactId } = compose(event, business, brand, deps.secrets, language);
      await queueNotification(tx, deps, {
        businessId: business.id,
        bookingId: null,
        contactId,
        event: event.name,
        kind: event.name === 'invitation.created' ? 'invitation' : 'password_reset',
        language,
        key: `${event.id}:mail`,
        message: { ...message, event: event.name as 'invitation.created' | 'password_reset.requested' },
      });
    },
  };
}

async function languageOf(tx: Tx, event: DomainEvent): Promise<MessageLanguage> {
  switch (event.name) {
    case 'invitation.created':
      return messageLanguage(await findContactLanguage(tx, event.businessId, event.payload.contactId));
    case 'password_reset.requested':
      return messageLanguage(await findUserContactLanguage(tx, event.businessId, event.payload.email));
    default:
      return 'en';
  }
}

function compose(event: DomainEvent, business: BusinessRow, brand: BusinessBrand, secrets: SecretBox, language: MessageLanguage): { message: MailMessage; contactId: string | null } {
  switch (event.name) {
    case 'invitation.created': {
      const p = event.payload;
      const message = invitationEmail({
        to: p.email,
        firstName: p.firstName ?? '',
        business: brand,
        code: secrets.open(p.sealedCode),
        portalUrl: p.portalUrl,
        expiresAt: new Date(p.expiresAt),
        timeZone: business.timeZone,
        language,
      });
      return { message, contactId: p.contactId };
    }
    case 'password_reset.requested':
      return { message: passwordResetEmail({ to: event.payload.email, business: brand, link: secrets.open(event.payload.sealedLink), language }), contactId: null };
    default:
      throw new Error(`no email for ${event.name}`);
  }
}
