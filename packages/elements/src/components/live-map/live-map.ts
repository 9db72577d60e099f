import { html, nothing, type PropertyValues } from 'lit';
import { msg, str } from '@lit/localize';
import type { Eta, TrackedPosition, TrackingView } from '@arrivo/core';
import { ArrivoElement } from '../../base/arrivo-element';
import { NOTHING } from '../../base/data';
import { ApiError } from '../../api/api-error';
import * as tracking from '../../api/tracking';
import { ArrivoErrorEvent } from '../../events/arrivo-event';
import { coalesce, LiveController, type LiveEvent } from '../../live/controller';
import { formatTime } from '../../format';
import { readFragment } from '../../fragment';
import { errorText } from '../../messages';
import { trackingMessages } from '../../area-messages/tracking';
import { formStyles } from '../../styles/form.styles';
import { liveMapStyles } from './live-map.styles';
import type { MapView } from './map-view';

/** Without a new fix for this long, the position is shown as out of date. */
export const STALE_AFTER_MS = 2 * 60_000;
const TRAIL_MAX = 100;
const OSM_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

type Live = { position: TrackedPosition; eta: Eta | null; trail: TrackingView['trail'] };

/**
 * @tag arrivo-live-map
 * @summary Where the technician is on the way to a visit: a map with the technician's marker
 * (moving as fixes arrive), the destination and the route so far, the estimated arrival, a
 * technician card and how fresh the position is. Shown only while the visit is Traveling.
 * OpenLayers loads only when a map is shown.
 *
 * Give it `booking-id` (a signed-in customer's visit; the session comes from an enclosing
 * `<arrivo-portal>` or the page's shared session) or `tracking-token` (a tracking link, no sign-in;
 * read from `#arrivo-track=<token>` in the page's address when neither is set).
 *
 * @event arrivo-error - The tracking view could not be loaded; `detail: {code, message}`.
 *
 * @csspart base - The whole map card.
 * @csspart eta - The estimated arrival (a polite live region).
 * @csspart map - The map area (plain background while tiles are missing).
 * @csspart route - The line of the technician's route so far (SVG).
 * @csspart destination-marker - The visit's place (SVG).
 * @csspart technician-marker - The technician (SVG group of `technician-halo` and `technician-dot`).
 * @csspart zoom - The zoom buttons' group; `zoom-in`, `zoom-out` each button.
 * @csspart attribution - The map data attribution.
 * @csspart updated - "Last updated … ago"; also `stale` after 2 minutes without a fix.
 * @csspart technician - The technician card; `technician-photo`, `technician-name`, `call`, `text`.
 * @csspart notice - The message shown when the visit is not on the way.
 * @csspart error - Error messages.
 *
 * @cssproperty --arrivo-accent - Route line, technician marker, buttons.
 * @cssproperty --arrivo-map-height - Height of the map (default 20rem).
 * @cssproperty --arrivo-map-background - The map's background where tiles are missing.
 * @cssproperty --arrivo-warning-color - The out-of-date warning.
 * @cssproperty --arrivo-radius - Corner radius.
 * @cssproperty --arrivo-font - Font family.
 */
export class ArrivoLiveMap extends ArrivoElement {
  static override properties = {
    bookingId: { attribute: 'booking-id', reflect: true },
    trackingToken: { attribute: 'tracking-token' },
    tiles: {},
    attribution: {},
    now: { attribute: false },
    live: { state: true },
    tilesFailed: { state: true },
    mapFailed: { state: true },
  };

  static override styles = [formStyles, liveMapStyles];

  /** The signed-in customer's visit to track. */
  bookingId = '';

  /** A tracking link's token (instead of `booking-id`; no sign-in needed). */
  trackingToken = '';

  /** XYZ tile URL template; its host must be allowed in the page's CSP `img-src`. */
  tiles = OSM_TILES;

  /** Attribution of the tiles, as text. Default: OpenStreetMap's (linked). */
  attribution = '';

  /** The clock (ms since the epoch) for "last updated"; tests set it. */
  now: () => number = () => Date.now();

  private live?: Live;
  private tilesFailed = false;
  private mapFailed = false;

  private get mapElement() {
    return this.renderRoot.querySelector<HTMLElement>('#map') ?? undefined;
  }

  private mapView?: MapView;
  private mapLoading?: HTMLElement;
  private loaded?: TrackingView;
  private ticker?: ReturnType<typeof setInterval>;
  private readonly resizeObserver = new ResizeObserver(() => this.mapView?.resize());

