import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import { adminConsoleStyles } from '../admin-console.styles';
import { adminMapStyles } from './admin-map.styles';
import { AdminMapView, olStyles, type Drawing, type LonLat } from './admin-map-view';

const OSM_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/**
 * What the console's maps share: the map area (made when first rendered), zoom by buttons and the
 * + and − keys, tiles with their attribution, and a plain background when tiles do not load. The
 * map is never the only way: every element beside it has fields to type into.
 */
export abstract class AdminMapBase extends ArrivoElement {
  static override styles = [adminConsoleStyles, adminMapStyles];

  /** XYZ tile URL template; its host must be allowed in the page's CSP `img-src`. */
  @property() tiles = OSM_TILES;
  /** Attribution of the tiles, as text. Default: OpenStreetMap's (linked). */
  @property() attribution = '';

  @state() protected tilesFailed = false;
  @query('#map') private mapElement?: HTMLElement;
  protected view?: AdminMapView;
  private fitted = false;
  private readonly resizeObserver = new ResizeObserver(() => {
    this.view?.resize();
    if (!this.fitted) this.fitted = this.view?.fit() ?? false;
  });

  /** What to draw now. */
  protected abstract drawing(): Drawing;
  /** A click or tap on the map. */
  protected onPick?(at: LonLat): void;
  /** The circle's radius handle was dragged. */
  protected onRadius?(km: number): void;

  /** Fit the view to what is drawn again (after a typed change moved it elsewhere). */
  protected refit(): void {
    this.fitted = false;
  }

  /** Where a point is drawn, in pixels from the map's top-left corner (for tests driving the pointer). */
  pixelOf(at: LonLat): [number, number] | undefined {
    return this.view?.pixelOf(at);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const element = this.mapElement;
    if (element && !this.view) {
      const root = this.shadowRoot!;
      if (olStyles.styleSheet && !root.adoptedStyleSheets.includes(olStyles.styleSheet)) root.adoptedStyleSheets = [olStyles.styleSheet, ...root.adoptedStyleSheets];
      this.view = new AdminMapView(element, {
        tiles: this.tiles || OSM_TILES,
        onTileError: () => (this.tilesFailed = true),
        onTileLoad: () => (this.tilesFailed = false),
        onPick: this.onPick && ((at) => this.onPick!(at)),
        onRadius: this.onRadius && ((km) => this.onRadius!(km)),
      });
      this.resizeObserver.observe(element);
    }
    if (!this.view) return;
    this.view.set(this.drawing());
    if (!this.fitted) this.fitted = this.view.fit();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    this.view?.destroy();
    this.view = undefined;
    this.fitted = false;
  }

  private onMapKey(e: KeyboardEvent) {
    const delta = e.key === '+' || e.key === '=' ? 1 : e.key === '-' || e.key === '_' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    this.view?.zoomBy(delta);
  }

  /** The map area; `description` says what it shows and how to use it without a pointer. */
  protected renderMap(label: string, description: string) {
    return html`<div class="frame">
        <div id="map" part="map" dir="ltr" role="region" tabindex="0" aria-label=${label} aria-describedby="map-description"
          data-tiles=${this.tilesFailed ? 'failed' : 'ok'} @keydown=${this.onMapKey}></div>
        <div class="zoom" role="group" aria-label=${msg('Zoom')}>
          <button type="button" aria-label=${msg('Zoom in')} @click=${() => this.view?.zoomBy(1)}>+</button>
          <button type="button" aria-label=${msg('Zoom out')} @click=${() => this.view?.zoomBy(-1)}>−</button>
        </div>
        <p class="attribution">
          ${this.attribution || html`© <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a> ${msg('contributors')}`}
        </p>
      </div>
      <p id="map-description" class="hint">${description}</p>
      ${this.tilesFailed ? html`<p class="hint">${msg('The map’s background could not be loaded; what is drawn on it is still right.')}</p>` : nothing}`;
  }
}
