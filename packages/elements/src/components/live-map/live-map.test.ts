import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../arrivo-live-map';
import '../../arrivo-portal';
import type { ArrivoLiveMap } from './live-map';
import { API, BUSINESS, DEMO_PASSWORD, bookVisit, newCustomer, requestOf, sendFix, setStatus, signIn } from '../../test-support';
import { SessionStore } from '../../session/session-store';

// Against the real API: the tracking view, the live stream, fixes through the tracking service.
// Tiles come from the test API server (a tiny PNG), or from a route that always fails.
const ORIGIN = API.replace(/\/api$/, '');
const LOCAL_TILES = `${ORIGIN}/__test__/tile/{z}/{x}/{y}.png`;
const FAILING_TILES = `${ORIGIN}/__test__/no-tiles/{z}/{x}/{y}.png`;
// Linh's home (the demo's 3614 SE Hawthorne Blvd) and points to the north-west of it.
const HOME = { lat: 45.512, lon: -122.6262 };

const $ = <T extends Element = HTMLElement>(el: Element, s: string) => el.shadowRoot!.querySelector<T>(s);
const text = (el: Element) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const ETA = /^Arriving in about \d+ min · by \d{1,2}:\d\d\s?(AM|PM)$|^Your technician is arriving now\.$/;

let clock = Date.now() - 5 * 60_000;
/** Fixes must be newer than the last one stored: each gets its own moment, a second apart, in the recent past. */
const fix = (id: string, lat: number, lon: number) => sendFix(id, { lat, lon, recordedAt: new Date((clock += 1000)).toISOString() });

let traveling: string;
const finish: string[] = [];

async function mount(bookingId: string, tiles = LOCAL_TILES) {
  return fixture<ArrivoLiveMap>(html`<arrivo-live-map api=${API} business=${BUSINESS} booking-id=${bookingId} tiles=${tiles}></arrivo-live-map>`);
}
const mapShown = (el: ArrivoLiveMap) => waitUntil(() => el.markerPosition && $(el, '[part~="technician-marker"]'), 'map never shown', { timeout: 8000 });

