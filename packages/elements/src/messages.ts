import { msg, str } from '@lit/localize';
import type { ClientErrorCode } from './api/api-error';
import { ApiError } from './api/api-error';

export type Messages = Partial<Record<ClientErrorCode, string>>;

/**
 * What to tell the person for each error code, in their language: the codes any request can meet
 * here, the rest by area in `area-messages/*.ts` (so an element carries only its own). Every code the
 * server defines has one (messages.test.ts says so when one is added); the server's own `message`
 * is for developers and never shown.
 */
export const commonMessages = (): Messages => ({
  network_error: msg('Cannot reach the booking service. Check your connection and try again.'),
  timeout: msg('The booking service took too long to answer. Please try again.'),
  origin_not_allowed: msg(
    str`This website (${window.location.origin}) is not allowed to use this business's online booking. The business must add it to its allowed websites.`,
  ),
  validation_failed: msg('Some of what you entered is not valid. Please check it and try again.'),
  malformed_json: msg('The booking service could not read the request. Please reload the page and try again.'),
  payload_too_large: msg('What you entered is too long. Please shorten it and try again.'),
  unauthenticated: msg('Your session has ended. Please sign in again.'),
  forbidden: msg('This sign-in may not do that here.'),
  not_a_customer: msg('This sign-in has no access to online booking here.'),
  account_inactive: msg('This customer account is not active. Please contact the business.'),
  contact_account_inactive: msg('This customer account is not active. Please contact the business.'),
  not_found: msg('That could not be found; it may have been removed. Please reload the page.'),
  route_not_found: msg('The booking service does not know this request; this page may be out of date. Please reload it.'),
  invalid_reference: msg('Something you chose no longer exists. Please reload the page and choose again.'),
  conflict: msg('That conflicts with a change made meanwhile. Please reload the page and try again.'),
  email_in_use: msg('Another person at this business already uses this email.'),
  rate_limited: msg('Too many attempts. Please wait a few minutes and try again.'),
  internal: msg('Something went wrong on our side. Please try again in a moment.'),
  database_unavailable: msg('Online booking is briefly unavailable. Please try again in a minute.'),
});

const general = () => msg('Something went wrong. Please try again.');

/** What to tell the person about a failure: by its code, never the server's developer text. `area`: the element's own messages. */
export function errorText(err: unknown, area?: () => Messages): string {
  // A code this version does not know (a newer server) gets the general message.
  if (!(err instanceof ApiError)) return general();
  const code: string = err.code;
  // A plugin's veto carries its reason for the customer, written (and translated) by the plugin.
  if (code === 'plugin_veto' && typeof err.details?.reason === 'string' && err.details.reason) return err.details.reason;
  for (const messages of [area?.() ?? {}, commonMessages()]) if (Object.hasOwn(messages, code)) return messages[code as ClientErrorCode]!;
  return general();
}
