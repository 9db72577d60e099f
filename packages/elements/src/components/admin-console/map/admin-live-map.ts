import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import * as live from '../../../api/admin-live';
import { liveSource } from '../../../api/tracking';
import { coalesce, LiveController, type LiveEvent } from '../../../live/controller';
import { formatTime } from '../../../format';
import { AdminMapBase } from './admin-map-base';
import type { Drawing } from './admin-map-view';

type Travel = live.LiveTravels['visits'][number];

/**
 * @tag arrivo-admin-live-map
 * @summary For staff: the business's technicians on the way to a visit, on a map (each technician
 * at their latest position, and the visit's place) and in a table beside it (who, to whom, the
 * estimated arrival and how fresh the position is). Positions move as fixes arrive on the live
 * stream; a status change adds or removes a row.
 *
 * @csspart map - The map area. @csspart technician-marker - A technician (SVG; `data-id` is the visit).
 * @csspart destination-marker - A visit's place (SVG).
 */
@localized()
export class ArrivoAdminLiveMap extends AdminMapBase {
  /** Fixes that arrived since the last load, by visit. */
  @state() private moved: ReadonlyMap<string, Pick<Travel, 'position' | 'eta'>> = new Map();

  private readonly travels = this.data((_, signal) => live.liveTravels(this.connection, signal), {
    reset: () => (this.moved = new Map()),
    onError: (err) => this.report(err),
  });
  private readonly reloadSoon = coalesce(() => this.travels.reload().then(() => (this.moved = new Map())));
  private readonly stream = new LiveController(
    this,
    () => liveSource(this.connection, { session: this.session?.token }),
    (e) => this.onLive(e),
  );

  private onLive(event: LiveEvent) {
    if (event.type === 'tracking.position') {
      const { bookingId, position, eta } = event.data;
      if (!this.visits.some((v) => v.bookingId === bookingId)) return this.reloadSoon();
      this.moved = new Map([...this.moved, [bookingId, { position, eta }]]);
    } else if (event.type !== 'tracking.arriving') this.reloadSoon();
  }

  /** The loaded visits with the fixes that arrived since. */
  private get visits(): Travel[] {
    return (this.travels.value?.visits ?? []).map((v) => ({ ...v, ...this.moved.get(v.bookingId) }));
  }

  protected drawing(): Drawing {
    const markers: Drawing['markers'] = [];
    for (const v of this.visits) {
      markers.push({ at: v.destination, part: 'destination-marker', id: v.bookingId });
      if (v.position) markers.push({ at: v.position, part: 'technician-marker', id: v.bookingId });
    }
    return { shapes: [], markers };
  }

  override render() {
    if (this.travels.error) return this.renderLoadError(this.travels.error, () => this.travels.reload());
    const loaded = this.travels.value;
    if (!loaded) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span class="tall"></span></div>`;
    const visits = this.visits;
    const locale = this.locale || undefined;
    const ago = (iso: string) => {
      const minutes = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60_000));
      return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-minutes, 'minute');
    };
    return html`<section part="panel" aria-labelledby="live-map-title">
      <h3 id="live-map-title">${msg('Technicians on the way')}</h3>
      ${loaded.trackingEnabled ? nothing : html`<p part="notice">${msg('Location tracking is off for this business: no positions are shown.')}</p>`}
      ${this.renderMap(msg('Map of technicians on the way'), msg('Each technician is a blue dot at their latest position; each visit’s place is a white dot. The table lists the same.'))}
      ${visits.length
        ? html`<table>
            <thead>
              <tr><th scope="col">${msg('Technician')}</th><th scope="col">${msg('Going to')}</th><th scope="col">${msg('Arrival')}</th><th scope="col">${msg('Position')}</th></tr>
            </thead>
            <tbody>
              ${visits.map(
                (v) => html`<tr data-booking=${v.bookingId}>
                  <td>${v.technician.name}</td>
                  <td>${v.accountName}<br /><span class="hint">${v.destination.label}</span></td>
                  <td>${v.eta ? (v.eta.arriving ? msg('Arriving now') : msg(str`In about ${v.eta.minutes} min · ${formatTime(v.eta.at, loaded.timeZone, locale)}`)) : msg('Not known yet')}</td>
                  <td data-position=${v.position ? `${v.position.lat},${v.position.lon}` : ''}>${v.position ? msg(str`Updated ${ago(v.position.recordedAt)}`) : msg('No position yet')}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p part="notice" role="status">${msg('No technician is on the way right now.')}</p>`}
    </section>`;
  }
}
