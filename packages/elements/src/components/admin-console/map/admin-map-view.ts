// The OpenLayers part of the console's maps (pick a point, draw a territory, the live map of
// traveling technicians). The same `ol` modules as the customer live map's view, so the bundler
// shares one copy of OpenLayers between the two; shapes and markers are SVG drawn over the tiles.
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import Layer from 'ol/layer/Layer.js';
import TileLayer from 'ol/layer/Tile.js';
import XYZ from 'ol/source/XYZ.js';
import { defaults as interactions } from 'ol/interaction/defaults.js';
import { boundingExtent } from 'ol/extent.js';
import { fromLonLat, toLonLat } from 'ol/proj.js';
import { apply } from 'ol/transform.js';
import type { FrameState } from 'ol/Map.js';
import { olStyles } from '../../live-map/ol.styles';

export { olStyles };

export type LonLat = { lat: number; lon: number };
export type Shape = ({ kind: 'circle'; center: LonLat; radiusKm: number } | { kind: 'polygon'; points: LonLat[]; closed: boolean }) & { part?: string };
export interface Marker {
  at: LonLat;
  /** The SVG part: `point-marker`, `technician-marker`, `destination-marker`, `vertex`. */
  part: string;
  id?: string;
}
export interface Drawing {
  shapes: Shape[];
  markers: Marker[];
  /** Not drawn: where to look when nothing is drawn (e.g. the technicians' start locations). */
  near?: LonLat[];
}

export interface AdminMapOptions {
  tiles: string;
  onTileError: () => void;
  onTileLoad: () => void;
  /** A click or tap on the map. */
  onPick?: (at: LonLat) => void;
  /** The circle's radius handle was dragged (km from the centre). */
  onRadius?: (km: number) => void;
}

const SVG = 'http://www.w3.org/2000/svg';
const project = (p: LonLat) => fromLonLat([p.lon, p.lat]);
const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Great-circle distance in km. */
export function distanceKm(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function svg<K extends keyof SVGElementTagNameMap>(name: K, part: string, parent: Element): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, name);
  el.setAttribute('part', part);
  parent.append(el);
  return el;
}

export class AdminMapView {
  private readonly map: OlMap;
  private readonly root: SVGSVGElement;
  private drawing: Drawing = { shapes: [], markers: [] };
  private transform?: number[];

  constructor(element: HTMLElement, private readonly options: AdminMapOptions) {
    this.root = document.createElementNS(SVG, 'svg');
    this.root.setAttribute('class', 'arrivo-overlay');
    this.root.setAttribute('aria-hidden', 'true');
    const source = new XYZ({ url: options.tiles });
    source.on('tileloaderror', options.onTileError);
    source.on('tileloadend', options.onTileLoad);
    this.map = new OlMap({
      target: element,
      controls: [],
      // Clicks place points and corners: a double click must not zoom.
      interactions: interactions({ doubleClickZoom: false }),
      layers: [new TileLayer({ source }), new Layer({ render: (frameState) => this.draw(frameState) })],
      view: new View({ center: fromLonLat([0, 0]), zoom: 2, maxZoom: 19 }),
    });
    this.map.on('click', (e) => {
      const [lon, lat] = toLonLat(e.coordinate);
      options.onPick?.({ lat: Math.round(lat! * 1e6) / 1e6, lon: Math.round(lon! * 1e6) / 1e6 });
    });
  }

  set(drawing: Drawing): void {
    this.drawing = drawing;
    this.map.render();
  }

  /**
   * Fit the view to everything drawn (or centre on one point); with nothing of its own drawn yet,
   * to the context shapes (a business's other territories), else to the `near` points, so drawing
   * starts where the business works.
   */
  fit(): boolean {
    const size = this.map.getSize();
    if (!size || !size[0] || !size[1]) return false;
    const own = this.drawing.shapes.filter((shape) => !shape.part);
    const points: LonLat[] = this.drawing.markers.map((m) => m.at);
    for (const s of own.length || points.length ? own : this.drawing.shapes) {
      if (s.kind === 'polygon') points.push(...s.points);
      else {
        const dLat = s.radiusKm / 111.32;
        const dLon = dLat / Math.max(0.01, Math.cos((s.center.lat * Math.PI) / 180));
        points.push({ lat: s.center.lat - dLat, lon: s.center.lon - dLon }, { lat: s.center.lat + dLat, lon: s.center.lon + dLon });
      }
    }
    if (!points.length) points.push(...(this.drawing.near ?? []));
    if (!points.length) return false;
    this.map.getView().fit(boundingExtent(points.map(project)), { padding: [40, 40, 40, 40], maxZoom: 14 });
    return true;
  }

