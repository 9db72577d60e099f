// The console's maps in Chromium: pick a point (typed, and clicked with the real mouse), draw a
// territory (typed and clicked polygon, typed circle and its dragged radius), and the live map of
// traveling technicians against the real API and stream. Tiles come from the test API server.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import './define';
import '../../../arrivo-admin-console';
import type { ArrivoAdminLiveMap, ArrivoAdminMapPick, ArrivoAdminTerritoryEditor } from './define';
import type { AdminMapBase } from './admin-map-base';
import { API, BUSINESS, bookVisit, forgetSessions, newCustomer, sendFix, setStatus, signIn } from '../../../test-support';

const ORIGIN = API.replace(/\/api$/, '');
const LOCAL_TILES = `${ORIGIN}/__test__/tile/{z}/{x}/{y}.png`;
const DANA = 'dana@rosecity.example'; // dispatcher

const $ = <T extends Element = HTMLElement>(el: Element, s: string) => el.shadowRoot!.querySelector<T>(s);
const events = <T>(el: Element, type: string) => {
  const seen: T[] = [];
  el.addEventListener(type, (e) => seen.push((e as CustomEvent<T>).detail));
  return seen;
};
function type(el: Element, selector: string, value: string) {
  const input = $<HTMLInputElement | HTMLTextAreaElement>(el, selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
/** Where a point is on the page (for the real mouse), once the map is drawn. */
async function pagePixel(el: AdminMapBase, at: { lat: number; lon: number }): Promise<[number, number]> {
  await waitUntil(() => el.pixelOf(at), 'map not drawn', { timeout: 8000 });
  const [x, y] = el.pixelOf(at)!;
  const rect = $(el, '#map')!.getBoundingClientRect();
  return [Math.round(rect.left + x), Math.round(rect.top + y)];
}
const click = async (position: [number, number]) => sendMouse({ type: 'click', position });

describe('<arrivo-admin-map-pick>', () => {
  it('takes typed coordinates (the keyboard way) and a click on the map, and fills its form', async () => {
    const form = await fixture<HTMLFormElement>(html`<form>
      <input name="lat" value="45.5" /><input name="lon" value="-122.6" />
      <arrivo-admin-map-pick fill-form tiles=${LOCAL_TILES}></arrivo-admin-map-pick>
    </form>`);
    const el = form.querySelector<ArrivoAdminMapPick>('arrivo-admin-map-pick')!;
    await el.updateComplete;
    const seen = events<{ lat: number; lon: number }>(el, 'arrivo-point-change');
    // It starts from the form's fields.
    expect($<HTMLInputElement>(el, '#pick-lat')!.value).to.equal('45.5');
    await waitUntil(() => $(el, '[part~="point-marker"]'), 'no marker', { timeout: 8000 });

    type(el, '#pick-lat', '45.52');
    type(el, '#pick-lon', '-122.68');
    expect(seen.at(-1)).to.deep.equal({ lat: 45.52, lon: -122.68 });
    expect(form.querySelector<HTMLInputElement>('[name="lat"]')!.value).to.equal('45.52');
    // Out of range: nothing changes.
    const before = seen.length;
    type(el, '#pick-lat', '95');
    expect(seen).to.have.length(before);

    // A click with the real mouse a little north-east of the point picks where it landed.
    const target = { lat: 45.525, lon: -122.675 };
    await click(await pagePixel(el, target));
    await waitUntil(() => seen.length === before + 1, 'click not picked');
    expect(seen.at(-1)!.lat).to.be.closeTo(target.lat, 0.001);
    expect(seen.at(-1)!.lon).to.be.closeTo(target.lon, 0.001);
    expect(Number(form.querySelector<HTMLInputElement>('[name="lon"]')!.value)).to.be.closeTo(target.lon, 0.001);
    await expect(el).to.be.accessible();
  });
});

describe('Pick on map in the console', () => {
  afterEach(() => forgetSessions());

  it('loads the map when an account’s Pick on map is opened, and fills the account’s fields', async function () {
    this.timeout(30_000);
    await signIn(DANA);
    const el = await fixture(html`<arrivo-admin-console api=${API} business=${BUSINESS}></arrivo-admin-console>`);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-section="accounts"]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('arrivo-admin-accounts')?.shadowRoot?.querySelector('[data-action="new-account"]'), 'no accounts', { timeout: 8000 });
    const accounts = el.shadowRoot!.querySelector('arrivo-admin-accounts')!.shadowRoot!;
    accounts.querySelector<HTMLButtonElement>('[data-action="new-account"]')!.click();
    await waitUntil(() => accounts.querySelector('form[aria-labelledby="account-title"] details summary'), 'no Pick on map', { timeout: 8000 });
    const form = accounts.querySelector<HTMLFormElement>('form[aria-labelledby="account-title"]')!;
    form.querySelector('summary')!.click();
    await waitUntil(() => form.querySelector('arrivo-admin-map-pick')?.shadowRoot?.querySelector('#pick-lat'), 'map pick not loaded', { timeout: 8000 });
    const pick = form.querySelector('arrivo-admin-map-pick')!;
    type(pick, '#pick-lat', '45.5231');
    type(pick, '#pick-lon', '-122.6765');
    expect(form.querySelector<HTMLInputElement>('input[name="lat"]')!.value).to.equal('45.5231');
    expect(form.querySelector<HTMLInputElement>('input[name="lon"]')!.value).to.equal('-122.6765');
  });
});

