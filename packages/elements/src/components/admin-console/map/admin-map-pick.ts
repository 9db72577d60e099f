import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { AdminMapBase } from './admin-map-base';
import type { Drawing, LonLat } from './admin-map-view';
import { ArrivoPointChangeEvent } from './events';

const valid = (lat: number, lon: number) => Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;

/**
 * @tag arrivo-admin-map-pick
 * @summary Pick a point: click or tap the map, or type the latitude and longitude (the keyboard
 * and screen-reader way). Used by the admin console for a technician's start and an account's
 * address: with `fill-form` it starts from, and fills, the `lat` and `lon` fields of its form.
 *
 * @event arrivo-point-change - `detail: {lat, lon}` after a click on the map or a valid typed pair.
 *
 * @csspart map - The map area. @csspart point-marker - The picked point (SVG).
 * @cssproperty --arrivo-map-height - Height of the map (default 18rem).
 */
@localized()
export class ArrivoAdminMapPick extends AdminMapBase {
  @property({ type: Number }) lat?: number;
  @property({ type: Number }) lon?: number;
  /** The fieldset's legend. */
  @property() label = '';
  /** Read the point from, and write it to, the `lat` and `lon` fields of the form this element is in. */
  @property({ type: Boolean, attribute: 'fill-form' }) fillForm = false;

  private field(name: 'lat' | 'lon') {
    return this.fillForm ? (this.closest('form')?.elements.namedItem(name) as HTMLInputElement | null) : null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const lat = this.field('lat')?.value;
    const lon = this.field('lon')?.value;
    if (lat && lon) [this.lat, this.lon] = [Number(lat), Number(lon)];
  }

  private picked(at: LonLat) {
    const lat = this.field('lat');
    const lon = this.field('lon');
    if (lat && lon) [lat.value, lon.value] = [String(at.lat), String(at.lon)];
    this.emit(new ArrivoPointChangeEvent(at));
  }

  protected drawing(): Drawing {
    const at = this.point;
    return { shapes: [], markers: at ? [{ at, part: 'point-marker' }] : [] };
  }

  private get point(): LonLat | undefined {
    return this.lat !== undefined && this.lon !== undefined && valid(this.lat, this.lon) ? { lat: this.lat, lon: this.lon } : undefined;
  }

  protected override onPick(at: LonLat): void {
    this.lat = at.lat;
    this.lon = at.lon;
    this.picked(at);
  }

  private typed() {
    const root = this.shadowRoot!;
    const lat = Number(root.querySelector<HTMLInputElement>('#pick-lat')!.value);
    const lon = Number(root.querySelector<HTMLInputElement>('#pick-lon')!.value);
    if (!valid(lat, lon)) return;
    this.lat = lat;
    this.lon = lon;
    this.refit();
    this.picked({ lat, lon });
  }

  override render() {
    return html`<fieldset part="panel">
      <legend>${this.label || msg('Location')}</legend>
      ${this.renderMap(msg('Map: click to pick a point'), msg('Click or tap the map to pick the point, or type its latitude and longitude.'))}
      <div class="grid2">
        <label>${msg('Latitude')}<input id="pick-lat" type="number" step="any" min="-90" max="90" .value=${this.lat === undefined ? '' : String(this.lat)} @change=${this.typed} /></label>
        <label>${msg('Longitude')}<input id="pick-lon" type="number" step="any" min="-180" max="180" .value=${this.lon === undefined ? '' : String(this.lon)} @change=${this.typed} /></label>
      </div>
    </fieldset>`;
  }
}
