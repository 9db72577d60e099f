import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TrackingView } from '@arrivo/core';
import '../../arrivo-live-map';
import '../../arrivo-portal';
import type { ArrivoLiveMap } from './live-map';
import { API, BUSINESS, signIn as apiSignIn } from '../../test-support';
import { SessionStore } from '../../session/session-store';

// Until the tracking API and the live stream are merged, these run against the test API server's
// stand-in of them (scripts/test-api-server.ts, `/__test__/fake`), which keeps the same contract:
// TrackingView from core, the same routes and headers, SSE with `tracking.position` / `booking.status`.
const ORIGIN = API.replace(/\/api$/, '');
const FAKE_API = `${ORIGIN}/__test__/fake/api`;
// A 1×1 PNG from a data route of the test page's own server would do; a data: URL template keeps it local.
const LOCAL_TILES = `${ORIGIN}/__test__/tile/{z}/{x}/{y}.png`;
const FAILING_TILES = `${ORIGIN}/__test__/no-tiles/{z}/{x}/{y}.png`;

/** A real session of the demo customer, kept where elements using the stand-in API look for it. */
async function signIn() {
  const session = await apiSignIn();
  SessionStore.for(FAKE_API, BUSINESS).set(session as never);
  return session;
}

const $ = <T extends Element = HTMLElement>(el: Element, s: string) => el.shadowRoot!.querySelector<T>(s);
const text = (el: Element) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const post = (path: string, body: unknown) =>
  fetch(`${ORIGIN}/__test__/fake/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function traveling(bookingId: string, recordedAt = new Date().toISOString()): TrackingView {
  return {
    bookingId,
    status: 'traveling',
    arrivalAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    arrivalWindowEndsAt: null,
    timeZone: 'America/Los_Angeles',
    destination: { lat: 45.5526, lon: -122.6755, label: '4000 N Mississippi Ave' },
    position: { lat: 45.52, lon: -122.68, accuracyM: 10, headingDeg: null, recordedAt },
    trail: [{ lat: 45.51, lon: -122.69 }, { lat: 45.52, lon: -122.68 }],
    eta: { minutes: 12, at: '2026-12-03T18:42:00Z', arriving: false },
    technician: { name: 'Marco Diaz', phone: '+15035550100', photoUrl: null },
    business: { name: 'Rose City Plumbing', phone: null },
  };
}

async function mount(view: TrackingView, tiles = LOCAL_TILES) {
  const { token } = await signIn();
  await post(`views/${view.bookingId}`, { view, owner: token });
  const el = await fixture<ArrivoLiveMap>(
    html`<arrivo-live-map api=${FAKE_API} business=${BUSINESS} booking-id=${view.bookingId} tiles=${tiles}></arrivo-live-map>`,
  );
  return el;
}
const mapShown = (el: ArrivoLiveMap) => waitUntil(() => el.markerPosition && $(el, '[part~="technician-marker"]'), 'map never shown', { timeout: 8000 });

describe('<arrivo-live-map>', () => {
  it('shows the technician, the destination, the ETA and the technician card on a map with local tiles', async () => {
    const view = traveling(crypto.randomUUID());
    const el = await mount(view);
    await mapShown(el);
    expect($(el, '[part~="eta"]')!.textContent).to.equal('Arriving in about 12 min · by 10:42 AM');
    expect($(el, '[part~="eta"]')!.getAttribute('role')).to.equal('status');
    expect(text(el)).to.contain('Marco Diaz');
    expect($<HTMLAnchorElement>(el, '[part~="call"]')!.href).to.equal('tel:+15035550100');
    expect($<HTMLAnchorElement>(el, '[part~="text"]')!.href).to.equal('sms:+15035550100');
    expect($(el, '#map-description')!.textContent).to.match(/Your technician is about 3.6 km south of 4000 N Mississippi Ave\. Arriving in about 12 min/);
    expect(el.markerPosition!.lat).to.be.closeTo(45.52, 1e-6);
    await waitUntil(() => $(el, '#map')!.dataset.tiles === 'ok' && $(el, '.ol-layer canvas, canvas'), 'tiles did not draw', { timeout: 8000 });
    // ol.css is adopted (constructable stylesheet: no <style> element, nothing a strict CSP refuses).
    expect(el.shadowRoot!.adoptedStyleSheets.some((s) => [...s.cssRules].some((r) => r.cssText.includes('.ol-viewport')))).to.equal(true);
    expect(el.shadowRoot!.querySelector('style')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('moves the marker and updates the ETA on a tracking.position message', async () => {
    const view = traveling(crypto.randomUUID());
    const el = await mount(view);
    await mapShown(el);
    const before = $(el, '[part~="technician-marker"]')!.getAttribute('transform');
    await post(`views/${view.bookingId}/fix`, {
      position: { lat: 45.54, lon: -122.676, accuracyM: 8, headingDeg: 10, recordedAt: new Date().toISOString() },
      eta: { minutes: 4, at: '2026-12-03T18:34:00Z', arriving: false },
    });
    await waitUntil(() => $(el, '[part~="eta"]')!.textContent === 'Arriving in about 4 min · by 10:34 AM', 'ETA not updated', { timeout: 8000 });
    await waitUntil(() => Math.abs(el.markerPosition!.lat - 45.54) < 1e-6, 'marker did not reach the new fix', { timeout: 5000 });
    expect($(el, '[part~="technician-marker"]')!.getAttribute('transform')).not.to.equal(before);
  });

  it('warns when no fix has come for 2 minutes (with an injected clock)', async () => {
    const recordedAt = '2026-12-03T18:00:00Z';
    const el = await mount(traveling(crypto.randomUUID(), recordedAt));
    await mapShown(el);
    el.now = () => Date.parse(recordedAt) + 40_000;
    await el.updateComplete;
    expect($(el, '[part~="updated"]')!.textContent).to.match(/Last updated 40 sec\. ago/);
    expect($(el, '[part~="stale"]')).to.equal(null);
    el.now = () => Date.parse(recordedAt) + 125_000;
    await el.updateComplete;
    expect($(el, '[part~="stale"]')!.textContent).to.match(/Last updated 2 min\. ago\. The technician’s location may be out of date\./);
  });

  it('still shows the markers, the line and the ETA when tiles fail', async () => {
    const el = await mount(traveling(crypto.randomUUID()), FAILING_TILES);
    await mapShown(el);
    await waitUntil(() => $(el, '#map')!.dataset.tiles === 'failed', 'tile failure not noticed', { timeout: 8000 });
    expect($(el, '[part~="destination-marker"]')!.getAttribute('cx')).to.match(/\d/);
    expect($(el, '[part~="route"]')!.getAttribute('points')!.split(' ').length).to.equal(2);
    expect($(el, '[part~="eta"]')!.textContent).to.contain('Arriving in about 12 min');
    expect(text(el)).to.contain('The map could not be loaded');
  });

  it('shows no position when the visit is not on the way, and the map once it sets off', async () => {
    const view = { ...traveling(crypto.randomUUID()), status: 'scheduled' as const, position: null, eta: null, trail: [] };
    const el = await mount(view);
    await waitUntil(() => $(el, '[part~="notice"]'), 'no notice', { timeout: 8000 });
    expect(text(el)).to.contain('The live map is available while your technician is on the way.');
    expect($(el, '#map')).to.equal(null);
    // The status changes on the stream: the element loads the view again and shows the map.
    await post(`views/${view.bookingId}`, { view: traveling(view.bookingId), owner: (await signIn()).token });
    await post(`views/${view.bookingId}/status`, { status: 'traveling' });
    await mapShown(el);
    await post(`views/${view.bookingId}/status`, { status: 'in_progress' });
    await waitUntil(() => text(el).includes('Your technician has arrived.'), 'did not stop at arrival', { timeout: 8000 });
    expect($(el, '#map')).to.equal(null);
  });

  it('speaks Arabic right to left (the map itself stays left to right), with times in the visit’s zone', async () => {
    const view = traveling(crypto.randomUUID());
    await post(`views/${view.bookingId}`, { view, owner: (await signIn()).token });
    const el = await fixture<ArrivoLiveMap>(
      html`<arrivo-live-map api=${FAKE_API} business=${BUSINESS} booking-id=${view.bookingId} tiles=${LOCAL_TILES} locale="ar"></arrivo-live-map>`,
    );
    try {
      await mapShown(el);
      await waitUntil(() => /يصل خلال/.test($(el, '[part~="eta"]')!.textContent!), 'no Arabic ETA', { timeout: 5000 });
      expect(el.getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle($(el, '[part~="zoom"]')!).direction).to.equal('rtl');
      expect($(el, '#map')!.getAttribute('dir')).to.equal('ltr');
      // 18:42 UTC is 10:42 in Portland, written the Arabic way.
      expect($(el, '[part~="eta"]')!.textContent).to.contain(new Intl.DateTimeFormat('ar', { hour: 'numeric', minute: '2-digit', timeZone: 'America/Los_Angeles' }).format(new Date('2026-12-03T18:42:00Z')));
      await expect(el).to.be.accessible();
    } finally {
      el.locale = 'en';
      await waitUntil(() => $(el, '[part~="eta"]')!.textContent!.startsWith('Arriving'), 'not back to English', { timeout: 5000 });
    }
  });

  it('does not show another account’s visit', async () => {
    const view = traveling(crypto.randomUUID());
    await post(`views/${view.bookingId}`, { view, owner: 'somebody-else' });
    await signIn();
    const el = await fixture<ArrivoLiveMap>(html`<arrivo-live-map api=${FAKE_API} business=${BUSINESS} booking-id=${view.bookingId}></arrivo-live-map>`);
    await waitUntil(() => $(el, '[part~="error"]'), 'no error', { timeout: 8000 });
    expect($(el, '[part~="error"]')!.textContent).to.contain('could not be found');
    expect($(el, '#map')).to.equal(null);
    expect(el.markerPosition).to.equal(undefined);
  });

  it('opens a tracking link from #arrivo-track without signing in, and says when the link is no longer valid', async () => {
    const view = traveling(crypto.randomUUID());
    const token = crypto.randomUUID();
    await post(`views/${view.bookingId}`, { view, token });
    history.replaceState(null, '', `#arrivo-track=${token}`);
    try {
      const el = await fixture<ArrivoLiveMap>(html`<arrivo-live-map api=${FAKE_API} business=${BUSINESS} tiles=${LOCAL_TILES}></arrivo-live-map>`);
      await mapShown(el);
      expect(el.trackingToken).to.equal(token);
      const invalid = await fixture<ArrivoLiveMap>(html`<arrivo-live-map api=${FAKE_API} business=${BUSINESS} tracking-token="expired"></arrivo-live-map>`);
      await waitUntil(() => $(invalid, '[part~="error"]'), 'no error', { timeout: 8000 });
      expect($(invalid, '[part~="error"]')!.textContent).to.contain('This tracking link is no longer valid.');
    } finally {
      history.replaceState(null, '', window.location.pathname + window.location.search);
    }
  });

  it('is shown by the portal when the page is opened from a tracking link', async () => {
    const view = traveling(crypto.randomUUID());
    const token = crypto.randomUUID();
    await post(`views/${view.bookingId}`, { view, token });
    SessionStore.for(FAKE_API, BUSINESS).clear();
    history.replaceState(null, '', `#arrivo-track=${token}`);
    try {
      const portal = await fixture(html`<arrivo-portal api=${FAKE_API} business=${BUSINESS}></arrivo-portal>`);
      const map = await waitUntil(() => $<ArrivoLiveMap>(portal, '[part~="live-map"] arrivo-live-map'), 'no map in the portal', { timeout: 8000 }).then(() =>
        $<ArrivoLiveMap>(portal, 'arrivo-live-map')!,
      );
      await waitUntil(() => map.shadowRoot && $(map, '[part~="eta"]'), 'map did not load', { timeout: 8000 });
      expect($(map, '[part~="eta"]')!.textContent).to.contain('Arriving in about 12 min');
      expect($(portal, 'arrivo-sign-in')).not.to.equal(null); // signed out: sign-in stays below
    } finally {
      history.replaceState(null, '', window.location.pathname + window.location.search);
    }
  });
});
