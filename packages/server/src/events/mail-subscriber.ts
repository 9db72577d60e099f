import type { DomainEvent } from '@arrivo/core';
import { findBusinessById, type BusinessRow } from '../db/queries/businesses';
import type { AppDeps } from '../deps';
import type { MailMessage } from '../email/mailer';
import { invitationEmail, passwordResetEmail } from '../email/templates';
import { queueNotification } from '../services/notifications';
import type { EventSubscriber } from './dispatcher';
import type { SecretBox } from './seal';

/**
 * The account emails events call for (invitations, password resets), through the same pipeline
 * as booking messages: rendered here, after the request that caused them has answered, then
 * logged in `notification_log` and sent by their own job (retries, dead state, resend).
 */
export function mailSubscriber(deps: Pick<AppDeps, 'sql' | 'secrets' | 'queue'>): EventSubscriber {
  return {
    key: 'mail',
    events: ['invitation.created', 'password_reset.requested'],
    async handle(event, { tx }) {
      const business = await findBusinessById(tx, event.businessId);
      if (!business) return; // deleted since
      const { message, contactId } = compose(event, business, deps.secrets);
      await queueNotification(tx, deps, {
        businessId: business.id,
        bookingId: null,
        contactId,
        event: event.name,
        kind: event.name === 'invitation.created' ? 'invitation' : 'password_reset',
        language: 'en',
        key: `${event.id}:mail`,
        message: { ...message, event: event.name as 'invitation.created' | 'password_reset.requested' },
      });
    },
  };
}

function compose(event: DomainEvent, business: BusinessRow, secrets: SecretBox): { message: MailMessage; contactId: string | null } {
  switch (event.name) {
    case 'invitation.created': {
      const p = event.payload;
      const message = invitationEmail({
        to: p.email,
        firstName: p.firstName ?? '',
        business,
        code: secrets.open(p.sealedCode),
        portalUrl: p.portalUrl,
        expiresAt: new Date(p.expiresAt),
        timeZone: business.timeZone,
      });
      return { message, contactId: p.contactId };
    }
    case 'password_reset.requested':
      return { message: passwordResetEmail({ to: event.payload.email, business, link: secrets.open(event.payload.sealedLink) }), contactId: null };
    default:
      throw new Error(`no email for ${event.name}`);
  }
}
