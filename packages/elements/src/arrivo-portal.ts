import { ArrivoPortal } from './components/portal/portal';

export { ArrivoPortal };
ArrivoPortal.define('arrivo-portal');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-portal': ArrivoPortal;
  }
}
