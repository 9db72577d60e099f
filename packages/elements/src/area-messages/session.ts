import { msg } from '@lit/localize';
import type { Messages } from '../messages';

/** Error messages of one area: Signing in, invitations and password reset (<arrivo-sign-in>). */
export const sessionMessages = (): Messages => ({
  invalid_credentials: msg('That email and password do not match an account.'),
  invitation_invalid: msg('This invitation code is not valid. Check it, or ask for a new invitation.'),
  invitation_expired: msg('This invitation has expired. Please ask for a new one.'),
  reset_token_invalid: msg('This password reset link is invalid or has expired. Please request a new one.'),
  external_sign_in_failed: msg('Signing in with your external account did not work. Sign in with your password, or try again.'),
});
