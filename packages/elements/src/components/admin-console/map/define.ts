// The console's maps, loaded with import() the first time one is shown: pick a point, draw a
// territory, and the live map of traveling technicians. OpenLayers comes with them, shared with
// the customer live map's chunk.
import { ArrivoAdminMapPick } from './admin-map-pick';
import { ArrivoAdminTerritoryEditor } from './admin-territory-editor';
import { ArrivoAdminLiveMap } from './admin-live-map';

export { ArrivoAdminMapPick, ArrivoAdminTerritoryEditor, ArrivoAdminLiveMap };
export * from './events';
ArrivoAdminMapPick.define('arrivo-admin-map-pick');
ArrivoAdminTerritoryEditor.define('arrivo-admin-territory-editor');
ArrivoAdminLiveMap.define('arrivo-admin-live-map');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-admin-map-pick': ArrivoAdminMapPick;
    'arrivo-admin-territory-editor': ArrivoAdminTerritoryEditor;
    'arrivo-admin-live-map': ArrivoAdminLiveMap;
  }
}
