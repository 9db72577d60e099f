import { msg } from '@lit/localize';
import type { Messages } from '../messages';

/** Error messages of one area: live tracking (the live map, tracking links, location sharing). */
export const trackingMessages = (): Messages => ({
  not_traveling: msg('Location is shared only while you are traveling to this visit.'),
  tracking_link_invalid: msg('This tracking link is not active. It works while your technician is on the way, and for a short while after.'),
});