  private readonly tracking = this.data(
    ([bookingId, token], signal) =>
      token ? tracking.linkTracking(this.connection, token, signal) : bookingId && this.session ? tracking.bookingTracking(this.connection, bookingId, signal) : Promise.resolve(NOTHING),
    {
      args: () => [this.bookingId, this.trackingToken] as const,
      signedOut: true,
      reset: () => (this.live = undefined),
      onError: (err) => this.emit(new ArrivoErrorEvent({ code: err instanceof ApiError ? err.code : 'internal', message: errorText(err, trackingMessages) })),
    },
  );

  // Reloads for a burst of messages: never two at once, the last after the last message.
  private readonly reloadSoon = coalesce(() => this.tracking.reload());

  private readonly stream = new LiveController(
    this,
    () => (this.bookingId || this.trackingToken ? tracking.liveSource(this.connection, { session: this.session?.token, trackingToken: this.trackingToken }) : undefined),
    (event) => this.onLive(event),
    () => this.bookingId || this.tracking.value?.bookingId,
  );

  /** What is shown: the loaded view with the fixes that arrived since. */
  private get view(): TrackingView | undefined {
    const value = this.tracking.value;
    return value && this.live ? { ...value, ...this.live } : value;
  }

  /** Where the technician's marker is drawn now (it glides between fixes), once the map is shown. */
  get markerPosition(): { lat: number; lon: number } | undefined {
    return this.mapView?.marker;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.bookingId && !this.trackingToken) this.trackingToken = readFragment('arrivo-track') ?? '';
    this.ticker = setInterval(() => this.view?.position && this.requestUpdate(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
    this.dropMap();
  }

  private onLive(event: LiveEvent) {
    const view = this.view;
    if (event.type === 'tracking.position' && view?.status === 'traveling') {
      const { position, eta } = event.data;
      // A fix not newer than the one shown (a replay, or a message overtaken by a fresh load) changes nothing.
      if (view.position && Date.parse(position.recordedAt) <= Date.parse(view.position.recordedAt)) return;
      this.live = { position, eta, trail: [...view.trail, { lat: position.lat, lon: position.lon }].slice(-TRAIL_MAX) };
    } else if (event.type === 'tracking.arriving' && view?.position) {
      this.live = { position: view.position, trail: view.trail, eta: event.data.eta };
    } else this.reloadSoon(); // a status change, a resync, or a fix before we knew it travels
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // A fresh load already holds every fix before it.
    if (this.tracking.value !== this.loaded) {
      this.loaded = this.tracking.value;
      this.live = undefined;
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const element = this.mapElement;
    if (!element) return this.dropMap();
    if (this.mapView) {
      this.mapView.update(this.content());
      return;
    }
    if (this.mapLoading === element) return;
    this.mapLoading = element;
    import('./map-view')
      .then(({ MapView, olStyles }) => {
        if (this.mapElement !== element) return;
        const root = this.shadowRoot!;
        if (olStyles.styleSheet && !root.adoptedStyleSheets.includes(olStyles.styleSheet)) root.adoptedStyleSheets = [olStyles.styleSheet, ...root.adoptedStyleSheets];
        this.mapView = new MapView(element, {
          tiles: this.tiles || OSM_TILES,
          onTileError: () => (this.tilesFailed = true),
          onTileLoad: () => (this.tilesFailed = false),
        });
        this.resizeObserver.observe(element);
        this.mapView.update(this.content());
        this.requestUpdate();
      })
      .catch(() => (this.mapFailed = true));
  }

  private dropMap() {
    this.mapView?.destroy();
    this.resizeObserver.disconnect();
    this.mapView = this.mapLoading = undefined;
  }

  private content() {
    const view = this.view!;
    return { destination: view.destination, position: view.position, trail: view.trail };
  }

  private onMapKey(e: KeyboardEvent) {
    const delta = e.key === '+' || e.key === '=' ? 1 : e.key === '-' || e.key === '_' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    this.mapView?.zoomBy(delta);
  }

  override render() {
    if (!this.bookingId && !this.trackingToken) return html`<p part="notice">${msg('No visit to show on the map.')}</p>`;
    if (!this.trackingToken && !this.session) return html`<p part="notice">${msg('Sign in to see the live map.')}</p>`;
    if (this.tracking.error)
      return html`<p part="error" role="alert">${errorText(this.tracking.error, trackingMessages)}</p>
        <button part="button" type="button" @click=${() => this.tracking.reload()}>${msg('Try again')}</button>`;
    const view = this.view;
    if (!view) return html`<div part="skeleton" role="status" aria-label=${msg('Loading the live map')}><span class="tall"></span></div>`;
    if (view.status !== 'traveling') return html`<p part="notice" role="status">${this.notTraveling(view)}</p>`;
    const locale = this.locale || undefined;
    const eta = this.etaText(view, locale);
    return html`<div part="base">
      <p part="eta" role="status">${eta}</p>
      <div class="frame">
        <div id="map" part="map" dir="ltr" role="region" tabindex="0" aria-label=${msg('Map')} aria-describedby="map-description"
          data-tiles=${this.tilesFailed ? 'failed' : 'ok'} @keydown=${this.onMapKey}></div>
        <div part="zoom" role="group" aria-label=${msg('Zoom')}>
          <button part="zoom-in" type="button" aria-label=${msg('Zoom in')} @click=${() => this.mapView?.zoomBy(1)}>+</button>
          <button part="zoom-out" type="button" aria-label=${msg('Zoom out')} @click=${() => this.mapView?.zoomBy(-1)}>−</button>
        </div>
        <p part="attribution">
          ${this.attribution
            ? this.attribution
            : html`© <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a> ${msg('contributors')}`}
        </p>
      </div>
      ${this.mapFailed || this.tilesFailed ? html`<p class="hint">${msg('The map could not be loaded; the markers and the arrival time are still up to date.')}</p>` : nothing}
      <p id="map-description" class="visually-hidden">${this.describe(view, locale)} ${eta}</p>
      ${this.renderUpdated(view, locale)} ${this.renderTechnician(view)}
    </div>`;
  }

  private notTraveling(view: TrackingView): string {
    if (view.status === 'scheduled') return msg('The live map is available while your technician is on the way.');
    if (view.status === 'in_progress') return msg('Your technician has arrived.');
    return msg('This visit is over.');
  }

  private etaText(view: TrackingView, locale?: string): string {
    const eta = view.eta;
    if (!view.position) return msg('Waiting for your technician’s location…');
    if (!eta) return msg('Estimating the arrival time…');
    if (eta.arriving || eta.minutes < 1) return msg('Your technician is arriving now.');
    const time = formatTime(eta.at, view.timeZone, locale);
    return msg(str`Arriving in about ${eta.minutes} min · by ${time}`);
  }

  /** The text alternative: how far, and which way, the technician is from the visit's place. */
  private describe(view: TrackingView, locale?: string): string {
    const p = view.position;
    if (!p) return msg('Your technician has not shared a location yet.');
    const { destination: d } = view;
    const rad = Math.PI / 180;
    const dLat = (p.lat - d.lat) * rad;
    const dLon = (p.lon - d.lon) * rad;
    const a = Math.sin(dLat / 2) ** 2 + Math.cos(d.lat * rad) * Math.cos(p.lat * rad) * Math.sin(dLon / 2) ** 2;
    const metres = 2 * 6_371_000 * Math.asin(Math.sqrt(a));
    if (metres < 100) return msg('Your technician is at your address.');
    const bearing = (Math.atan2(dLon * Math.cos(((p.lat + d.lat) / 2) * rad), dLat) / rad + 360) % 360;
    const direction = [msg('north'), msg('north-east'), msg('east'), msg('south-east'), msg('south'), msg('south-west'), msg('west'), msg('north-west')][Math.round(bearing / 45) % 8];
    const distance =
      metres < 1000
        ? new Intl.NumberFormat(locale, { style: 'unit', unit: 'meter', maximumFractionDigits: 0 }).format(Math.round(metres / 50) * 50)
        : new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 }).format(metres / 1000);
    return msg(str`Your technician is about ${distance} ${direction} of ${d.label}.`);
  }

