import { msg } from '@lit/localize';
import type { Messages } from '../messages';

/** Error messages of one area: the admin console's accounts (places) and people screens. */
export const adminMessages = (): Messages => ({
  location_in_use: msg('Assets are still at this location. Move them to another place or delete them first.'),
  last_admin: msg('The business must keep at least one administrator. Make someone else an administrator first.'),
  no_sign_in: msg('No one has a sign-in with this email yet. Customers get one by redeeming an invitation; give roles once the person has signed in.'),
});
