// The OpenLayers part of <arrivo-live-map>, loaded with import() only when a map is shown. Tiles
// come from an XYZ layer; the route line and the markers are drawn by a small SVG layer of our own
// rather than OpenLayers' vector stack (its canvas renderer, styles and expressions would double
// this chunk), so they show whether or not tiles load.
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import Layer from 'ol/layer/Layer.js';
import TileLayer from 'ol/layer/Tile.js';
import XYZ from 'ol/source/XYZ.js';
import { boundingExtent } from 'ol/extent.js';
import { fromLonLat, toLonLat } from 'ol/proj.js';
import { apply } from 'ol/transform.js';
import type { FrameState } from 'ol/Map.js';
import { olStyles } from './ol.styles';

export { olStyles };

type LonLat = { lat: number; lon: number };
type Coordinate = number[];

export interface MapContent {
  destination: LonLat;
  position: LonLat | null;
  trail: LonLat[];
}

export interface MapOptions {
  tiles: string;
  /** Tiles failed to load (the map goes on without them). */
  onTileError: () => void;
  onTileLoad: () => void;
}

const SVG = 'http://www.w3.org/2000/svg';
const MOVE_MS = 1000;
const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const project = (p: LonLat) => fromLonLat([p.lon, p.lat]);

function svg<K extends keyof SVGElementTagNameMap>(name: K, part: string, parent: Element): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, name);
  el.setAttribute('part', part);
  parent.append(el);
  return el;
}

export class MapView {
  private readonly map: OlMap;
  private content?: MapContent;
  /** Where the technician's marker is drawn now (it glides to the latest fix). */
  private shown?: Coordinate;
  private target?: Coordinate;
  private frame = 0;
  private readonly root: SVGSVGElement;
  private readonly line: SVGPolylineElement;
  private readonly destination: SVGCircleElement;
  private readonly technician: SVGGElement;
  private fitted = false;

  constructor(element: HTMLElement, options: MapOptions) {
    this.root = document.createElementNS(SVG, 'svg');
    this.root.setAttribute('class', 'arrivo-overlay');
    this.root.setAttribute('aria-hidden', 'true');
    this.line = svg('polyline', 'route', this.root);
    this.destination = svg('circle', 'destination-marker', this.root);
    this.destination.setAttribute('r', '9');
    this.technician = svg('g', 'technician-marker', this.root);
    svg('circle', 'technician-halo', this.technician).setAttribute('r', '16');
    svg('circle', 'technician-dot', this.technician).setAttribute('r', '8');

    const source = new XYZ({ url: options.tiles });
    source.on('tileloaderror', options.onTileError);
    source.on('tileloadend', options.onTileLoad);
    const overlay = new Layer({ render: (frameState) => this.draw(frameState) });
    this.map = new OlMap({
      target: element,
      controls: [],
      layers: [new TileLayer({ source }), overlay],
      view: new View({ center: fromLonLat([0, 0]), zoom: 2, maxZoom: 19 }),
    });
  }

  /** Show a tracking view: the first time the view fits both markers, later fixes glide. */
  update(content: MapContent): void {
    this.content = content;
    const next = content.position ? project(content.position) : undefined;
    if (!next) this.shown = this.target = undefined;
    else if (!this.shown || reducedMotion()) this.shown = this.target = next;
    else this.glide(next);
    if (!this.fitted) this.fit();
    this.map.render();
  }

  /** Where the technician's marker is now, or undefined when none is shown. */
  get marker(): LonLat | undefined {
    if (!this.shown) return undefined;
    const [lon, lat] = toLonLat(this.shown);
    return { lat: lat!, lon: lon! };
  }

  zoomBy(delta: number): void {
    const view = this.map.getView();
    const zoom = view.getZoom() ?? 2;
    if (reducedMotion()) view.setZoom(zoom + delta);
    else view.animate({ zoom: zoom + delta, duration: 200 });
  }

  /** Fit to the destination and the technician (and the trail). */
  fit(): void {
    const c = this.content;
    const size = this.map.getSize();
    if (!c || !size || !size[0] || !size[1]) return;
    const points = [c.destination, ...(c.position ? [c.position] : []), ...c.trail].map(project);
    this.map.getView().fit(boundingExtent(points), { padding: [48, 48, 48, 48], maxZoom: 16 });
    this.fitted = true;
  }

  /** The element's size changed. */
  resize(): void {
    this.map.updateSize();
    if (!this.fitted) this.fit();
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.map.setTarget(undefined);
  }

  private glide(to: Coordinate) {
    cancelAnimationFrame(this.frame);
    const from = this.shown!;
    this.target = to;
    const start = performance.now();
    const step = (t: number) => {
      const k = Math.min(1, (t - start) / MOVE_MS);
      const ease = k * (2 - k);
      this.shown = [from[0]! + (to[0]! - from[0]!) * ease, from[1]! + (to[1]! - from[1]!) * ease];
      this.map.render();
      if (k < 1) this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  /** The SVG layer: the trail up to the marker, the destination and the technician. */
  private draw(frameState: FrameState): HTMLElement {
    const [width, height] = frameState.size;
    this.root.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.root.setAttribute('width', String(width));
    this.root.setAttribute('height', String(height));
    const pixel = (c: Coordinate) => apply(frameState.coordinateToPixelTransform, [c[0]!, c[1]!]);
    const c = this.content;
    if (c) {
      const [dx, dy] = pixel(project(c.destination));
      this.destination.setAttribute('cx', String(dx));
      this.destination.setAttribute('cy', String(dy));
      // The trail ends at the latest fix, where the marker is gliding to: the line follows the marker.
      const trail = this.shown && c.trail.length ? c.trail.slice(0, -1) : c.trail;
      const points = [...trail.map(project), ...(this.shown ? [this.shown] : [])].map((p) => pixel(p).join(','));
      this.line.setAttribute('points', points.join(' '));
      if (this.shown) {
        const [x, y] = pixel(this.shown);
        this.technician.setAttribute('transform', `translate(${x} ${y})`);
        this.technician.removeAttribute('visibility');
      } else this.technician.setAttribute('visibility', 'hidden');
    }
    return this.root as unknown as HTMLElement;
  }
}