  private renderUpdated(view: TrackingView, locale?: string) {
    if (!view.position) return nothing;
    const age = Math.max(0, this.now() - Date.parse(view.position.recordedAt));
    const seconds = Math.round(age / 1000);
    const rtf = new Intl.RelativeTimeFormat(locale, { style: 'short' });
    const ago = seconds < 60 ? rtf.format(-seconds, 'second') : rtf.format(-Math.floor(seconds / 60), 'minute');
    return age > STALE_AFTER_MS
      ? html`<p part="updated stale"><span aria-hidden="true">⚠</span> ${msg(str`Last updated ${ago}. The technician’s location may be out of date.`)}</p>`
      : html`<p part="updated">${msg(str`Last updated ${ago}`)}</p>`;
  }

  private renderTechnician(view: TrackingView) {
    const { name, phone, photoUrl } = view.technician;
    return html`<section part="technician" aria-label=${msg('Your technician')}>
      ${photoUrl ? html`<img part="technician-photo" src=${photoUrl} alt="" width="48" height="48" />` : nothing}
      <p part="technician-name">${name ?? msg('Your technician')}</p>
      ${phone
        ? html`<p class="contact"><a part="call" href="tel:${phone}">${msg('Call')}</a> <a part="text" href="sms:${phone}">${msg('Text')}</a></p>`
        : nothing}
    </section>`;
  }
}
