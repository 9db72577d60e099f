import { msg } from '@lit/localize';
import type { Messages } from '../messages';

/** Error messages of one area: Booking, rescheduling and canceling visits. */
export const schedulingMessages = (): Messages => ({
  idempotency_key_reused: msg('This booking was already sent with other details. Please choose the time again and book.'),
  slot_taken: msg('That time was just taken. Please choose another.'),
  outside_horizon: msg('Online booking is open only for the days shown. Please pick another day.'),
  asset_selection_off: msg('This business does not book visits for a specific product online. Choose "No specific product".'),
  booking_not_changeable: msg('This visit can no longer be changed online. Please call the business.'),
  manage_link_invalid: msg('This link to manage your visit is no longer valid: the visit may be over, or the link was withdrawn. Sign in to see your visits.'),
  change_window_closed: msg('It is too close to the visit to change it online. Please call the business.'),
  // Shown only when a plugin's veto carries no reason of its own (see errorText).
  plugin_veto: msg('This cannot be booked online as asked. Please call the business.'),
  plugin_unavailable: msg('This could not be completed just now. Please try again in a moment.'),
});
