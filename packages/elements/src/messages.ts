import { msg, str } from '@lit/localize';
import type { ClientErrorCode } from './api/api-error';
import { ApiError } from './api/api-error';

/**
 * What to tell the person for each error code, in their language. Every code the server defines
 * is here (the type and messages.test.ts say so when one is added); the server's own `message` is
 * for developers and never shown.
 */
export function errorMessages(): Record<ClientErrorCode, string> {
  return {
    network_error: msg('Cannot reach the booking service. Check your connection and try again.'),
    timeout: msg('The booking service took too long to answer. Please try again.'),
    origin_not_allowed: msg(
      str`This website (${window.location.origin}) is not allowed to use this business's online booking. The business must add it to its allowed websites.`,
    ),
    validation_failed: msg('Some of what you entered is not valid. Please check it and try again.'),
    malformed_json: msg('The booking service could not read the request. Please reload the page and try again.'),
    payload_too_large: msg('What you entered is too long. Please shorten it and try again.'),
    unauthenticated: msg('Your session has ended. Please sign in again.'),
    invalid_credentials: msg('That email and password do not match an account.'),
    forbidden: msg('This sign-in may not do that here.'),
    not_a_customer: msg('This sign-in has no access to online booking here.'),
    account_inactive: msg('This customer account is not active. Please contact the business.'),
    contact_account_inactive: msg('This customer account is not active. Please contact the business.'),
    not_found: msg('That could not be found; it may have been removed. Please reload the page.'),
    route_not_found: msg('The booking service does not know this request; this page may be out of date. Please reload it.'),
    invalid_reference: msg('Something you chose no longer exists. Please reload the page and choose again.'),
    conflict: msg('That conflicts with a change made meanwhile. Please reload the page and try again.'),
    idempotency_key_reused: msg('This booking was already sent with other details. Please choose the time again and book.'),
    slot_taken: msg('That time was just taken. Please choose another.'),
    outside_horizon: msg('Online booking is open only for the days shown. Please pick another day.'),
    asset_selection_off: msg('This business does not book visits for a specific product online. Choose "No specific product".'),
    booking_not_changeable: msg('This visit can no longer be changed online. Please call the business.'),
    change_window_closed: msg('It is too close to the visit to change it online. Please call the business.'),
    email_in_use: msg('Another person at this business already uses this email.'),
    invitation_invalid: msg('This invitation code is not valid. Check it, or ask for a new invitation.'),
    invitation_expired: msg('This invitation has expired. Please ask for a new one.'),
    reset_token_invalid: msg('This password reset link is invalid or has expired. Please request a new one.'),
    external_sign_in_failed: msg('Signing in with your external account did not work. Sign in with your password, or try again.'),
    rate_limited: msg('Too many attempts. Please wait a few minutes and try again.'),
    internal: msg('Something went wrong on our side. Please try again in a moment.'),
    database_unavailable: msg('Online booking is briefly unavailable. Please try again in a minute.'),
    status_transition_not_allowed: msg('This visit has moved on meanwhile, so that change is no longer possible. Please reload the page.'),
    technician_account_invalid: msg('That sign-in cannot be linked to this technician.'),
  };
}

/** What to tell the person about a failure: by its code, never the server's developer text. */
export function errorText(err: unknown): string {
  const all = errorMessages();
  // A code this version does not know (a newer server) gets the general message.
  return err instanceof ApiError && Object.hasOwn(all, err.code) ? all[err.code] : msg('Something went wrong. Please try again.');
}
