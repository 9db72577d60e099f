import { msg } from '@lit/localize';
import type { Messages } from '../messages';

/** Error messages of one area: people and roles (admin console, its own chunk). */
export const peopleMessages = (): Messages => ({
  last_admin: msg('The business must keep at least one administrator. Make someone else an administrator first.'),
  no_sign_in: msg('No one has a sign-in with this email yet. Customers get one by redeeming an invitation; give roles once the person has signed in.'),
  invalid_reference: msg('Only a contact who redeemed an invitation can be a customer: invite the person from their account instead.'),
});
