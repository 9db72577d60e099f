import { ArrivoAppointmentList } from './components/appointment-list/appointment-list';

export { ArrivoAppointmentList };
ArrivoAppointmentList.define('arrivo-appointment-list');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-appointment-list': ArrivoAppointmentList;
  }
}
