import { ArrivoHealth } from './components/health/health';

export { ArrivoHealth };
ArrivoHealth.define('arrivo-health');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-health': ArrivoHealth;
  }
}
