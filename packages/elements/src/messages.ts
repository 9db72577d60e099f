import { msg } from '@lit/localize';
import type { ClientErrorCode } from './api/api-error';
import { ApiError } from './api/api-error';

/** What to tell the person, by error code; the server's own message for anything else. */
export function errorText(err: unknown): string {
  if (!(err instanceof ApiError)) return msg('Something went wrong. Please try again.');
  const byCode: Partial<Record<ClientErrorCode, string>> = {
    network_error: msg('Cannot reach the booking service. Check your connection and try again.'),
    timeout: msg('The booking service took too long to answer. Please try again.'),
    invalid_credentials: msg('That email and password do not match an account.'),
    invitation_invalid: msg('This invitation code is not valid. Check it, or ask for a new invitation.'),
    invitation_expired: msg('This invitation has expired. Please ask for a new one.'),
    account_inactive: msg('This customer account is not active. Please contact the business.'),
    not_a_customer: msg('This sign-in has no access to online booking here.'),
    rate_limited: msg('Too many attempts. Please wait a few minutes and try again.'),
    reset_token_invalid: msg('This password reset link is invalid or has expired. Please request a new one.'),
    external_sign_in_failed: msg('Signing in with your external account did not work. Sign in with your password, or try again.'),
    unauthenticated: msg('Your session has ended. Please sign in again.'),
  };
  return byCode[err.code] ?? err.message;
}
