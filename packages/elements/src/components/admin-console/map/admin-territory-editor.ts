import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { AdminMapBase } from './admin-map-base';
import type { Drawing, LonLat, Shape } from './admin-map-view';
import { ArrivoTerritoryChangeEvent, type TerritoryShape } from './events';

type Kind = 'circle' | 'polygon';
const round = (n: number) => Math.round(n * 1e6) / 1e6;
const inRange = (p: LonLat) => Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180;

/** "lon, lat" per line; the line numbers (from 1) that are not a point. */
export function parsePoints(text: string): { points: LonLat[]; bad: number[] } {
  const points: LonLat[] = [];
  const bad: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const parts = line.split(/[,;\s]+/).filter(Boolean).map(Number);
    const p = { lon: parts[0]!, lat: parts[1]! };
    if (parts.length !== 2 || !inRange(p)) bad.push(i + 1);
    else points.push(p);
  });
  return { points, bad };
}

/**
 * @tag arrivo-admin-territory-editor
 * @summary Draw a territory: a **circle** (click the map for its centre, drag the handle for its
 * radius, or type both) or a **polygon** (click its corners, then Finish; or type its corners as
 * "longitude, latitude" lines — the keyboard and screen-reader way).
 *
 * Set `value` to a territory's `{center, radiusKm}` or `{polygon}` to edit it; `others` draws the
 * business's other territories for context (the map opens on them; with none, on the `near` points).
 * `shape` is the drawn shape, or null while unfinished.
 *
 * @event arrivo-territory-change - `detail: {shape}` at every change (null while unfinished).
 *
 * @csspart map - The map area. @csspart area - The territory drawn (SVG). @csspart radius-handle - The circle's radius handle.
 * @csspart vertex - A polygon's corner. @csspart field-error - A field's error, beside it.
 */
@localized()
export class ArrivoAdminTerritoryEditor extends AdminMapBase {
  /** The shape to start from. */
  @property({ attribute: false }) value: TerritoryShape | null = null;
  /** Other territories, drawn dashed. */
  @property({ attribute: false }) others: TerritoryShape[] = [];
  /** Where the map opens when nothing else is drawn (the technicians' start locations, say). */
  @property({ attribute: false }) near: LonLat[] = [];

  @state() private kind: Kind = 'circle';
  /** The circle's fields as typed (or set from the map). */
  @state() private circle = { lat: '', lon: '', radius: '' };
  @state() private points: LonLat[] = [];
  @state() private closed = false;
  @state() private badLines: number[] = [];
  private shown?: TerritoryShape | null;

  private get center(): LonLat | undefined {
    const p = { lat: Number(this.circle.lat || NaN), lon: Number(this.circle.lon || NaN) };
    return inRange(p) ? p : undefined;
  }

  private get radiusKm(): number | undefined {
    const r = Number(this.circle.radius || NaN);
    return r > 0 && r <= 1000 ? r : undefined;
  }