  /** Where a point is drawn, in CSS pixels from the map's top-left corner (tests). */
  pixelOf(at: LonLat): [number, number] | undefined {
    this.map.renderSync();
    const p = this.map.getPixelFromCoordinate(project(at));
    return p ? [p[0]!, p[1]!] : undefined;
  }

  zoomBy(delta: number): void {
    const view = this.map.getView();
    const zoom = view.getZoom() ?? 2;
    if (reducedMotion()) view.setZoom(zoom + delta);
    else view.animate({ zoom: zoom + delta, duration: 200 });
  }

  resize(): void {
    this.map.updateSize();
  }

  destroy(): void {
    this.map.setTarget(undefined);
  }

  private draw(frameState: FrameState): HTMLElement {
    const [width, height] = frameState.size;
    const root = this.root;
    root.setAttribute('viewBox', `0 0 ${width} ${height}`);
    root.setAttribute('width', String(width));
    root.setAttribute('height', String(height));
    this.transform = frameState.coordinateToPixelTransform;
    const pixel = (p: LonLat) => apply(this.transform!, project(p));
    root.replaceChildren();
    for (const s of this.drawing.shapes) {
      if (s.kind === 'circle') {
        const [x, y] = pixel(s.center);
        // Web Mercator stretches distances by 1/cos(latitude).
        const r = (s.radiusKm * 1000) / Math.cos((s.center.lat * Math.PI) / 180) / frameState.viewState.resolution;
        const circle = svg('circle', s.part ?? 'area', root);
        circle.setAttribute('cx', String(x));
        circle.setAttribute('cy', String(y));
        circle.setAttribute('r', String(r));
        if (this.options.onRadius && !s.part) this.handle(x! + r, y!, s.center);
      } else if (s.points.length) {
        const line = svg(s.closed ? 'polygon' : 'polyline', s.part ?? 'area', root);
        line.setAttribute('points', s.points.map((p) => pixel(p).join(',')).join(' '));
      }
    }
    for (const m of this.drawing.markers) {
      const [x, y] = pixel(m.at);
      const g = svg('g', m.part, root);
      g.setAttribute('transform', `translate(${x} ${y})`);
      if (m.id) g.dataset.id = m.id;
      svg('circle', `${m.part}-dot`, g).setAttribute('r', m.part === 'vertex' ? '5' : '8');
    }
    return root as unknown as HTMLElement;
  }

  /** The circle's radius handle: dragging it (pointer captured, so the map does not pan) sets the radius. */
  private handle(x: number, y: number, center: LonLat) {
    const handle = svg('circle', 'radius-handle', this.root);
    handle.setAttribute('cx', String(x));
    handle.setAttribute('cy', String(y));
    handle.setAttribute('r', '9');
    handle.addEventListener('pointerdown', (e) => {
      e.stopPropagation();
      e.preventDefault();
      const viewport = this.map.getViewport()!;
      const move = (ev: PointerEvent) => {
        const coordinate = this.map.getCoordinateFromPixel(this.map.getEventPixel(ev));
        if (!coordinate) return;
        const [lon, lat] = toLonLat(coordinate);
        const km = distanceKm(center, { lat: lat!, lon: lon! });
        if (km > 0) this.options.onRadius?.(Math.round(km * 100) / 100);
      };
      const up = () => {
        viewport.removeEventListener('pointermove', move, true);
        window.removeEventListener('pointerup', up, true);
      };
      viewport.addEventListener('pointermove', move, true);
      window.addEventListener('pointerup', up, true);
    });
  }
}
