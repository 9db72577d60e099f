// The board's tools beyond the day itself, loaded with import() when a visit is first opened or
// "Book a visit" is first used: messages sent, moving a visit, and booking on a customer's behalf.
import { ArrivoAdminBookVisit } from './admin-book-visit';
import { ArrivoAdminVisitMore } from './admin-visit-more';

export { ArrivoAdminBookVisit, ArrivoAdminVisitMore };
export { ArrivoVisitChangedEvent } from './events';
ArrivoAdminVisitMore.define('arrivo-admin-visit-more');
ArrivoAdminBookVisit.define('arrivo-admin-book-visit');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-admin-visit-more': ArrivoAdminVisitMore;
    'arrivo-admin-book-visit': ArrivoAdminBookVisit;
  }
}