  /** The drawn shape, ready for the API, or null while unfinished. */
  get shape(): TerritoryShape | null {
    if (this.kind === 'circle') return this.center && this.radiusKm ? { center: this.center, radiusKm: this.radiusKm } : null;
    return this.closed && this.points.length >= 3 ? { polygon: this.points.map((p) => [p.lon, p.lat] as [number, number]) } : null;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('value') && this.value !== this.shown) {
      this.shown = this.value;
      const v = this.value;
      this.kind = v?.polygon ? 'polygon' : 'circle';
      this.circle = { lat: v?.center ? String(v.center.lat) : '', lon: v?.center ? String(v.center.lon) : '', radius: v?.radiusKm ? String(v.radiusKm) : '' };
      this.points = v?.polygon?.map(([lon, lat]) => ({ lat, lon })) ?? [];
      this.closed = Boolean(v?.polygon);
      this.badLines = [];
      this.refit();
    }
  }

  protected drawing(): Drawing {
    const shapes: Shape[] = this.others.map((o): Shape =>
      o.polygon ? { kind: 'polygon', points: o.polygon.map(([lon, lat]) => ({ lat, lon })), closed: true, part: 'other-area' } : { kind: 'circle', center: o.center!, radiusKm: o.radiusKm!, part: 'other-area' },
    );
    const markers: Drawing['markers'] = [];
    if (this.kind === 'circle' && this.center) {
      if (this.radiusKm) shapes.push({ kind: 'circle', center: this.center, radiusKm: this.radiusKm });
      markers.push({ at: this.center, part: 'point-marker' });
    }
    if (this.kind === 'polygon') {
      shapes.push({ kind: 'polygon', points: this.points, closed: this.closed });
      if (!this.closed) markers.push(...this.points.map((at) => ({ at, part: 'vertex' })));
    }
    return { shapes, markers, near: this.near };
  }

  protected override onPick(at: LonLat): void {
    if (this.kind === 'circle') {
      this.circle = { lat: String(at.lat), lon: String(at.lon), radius: this.circle.radius || '5' };
    } else {
      if (this.closed) return;
      this.points = [...this.points, at];
    }
    this.changed();
  }

  protected override onRadius(km: number): void {
    this.circle = { ...this.circle, radius: String(km) };
    this.changed();
  }

  private changed() {
    this.emit(new ArrivoTerritoryChangeEvent({ shape: this.shape }));
  }

  private setKind(kind: Kind) {
    this.kind = kind;
    this.changed();
  }

  private typedCircle() {
    const value = (id: string) => this.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!.value.trim();
    this.circle = { lat: value('center-lat'), lon: value('center-lon'), radius: value('radius') };
    this.refit();
    this.changed();
  }

  private typedPoints(e: Event) {
    const { points, bad } = parsePoints((e.target as HTMLTextAreaElement).value);
    this.badLines = bad;
    if (bad.length) return this.changed();
    this.points = points;
    this.closed = points.length >= 3;
    this.refit();
    this.changed();
  }

  private finish() {
    this.closed = true;
    this.changed();
  }

  override render() {
    const pointsText = this.points.map((p) => `${round(p.lon)}, ${round(p.lat)}`).join('\n');
    return html`<fieldset part="panel">
      <legend>${msg('Area')}</legend>
      <div class="row" role="radiogroup" aria-label=${msg('Shape')}>
        <label class="check"><input type="radio" name="kind" value="circle" .checked=${this.kind === 'circle'} @change=${() => this.setKind('circle')} />${msg('Circle')}</label>
        <label class="check"><input type="radio" name="kind" value="polygon" .checked=${this.kind === 'polygon'} @change=${() => this.setKind('polygon')} />${msg('Polygon')}</label>
      </div>
      ${this.kind === 'circle'
        ? this.renderMap(msg('Map: click to place the circle’s centre'), msg('Click the map to place the centre and drag the white handle to set the radius, or type them below.'))
        : this.renderMap(msg('Map: click to add the polygon’s corners'), msg('Click the map at each corner, then Finish; or type one corner per line below as longitude, latitude.'))}
      ${this.kind === 'circle' ? this.renderCircle() : this.renderPolygon(pointsText)}
    </fieldset>`;
  }

  private renderCircle() {
    const c = this.circle;
    return html`<div class="grid2">
      <label>${msg('Centre latitude')}<input id="center-lat" type="number" min="-90" max="90" step="any" .value=${c.lat} @change=${this.typedCircle} /></label>
      <label>${msg('Centre longitude')}<input id="center-lon" type="number" min="-180" max="180" step="any" .value=${c.lon} @change=${this.typedCircle} /></label>
      <label>${msg('Radius (km)')}<input id="radius" type="number" min="0.1" max="1000" step="any" .value=${c.radius} @change=${this.typedCircle} /></label>
    </div>`;
  }

  private renderPolygon(pointsText: string) {
    const bad = this.badLines.length > 0;
    return html`<label>${msg('Corners (longitude, latitude — one per line)')}
        <textarea id="points" class="code" rows="5" dir="ltr" .value=${pointsText} aria-invalid=${bad ? 'true' : nothing} aria-describedby=${bad ? 'points-error' : nothing}
          @change=${this.typedPoints}></textarea>
        ${bad ? html`<span class="field-error" id="points-error" part="field-error">${msg(str`Line ${this.badLines.join(', ')}: give a longitude (-180 to 180) and a latitude (-90 to 90).`)}</span>` : nothing}
      </label>
      <p class="hint" role="status">${this.closed ? msg(str`A polygon of ${this.points.length} corners.`) : msg(str`${this.points.length} corners so far; a polygon needs at least 3.`)}</p>
      <div class="actions">
        <button part="button" type="button" data-action="finish" ?disabled=${this.closed || this.points.length < 3} @click=${this.finish}>${msg('Finish polygon')}</button>
        <button part="button" data-variant="secondary" type="button" ?disabled=${!this.points.length} @click=${() => ((this.points = this.points.slice(0, -1)), (this.closed = false), this.changed())}>${msg('Remove last corner')}</button>
        <button part="button" data-variant="secondary" type="button" ?disabled=${!this.points.length} @click=${() => ((this.points = []), (this.closed = false), this.changed())}>${msg('Start again')}</button>
      </div>`;
  }
}
