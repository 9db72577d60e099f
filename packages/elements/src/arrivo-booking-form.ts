import { ArrivoBookingForm } from './components/booking-form/booking-form';

export { ArrivoBookingForm };
ArrivoBookingForm.define('arrivo-booking-form');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-booking-form': ArrivoBookingForm;
  }
}
