import { ArrivoEvent } from '../../../events/arrivo-event';
import type { StaffBooking } from '../../../api/admin-booking';

/** Staff moved a visit (the board's visit dialog) or booked one for a customer: `detail.booking` as it is now. */
export class ArrivoVisitChangedEvent extends ArrivoEvent<{ booking: StaffBooking }> {
  static readonly type = 'arrivo-visit-changed';
  constructor(detail: { booking: StaffBooking }) {
    super(ArrivoVisitChangedEvent.type, detail);
  }
}

declare global {
  interface HTMLElementEventMap {
    'arrivo-visit-changed': ArrivoVisitChangedEvent;
  }
}
