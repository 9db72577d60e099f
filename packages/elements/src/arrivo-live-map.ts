import { ArrivoLiveMap } from './components/live-map/live-map';

export { ArrivoLiveMap };
ArrivoLiveMap.define('arrivo-live-map');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-live-map': ArrivoLiveMap;
  }
}
