import { msg } from '@lit/localize';
import type { Messages } from '../messages';

/** Error messages of one area: Dispatch and technician work (the staff console and technician app). */
export const staffMessages = (): Messages => ({
  status_transition_not_allowed: msg('This visit has moved on meanwhile, so that change is no longer possible. Please reload the page.'),
  technician_account_invalid: msg('That sign-in cannot be linked to this technician.'),
});