describe('<arrivo-admin-territory-editor>', () => {
  it('makes a polygon from typed "longitude, latitude" lines, with the error beside the field', async () => {
    const el = await fixture<ArrivoAdminTerritoryEditor>(html`<arrivo-admin-territory-editor tiles=${LOCAL_TILES}></arrivo-admin-territory-editor>`);
    const seen = events<{ shape: unknown }>(el, 'arrivo-territory-change');
    $<HTMLInputElement>(el, 'input[value="polygon"]')!.click();
    await el.updateComplete;
    expect(el.shape).to.equal(null);

    type(el, '#points', '-122.70, 45.50\n-122.60, 45.50\nnorth, 45.6');
    await el.updateComplete;
    expect($(el, '#points-error')!.textContent).to.contain('Line 3');
    expect($(el, '#points')!.getAttribute('aria-describedby')).to.equal('points-error');
    expect(el.shape).to.equal(null);

    type(el, '#points', '-122.70, 45.50\n-122.60, 45.50\n-122.65, 45.58');
    await el.updateComplete;
    expect($(el, '#points-error')).to.equal(null);
    expect(el.shape).to.deep.equal({ polygon: [[-122.7, 45.5], [-122.6, 45.5], [-122.65, 45.58]] });
    expect(seen.at(-1)).to.deep.equal({ shape: el.shape });
    await waitUntil(() => $(el, 'polygon[part~="area"]'), 'polygon not drawn', { timeout: 8000 });
    await expect(el).to.be.accessible();
  });

  it('draws a polygon from clicks on the map, finished from the keyboard', async () => {
    // Start from a circle so the map is centred on Portland, then switch to a polygon.
    const el = await fixture<ArrivoAdminTerritoryEditor>(
      html`<arrivo-admin-territory-editor tiles=${LOCAL_TILES} .value=${{ center: { lat: 45.52, lon: -122.65 }, radiusKm: 6 }}></arrivo-admin-territory-editor>`,
    );
    await pagePixel(el, { lat: 45.52, lon: -122.65 });
    $<HTMLInputElement>(el, 'input[value="polygon"]')!.click();
    await el.updateComplete;
    const corners = [
      { lat: 45.55, lon: -122.7 },
      { lat: 45.55, lon: -122.6 },
      { lat: 45.49, lon: -122.65 },
    ];
    for (const [i, corner] of corners.entries()) {
      await click(await pagePixel(el, corner));
      await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~="vertex"]').length === i + 1, `corner ${i + 1} not added`);
    }
    expect(el.shape).to.equal(null); // not finished yet
    $<HTMLButtonElement>(el, '[data-action="finish"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const polygon = el.shape!.polygon!;
    expect(polygon).to.have.length(3);
    polygon.forEach(([lon, lat], i) => {
      expect(lon).to.be.closeTo(corners[i]!.lon, 0.002);
      expect(lat).to.be.closeTo(corners[i]!.lat, 0.002);
    });
    // The typed list shows the same corners.
    expect($<HTMLTextAreaElement>(el, '#points')!.value.split('\n')).to.have.length(3);
  });

  it('opens a new territory where the business’s other territories are, and clicked corners land there', async () => {
    const others = [{ polygon: [[-122.72, 45.48], [-122.6, 45.48], [-122.66, 45.56]] as [number, number][] }, { center: { lat: 45.5, lon: -122.55 }, radiusKm: 4 }];
    const el = await fixture<ArrivoAdminTerritoryEditor>(html`<arrivo-admin-territory-editor tiles=${LOCAL_TILES} .others=${others}></arrivo-admin-territory-editor>`);
    $<HTMLInputElement>(el, 'input[value="polygon"]')!.click();
    await el.updateComplete;
    const rect = $(el, '#map')!.getBoundingClientRect();
    // Every other territory is inside the view, and the view is not the whole world.
    for (const at of [{ lat: 45.48, lon: -122.72 }, { lat: 45.56, lon: -122.66 }, { lat: 45.5, lon: -122.5 }]) {
      await waitUntil(() => el.pixelOf(at), 'map not drawn', { timeout: 8000 });
      const [x, y] = el.pixelOf(at)!;
      expect(x, `lon ${at.lon} in view`).to.be.within(0, rect.width);
      expect(y, `lat ${at.lat} in view`).to.be.within(0, rect.height);
    }
    const [west] = el.pixelOf({ lat: 45.5, lon: -122.72 })!;
    const [east] = el.pixelOf({ lat: 45.5, lon: -122.5 })!;
    expect(east - west).to.be.greaterThan(rect.width / 3);
    // Corners clicked straight away are where they were meant to be.
    const corners = [
      { lat: 45.54, lon: -122.58 },
      { lat: 45.54, lon: -122.52 },
      { lat: 45.47, lon: -122.55 },
    ];
    for (const [i, corner] of corners.entries()) {
      await click(await pagePixel(el, corner));
      await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~="vertex"]').length === i + 1, `corner ${i + 1} not added`);
    }
    $<HTMLButtonElement>(el, '[data-action="finish"]')!.click();
    await el.updateComplete;
    el.shape!.polygon!.forEach(([lon, lat], i) => {
      expect(lon).to.be.closeTo(corners[i]!.lon, 0.005);
      expect(lat).to.be.closeTo(corners[i]!.lat, 0.005);
    });
  });

  it('opens a business’s first territory where its technicians start', async () => {
    const near = [{ lat: 45.47, lon: -122.75 }, { lat: 45.56, lon: -122.55 }];
    const el = await fixture<ArrivoAdminTerritoryEditor>(html`<arrivo-admin-territory-editor tiles=${LOCAL_TILES} .near=${near}></arrivo-admin-territory-editor>`);
    const rect = $(el, '#map')!.getBoundingClientRect();
    for (const at of near) {
      await waitUntil(() => el.pixelOf(at), 'map not drawn', { timeout: 8000 });
      const [x, y] = el.pixelOf(at)!;
      expect(x).to.be.within(0, rect.width);
      expect(y).to.be.within(0, rect.height);
    }
    expect(el.pixelOf(near[1]!)![0] - el.pixelOf(near[0]!)![0]).to.be.greaterThan(rect.width / 3);
  });

  it('makes a circle from typed fields, and its radius follows the dragged handle', async () => {
    const el = await fixture<ArrivoAdminTerritoryEditor>(html`<arrivo-admin-territory-editor tiles=${LOCAL_TILES}></arrivo-admin-territory-editor>`);
    type(el, '#center-lat', '45.52');
    type(el, '#center-lon', '-122.65');
    expect(el.shape).to.equal(null);
    type(el, '#radius', '3');
    expect(el.shape).to.deep.equal({ center: { lat: 45.52, lon: -122.65 }, radiusKm: 3 });
    await waitUntil(() => $(el, '[part~="radius-handle"]'), 'no handle', { timeout: 8000 });
    await pagePixel(el, { lat: 45.52, lon: -122.65 });
    const handle = $(el, '[part~="radius-handle"]')!.getBoundingClientRect();
    const from: [number, number] = [Math.round(handle.left + handle.width / 2), Math.round(handle.top + handle.height / 2)];
    const east = await pagePixel(el, { lat: 45.52, lon: -122.65 + (5 / 111.32) / Math.cos((45.52 * Math.PI) / 180) });
    await sendMouse({ type: 'move', position: from });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round((from[0] + east[0]) / 2), from[1]] });
    await sendMouse({ type: 'move', position: [east[0], from[1]] });
    await sendMouse({ type: 'up' });
    await el.updateComplete;
    expect(el.shape!.radiusKm).to.be.closeTo(5, 0.15);
    expect(el.shape!.center).to.deep.equal({ lat: 45.52, lon: -122.65 });
    expect($<HTMLInputElement>(el, '#radius')!.value).to.equal(String(el.shape!.radiusKm));
  });
});

