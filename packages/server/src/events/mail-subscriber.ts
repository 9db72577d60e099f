import type { DomainEvent } from '@arrivo/core';
import type { Sql } from '../db/client';
import { findBusinessById, type BusinessRow } from '../db/queries/businesses';
import { logDeliveryAttempt, logDeliveryOutcome } from '../db/queries/notification-log';
import type { Mailer, MailMessage } from '../email/mailer';
import { invitationEmail, passwordResetEmail } from '../email/templates';
import type { EventSubscriber } from './dispatcher';
import type { SecretBox } from './seal';

/**
 * Sends the emails events call for (invitations, password resets), after the request that caused
 * them has answered: a slow or failing SMTP server delays the email, never the customer. Every
 * attempt and its outcome goes to `notification_log`, the delivery audit log.
 */
export function mailSubscriber(deps: { sql: Sql; mailer: Mailer; secrets: SecretBox }): EventSubscriber {
  return {
    key: 'mail',
    events: ['invitation.created', 'password_reset.requested'],
    async handle(event, { tx }) {
      const business = await findBusinessById(tx, event.businessId);
      if (!business) return; // deleted since
      const { message, contactId } = compose(event, business, deps.secrets);
      const entry = { businessId: business.id, idempotencyKey: `${event.id}:mail` };
      // Through the pool, not `tx`: a failed attempt must stay in the log when `tx` rolls back.
      await logDeliveryAttempt(deps.sql, { ...entry, channel: 'email', event: event.name, recipient: message.to, contactId });
      try {
        await deps.mailer.send(message);
      } catch (err) {
        await logDeliveryOutcome(deps.sql, entry, err instanceof Error ? err.message : String(err));
        throw err;
      }
      await logDeliveryOutcome(deps.sql, entry, null);
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
