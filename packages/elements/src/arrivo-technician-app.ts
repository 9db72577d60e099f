import { ArrivoTechnicianApp } from './components/technician-app/technician-app';

export { ArrivoTechnicianApp };
ArrivoTechnicianApp.define('arrivo-technician-app');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-technician-app': ArrivoTechnicianApp;
  }
}
