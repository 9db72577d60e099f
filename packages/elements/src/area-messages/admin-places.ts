import { msg } from '@lit/localize';
import type { Messages } from '../messages';

/** Error messages of one area: an account's functional locations and assets (admin console, its own chunk). */
export const placesMessages = (): Messages => ({
  location_in_use: msg('Assets are still at this location. Move them to another place or delete them first.'),
});
