// The console's "see what the customer sees" screen, loaded with import() when first opened: it
// brings the customer's booking form (its own file, shared with customer pages, unchanged).
import { ArrivoAdminPreview } from './admin-preview';
import { ArrivoBookingPreview } from './booking-preview';

export { ArrivoAdminPreview, ArrivoBookingPreview };
ArrivoBookingPreview.define('arrivo-booking-preview');
ArrivoAdminPreview.define('arrivo-admin-preview');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-admin-preview': ArrivoAdminPreview;
    'arrivo-booking-preview': ArrivoBookingPreview;
  }
}