describe('<arrivo-admin-live-map>', () => {
  const finish: string[] = [];
  after(async () => {
    await Promise.all(finish.map((id) => setStatus(id, 'completed')));
    forgetSessions();
  });

  it('shows a traveling technician at their latest fix, and moves them as fixes arrive', async function () {
    this.timeout(30_000);
    const customer = await newCustomer('Mapa');
    const { booking } = await bookVisit(customer.token, 0, 3);
    finish.push(booking.id);
    await setStatus(booking.id, 'traveling');
    const t0 = Date.now() - 60_000;
    await sendFix(booking.id, { lat: 45.53, lon: -122.66, recordedAt: new Date(t0).toISOString() });
    await signIn(DANA);
    const el = await fixture<ArrivoAdminLiveMap>(html`<arrivo-admin-live-map api=${API} business=${BUSINESS} tiles=${LOCAL_TILES}></arrivo-admin-live-map>`);
    const row = () => $(el, `tr[data-booking="${booking.id}"]`);
    await waitUntil(row, 'visit not listed', { timeout: 8000 });
    expect(row()!.querySelector('[data-position]')!.getAttribute('data-position')).to.equal('45.53,-122.66');
    expect(row()!.textContent).to.match(/In about \d+ min|Arriving now/);
    await waitUntil(() => $(el, `[part~="technician-marker"][data-id="${booking.id}"]`), 'no marker', { timeout: 8000 });
    await waitUntil(() => $(el, '#map')!.dataset.tiles === 'ok' && $(el, 'canvas'), 'tiles did not draw', { timeout: 8000 });
    await expect(el).to.be.accessible();

    // The board's Map opens the same live map.
    const consoleEl = await fixture(html`<arrivo-admin-console api=${API} business=${BUSINESS}></arrivo-admin-console>`);
    await waitUntil(() => consoleEl.shadowRoot!.querySelector('arrivo-admin-board')?.shadowRoot?.querySelector('[data-action="live-map"]'), 'no Map on the board', { timeout: 8000 });
    const board = consoleEl.shadowRoot!.querySelector('arrivo-admin-board')!;
    board.shadowRoot!.querySelector<HTMLElement>('[data-action="live-map"]')!.click();
    await waitUntil(() => board.shadowRoot!.querySelector('arrivo-admin-live-map')?.shadowRoot?.querySelector(`tr[data-booking="${booking.id}"]`), 'not on the board’s map', { timeout: 8000 });

    // A new fix reaches staff over the live stream.
    await sendFix(booking.id, { lat: 45.515, lon: -122.63, recordedAt: new Date(t0 + 30_000).toISOString() });
    await waitUntil(() => row()?.querySelector('[data-position]')?.getAttribute('data-position') === '45.515,-122.63', 'fix not shown live', { timeout: 8000 });

    // Arrived (moved on by staff, through the API): the visit leaves the map as the status change arrives.
    const dana = await signIn(DANA);
    const moved = await fetch(`${API}/businesses/${BUSINESS}/admin/bookings/${booking.id}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dana.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'in_progress' }),
    });
    expect(moved.status).to.equal(200);
    await waitUntil(() => !row(), 'visit still listed after arrival', { timeout: 8000 });
  });
});