describe('<arrivo-live-map>', () => {
  before(async () => {
    const { token } = await signIn();
    traveling = (await bookVisit(token, 0)).booking.id;
    await setStatus(traveling, 'traveling');
    finish.push(traveling);
    await fix(traveling, 45.53, -122.66);
  });
  beforeEach(() => signIn());
  // Leave Linh with no visit on the way, as the other test files expect.
  after(() => Promise.all(finish.map((id) => setStatus(id, 'completed'))));

  it('shows the technician, the destination, the ETA and the technician card on a map with local tiles', async () => {
    const el = await mount(traveling);
    await mapShown(el);
    expect($(el, '[part~="eta"]')!.textContent).to.match(ETA);
    expect($(el, '[part~="eta"]')!.getAttribute('role')).to.equal('status');
    expect($(el, '#map-description')!.textContent).to.match(/^Your technician is about [\d.]+ km north-west of 3614 SE Hawthorne Blvd\. /);
    expect(el.markerPosition!.lat).to.be.closeTo(45.53, 1e-6);
    expect($(el, '[part~="destination-marker"]')!.getAttribute('cx')).to.match(/\d/);
    expect($(el, '[part~="technician"]')).not.to.equal(null);
    await waitUntil(() => $(el, '#map')!.dataset.tiles === 'ok' && $(el, 'canvas'), 'tiles did not draw', { timeout: 8000 });
    // ol.css is adopted (a constructable stylesheet: no <style> element, nothing a strict CSP refuses).
    expect(el.shadowRoot!.adoptedStyleSheets.some((s) => [...s.cssRules].some((r) => r.cssText.includes('.ol-viewport')))).to.equal(true);
    expect(el.shadowRoot!.querySelector('style')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('moves the marker and updates the ETA on a tracking.position message', async () => {
    const el = await mount(traveling);
    await mapShown(el);
    const before = { eta: $(el, '[part~="eta"]')!.textContent, transform: $(el, '[part~="technician-marker"]')!.getAttribute('transform') };
    // From the message itself: from here on the view cannot be fetched again (such a request never
    // answers), so only the stream's message can move the marker.
    const real = window.fetch;
    window.fetch = (input, init) =>
      requestOf(input, init).url.endsWith(`/me/bookings/${traveling}/tracking`) ? new Promise<Response>(() => {}) : real(input, init);
    try {
      const { eta } = await fix(traveling, 45.5135, -122.628); // a street away
      await waitUntil(() => Math.abs(el.markerPosition!.lat - 45.5135) < 1e-6, 'marker did not reach the new fix', { timeout: 8000 });
      expect($(el, '[part~="technician-marker"]')!.getAttribute('transform')).not.to.equal(before.transform);
      expect($(el, '[part~="eta"]')!.textContent).to.match(ETA);
      expect(eta).to.not.equal(null);
      expect($(el, '[part~="eta"]')!.textContent).not.to.equal(before.eta);
      expect($(el, '[part~="route"]')!.getAttribute('points')!.split(' ').length).to.be.greaterThan(1);
    } finally {
      window.fetch = real;
    }
    await fix(traveling, 45.53, -122.66); // back where the other tests expect it
  });

  it('ignores a tracking.position older than the one it shows', async () => {
    const el = await mount(traveling);
    await mapShown(el);
    const shown = () => (el as unknown as { view: { position: { lat: number; recordedAt: string } } }).view.position;
    const deliver = (lat: number, recordedAt: number) =>
      (el as unknown as { onLive(e: unknown): void }).onLive({
        type: 'tracking.position',
        data: { bookingId: traveling, position: { lat, lon: -122.6, accuracyM: 5, headingDeg: null, recordedAt: new Date(recordedAt).toISOString() }, eta: null },
      });
    const current = shown();
    const t = Date.parse(current.recordedAt);
    deliver(45.1, t - 60_000); // older: a late message
    deliver(45.2, t); // the same moment: a replay
    await el.updateComplete;
    expect(shown().lat).to.equal(current.lat);
    expect(shown().recordedAt).to.equal(current.recordedAt);
    deliver(45.3, t + 1000); // newer: shown
    await waitUntil(() => shown().lat === 45.3, 'a newer fix was not shown');
  });

  it('glides the marker to a new fix, and jumps there with prefers-reduced-motion', async () => {
    const el = await mount(traveling);
    await mapShown(el);
    const at = (lat: number) => Math.abs(el.markerPosition!.lat - lat) < 1e-6;
    // The marker is on its way for a moment after the fix arrives (the render has the new fix).
    await fix(traveling, 45.52, -122.64);
    await waitUntil(() => /km|m /.test($(el, '#map-description')!.textContent!) && el.markerPosition!.lat < 45.5299, 'fix not shown', { timeout: 8000 });
    expect(at(45.52)).to.equal(false);
    await waitUntil(() => at(45.52), 'glide did not end at the fix', { timeout: 5000 });

    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      await fix(traveling, 45.53, -122.66);
      await waitUntil(() => el.markerPosition!.lat > 45.5201, 'fix not shown', { timeout: 8000 });
      expect(at(45.53)).to.equal(true); // no frames in between
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  it('zooms with the keyboard and the buttons', async () => {
    const el = await mount(traveling);
    await mapShown(el);
    const destination = $(el, '[part~="destination-marker"]')!;
    const map = $(el, '#map')!;
    // Zoom is about the centre: the distance from the destination to the technician on screen doubles per step.
    const spread = () => {
      const [x] = /translate\(([-\d.]+) ([-\d.]+)\)/.exec($(el, '[part~="technician-marker"]')!.getAttribute('transform')!)!.slice(1).map(Number);
      return Math.abs(x! - Number(destination.getAttribute('cx')));
    };
    await waitUntil(() => spread() > 0, 'no spread', { timeout: 5000 });
    const start = spread();
    map.focus();
    map.dispatchEvent(new KeyboardEvent('keydown', { key: '+', bubbles: true, composed: true }));
    await waitUntil(() => spread() > start * 1.9, 'the + key did not zoom in', { timeout: 5000 });
    $<HTMLButtonElement>(el, '[part~="zoom-out"]')!.click();
    await waitUntil(() => Math.abs(spread() - start) < 1, 'zoom out did not return', { timeout: 5000 });
    map.dispatchEvent(new KeyboardEvent('keydown', { key: '-', bubbles: true, composed: true }));
    await waitUntil(() => spread() < start * 0.6, 'the - key did not zoom out', { timeout: 5000 });
  });

  it('warns when no fix has come for 2 minutes (with an injected clock)', async () => {
    const el = await mount(traveling);
    await mapShown(el);
    const recordedAt = Date.parse((await (await fetch(`${API}/businesses/${BUSINESS}/me/bookings/${traveling}/tracking`, {
      headers: { authorization: `Bearer ${SessionStore.for(API, BUSINESS).token}` },
    })).json()).position.recordedAt);
    el.now = () => recordedAt + 40_000;
    await el.updateComplete;
    expect($(el, '[part~="updated"]')!.textContent).to.match(/Last updated 40 sec\. ago/);
    expect($(el, '[part~="stale"]')).to.equal(null);
    el.now = () => recordedAt + 125_000;
    await el.updateComplete;
    expect($(el, '[part~="stale"]')!.textContent).to.match(/Last updated 2 min\. ago\. The technician’s location may be out of date\./);
  });

  it('still shows the markers, the line and the ETA when tiles fail', async () => {
    const el = await mount(traveling, FAILING_TILES);
    await mapShown(el);
    await waitUntil(() => $(el, '#map')!.dataset.tiles === 'failed', 'tile failure not noticed', { timeout: 8000 });
    expect($(el, '[part~="destination-marker"]')!.getAttribute('cx')).to.match(/\d/);
    expect($(el, '[part~="route"]')!.getAttribute('points')).to.match(/\d/);
    expect($(el, '[part~="eta"]')!.textContent).to.match(ETA);
    expect(text(el)).to.contain('The map could not be loaded');
  });

  it('speaks Arabic right to left (the map itself stays left to right)', async () => {
    const el = await fixture<ArrivoLiveMap>(
      html`<arrivo-live-map api=${API} business=${BUSINESS} booking-id=${traveling} tiles=${LOCAL_TILES} locale="ar"></arrivo-live-map>`,
    );
    try {
      await mapShown(el);
      await waitUntil(() => /[\u0600-\u06FF]/.test($(el, '[part~="eta"]')!.textContent!), 'no Arabic ETA', { timeout: 5000 });
      expect(el.getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle($(el, '[part~="zoom"]')!).direction).to.equal('rtl');
      expect($(el, '#map')!.getAttribute('dir')).to.equal('ltr');
      await expect(el).to.be.accessible();
    } finally {
      el.locale = 'en';
      await waitUntil(() => !/[\u0600-\u06FF]/.test($(el, '[part~="eta"]')!.textContent!), 'not back to English', { timeout: 5000 });
    }
  });

  it('shows no position before the technician sets off, the map once they do, and none after they arrive', async () => {
    const { token } = await signIn();
    const id = (await bookVisit(token, 0)).booking.id;
    finish.push(id);
    const el = await mount(id);
    await waitUntil(() => $(el, '[part~="notice"]'), 'no notice', { timeout: 8000 });
    expect(text(el)).to.contain('The live map is available while your technician is on the way.');
    expect($(el, '#map')).to.equal(null);
    // The status change comes on the live stream: the element loads the view again.
    await setStatus(id, 'traveling');
    await waitUntil(() => $(el, '#map'), 'no map once traveling', { timeout: 8000 });
    expect($(el, '[part~="eta"]')!.textContent).to.equal('Waiting for your technician’s location…');
    await fix(id, 45.52, -122.64);
    await mapShown(el);
    await setStatus(id, 'in_progress');
    await waitUntil(() => text(el).includes('Your technician has arrived.'), 'did not stop at arrival', { timeout: 8000 });
    expect($(el, '#map')).to.equal(null);
    expect(el.markerPosition).to.equal(undefined);
  });

  it('does not show another account’s visit', async () => {
    const nell = await newCustomer('Nell');
    const session = await (await fetch(`${API}/businesses/${BUSINESS}/session`, { headers: { authorization: `Bearer ${nell.token}` } })).json();
    SessionStore.for(API, BUSINESS).set({ ...session, token: nell.token });
    const el = await mount(traveling);
    await waitUntil(() => $(el, '[part~="error"]'), 'no error', { timeout: 8000 });
    expect($(el, '[part~="error"]')!.textContent).to.contain('could not be found');
    expect($(el, '#map')).to.equal(null);
    expect(el.markerPosition).to.equal(undefined);
  });

  it('opens a tracking link from #arrivo-track in the portal without signing in, and says when a link is not valid', async () => {
    const staff = await (await fetch(`${API}/businesses/${BUSINESS}/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'dana@rosecity.example', password: DEMO_PASSWORD }),
    })).json();
    const link = await (await fetch(`${API}/businesses/${BUSINESS}/admin/bookings/${traveling}/tracking-link`, { method: 'POST', headers: { authorization: `Bearer ${staff.token}` } })).json();
    const token = /#arrivo-track=(.+)$/.exec(link.url)![1]!;
    SessionStore.for(API, BUSINESS).clear();
    history.replaceState(null, '', `#arrivo-track=${token}`);
    try {
      const portal = await fixture(html`<arrivo-portal api=${API} business=${BUSINESS} map-tiles=${LOCAL_TILES}></arrivo-portal>`);
      await waitUntil(() => portal.shadowRoot!.querySelector('[part~="live-map"] arrivo-live-map'), 'no map in the portal', { timeout: 8000 });
      const map = portal.shadowRoot!.querySelector<ArrivoLiveMap>('arrivo-live-map')!;
      expect(map.trackingToken).to.equal(token);
      expect(map.tiles).to.equal(LOCAL_TILES); // the business's tile provider
      await mapShown(map);
      expect($(map, '[part~="eta"]')!.textContent).to.match(ETA);
      expect(portal.shadowRoot!.querySelector('arrivo-sign-in')).not.to.equal(null); // signed out: sign-in stays below

      const invalid = await fixture<ArrivoLiveMap>(html`<arrivo-live-map api=${API} business=${BUSINESS} tracking-token="not-a-valid-link-token"></arrivo-live-map>`);
      await waitUntil(() => $(invalid, '[part~="error"]'), 'no error', { timeout: 8000 });
      expect($(invalid, '[part~="error"]')!.textContent).to.contain('This tracking link is not active.');
    } finally {
      history.replaceState(null, '', window.location.pathname + window.location.search);
    }
  });
});
