/**
 * Every error a client can see, defined once. The server answers `{code, message, issues?}`;
 * the elements translate by `code`, so codes are stable API and never renamed.
 */
export const ERROR_CODES = {
  validation_failed: { status: 400, message: 'The request is not valid.' },
  malformed_json: { status: 400, message: 'The request body is not valid JSON.' },
  unauthenticated: { status: 401, message: 'Sign in to continue.' },
  invalid_credentials: { status: 401, message: 'That email and password do not match an account.' },
  forbidden: { status: 403, message: 'You are not allowed to do this.' },
  not_a_customer: { status: 403, message: 'This sign-in has no access to online booking here.' },
  account_inactive: { status: 403, message: 'This customer account is not active. Please contact the business.' },
  not_found: { status: 404, message: 'Not found.' },
  route_not_found: { status: 404, message: 'There is no such API route.' },
  conflict: { status: 409, message: 'This conflicts with existing data.' },
  slot_taken: { status: 409, message: 'That time was just taken. Please choose another.' },
  invitation_invalid: { status: 400, message: 'This invitation code is not valid. Check it, or ask for a new invitation.' },
  invitation_expired: { status: 400, message: 'This invitation has expired. Please ask for a new one.' },
  reset_token_invalid: { status: 400, message: 'This password reset link is invalid or has expired. Please request a new one.' },
  origin_not_allowed: { status: 400, message: 'This page is not allowed to use online booking for this business.' },
  external_sign_in_failed: { status: 400, message: 'Signing in with the external account did not work. Please try again.' },
  outside_horizon: { status: 400, message: 'Online booking is open only for the days shown. Please pick another date.' },
  asset_selection_off: { status: 400, message: 'This business does not book visits for individual products online.' },
  email_in_use: { status: 409, message: 'Another contact of this business already uses this email.' },
  booking_not_changeable: { status: 409, message: 'This visit can no longer be changed online. Please call the business.' },
  change_window_closed: { status: 409, message: 'It is too close to the visit to change it online. Please call the business.' },
  idempotency_key_reused: { status: 422, message: 'This Idempotency-Key was already used for a different request.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  invalid_reference: { status: 422, message: 'The request refers to something that does not exist.' },
  contact_account_inactive: { status: 422, message: 'Invitations can only be sent to contacts of active accounts.' },
  status_transition_not_allowed: { status: 409, message: 'The visit cannot move to that status from the one it is in.' },
  location_in_use: { status: 409, message: 'Assets are still at this location. Move or delete them first.' },
  last_admin: { status: 409, message: 'The business must keep at least one administrator. Make someone else an administrator first.' },
  no_sign_in: { status: 422, message: 'No one has a sign-in with this email yet. Customers get one by redeeming an invitation; give a role once the person has signed up.' },
  technician_account_invalid: { status: 422, message: 'There is no account with this email holding the technician role in this business.' },
  not_traveling: { status: 409, message: 'Location is shared only while the visit is Traveling.' },
  tracking_link_invalid: { status: 404, message: 'This tracking link is not active: it works while the technician is on the way, and for a short while after.' },
  survey_not_available: { status: 409, message: 'Feedback can be sent only for completed visits, when the business asks for it.' },
  feedback_already_sent: { status: 409, message: 'Feedback for this visit was already sent. Thank you!' },
  survey_link_invalid: { status: 404, message: 'This feedback link is not valid any more: it may have been used or expired.' },
  manage_link_invalid: { status: 404, message: 'This link to manage your visit is no longer valid: the visit may be over, or the link was withdrawn. Sign in to see your visits.' },
  plugin_veto: { status: 422, message: 'This cannot be booked online as asked. Please call the business.' },
  plugin_unavailable: { status: 503, message: 'This could not be completed just now. Please try again in a moment.' },
  rate_limited: { status: 429, message: 'Too many attempts. Please wait and try again.' },
  internal: { status: 500, message: 'Something went wrong on our side.' },
  database_unavailable: { status: 503, message: 'The database is not reachable.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorIssue {
  path: (string | number)[];
  message: string;
}

/** The one JSON shape of every error response. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: ErrorIssue[];
  /** Extra machine-readable data for some codes (e.g. alternatives for `slot_taken`). */
  details?: Record<string, unknown>;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** A domain error: thrown anywhere on the server, turned into an {@link ErrorBody} at the edge. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues?: ErrorIssue[];
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string = ERROR_CODES[code].message,
    extra: { issues?: ErrorIssue[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.issues = extra.issues;
    this.details = extra.details;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.issues) body.issues = this.issues;
    if (this.details) body.details = this.details;
    return body;
  }
}
