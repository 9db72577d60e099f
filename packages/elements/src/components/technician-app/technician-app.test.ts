// <arrivo-technician-app> in Chromium against the real API, with Chromium's own geolocation
// emulation (allowed at a position, moved, or denied) through a test-runner command.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../arrivo-technician-app';
import type { ArrivoTechnicianApp } from './technician-app';
import { ArrivoVisitStatusChangedEvent } from '../../events/technician';
import { API, BUSINESS, DEMO_PASSWORD, apiSignIn, forgetSessions, setStatus, signIn } from '../../test-support';

const MAYA = 'maya@rosecity.example';
const $ = <T extends HTMLElement = HTMLElement>(el: Element, s: string) => el.shadowRoot!.querySelector<T>(s);
const card = (el: Element, id: string) => ($(el, `h3[id="visit-${id}"]`)?.closest('article') ?? null) as HTMLElement | null;
const sharingText = (el: Element) => $(el, '[part="sharing"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const button = (root: ParentNode, label: string) => [...root.querySelectorAll('button')].find((b) => b.textContent!.trim() === label)!;

// Each test's visits at their own hours, so Maya's calendar never overlaps.
const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const visit = (v: { account: string; serviceType: string; hours: number; asset?: string; comments?: string; technician?: string }) =>
  executeServerCommand<string, object>('arrivo-technician-visit', { ...v, arrivalAt: at(v.hours) });

const geolocation = (where: { lat: number; lon: number; accuracy?: number } | { deny: true }) => executeServerCommand('arrivo-geolocation', where);

// Where Maya is (E Burnside St) and two blocks on.
const BURNSIDE = { lat: 45.5231, lon: -122.6465 };
const FURTHER = { lat: 45.5231, lon: -122.6443 };

/** Count the geolocation watches the page holds open. */
function watchCounter() {
  const geo = navigator.geolocation;
  const watch = Geolocation.prototype.watchPosition;
  const clear = Geolocation.prototype.clearWatch;
  const open = new Set<number>();
  Object.defineProperty(geo, 'watchPosition', { configurable: true, value: (...a: Parameters<Geolocation['watchPosition']>) => { const id = watch.apply(geo, a); open.add(id); return id; } });
  Object.defineProperty(geo, 'clearWatch', { configurable: true, value: (id: number) => (open.delete(id), clear.call(geo, id)) });
  return { get open() { return open.size; }, restore: () => { delete (geo as { watchPosition?: unknown }).watchPosition; delete (geo as { clearWatch?: unknown }).clearWatch; } };
}

/** What the customer's live map would show (Linh is the Nguyen household's contact). */
async function linhSees(bookingId: string) {
  // Her session is shared with the other test files: the server limits sign-ins per address.
  const session = await apiSignIn('linh.nguyen@example.com');
  return async () => (await (await fetch(`${API}/businesses/${BUSINESS}/me/bookings/${bookingId}/tracking`, { headers: { authorization: `Bearer ${session.token}` } })).json()) as { position: { lat: number; lon: number } | null };
}

async function mount(locale = '') {
  const el = await fixture<ArrivoTechnicianApp>(html`<arrivo-technician-app api=${API} business=${BUSINESS} time-zone="America/Los_Angeles" locale=${locale}></arrivo-technician-app>`);
  await waitUntil(() => $(el, '[part="visit"]') || $(el, '[part="notice"]'), 'visits never loaded', { timeout: 8000 });
  return el;
}

async function confirmMove(el: ArrivoTechnicianApp, id: string, label: string) {
  button(card(el, id)!, label).click();
  await el.updateComplete;
  const dialog = $<HTMLDialogElement>(el, '#confirm-dialog')!;
  expect(dialog.open).to.equal(true);
  const changed = oneEvent(el, ArrivoVisitStatusChangedEvent.type);
  button(dialog, label).click();
  return ((await changed) as ArrivoVisitStatusChangedEvent).detail.visit;
}

describe('<arrivo-technician-app>', () => {
  let watches: ReturnType<typeof watchCounter>;
  beforeEach(() => (watches = watchCounter()));
  afterEach(() => watches.restore());

  it('signs in, and tells someone who is not a technician here so', async () => {
    forgetSessions();
    const el = await fixture<ArrivoTechnicianApp>(html`<arrivo-technician-app api=${API} business=${BUSINESS}></arrivo-technician-app>`);
    const signInEl = $(el, 'arrivo-sign-in')!;
    await waitUntil(() => signInEl.shadowRoot?.querySelector('[name="email"]'));
    for (const [name, value] of [['email', 'linh.nguyen@example.com'], ['password', DEMO_PASSWORD]] as const) {
      const input = signInEl.shadowRoot!.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
      input.value = value;
      input.dispatchEvent(new InputEvent('input'));
    }
    signInEl.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => $(el, '[part="error"]'), 'no message for a customer', { timeout: 8000 });
    expect($(el, '[part="error"]')!.textContent).to.contain('not a technician’s account at this business');
    expect($(el, '[part="visit"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('lists only the technician’s own visits, in order, with what is needed on the doorstep', async () => {
    await signIn(MAYA);
    const later = await visit({ account: 'Alder Street Bakery', serviceType: 'leak-detection', asset: 'Kitchen floor drains', hours: 3, comments: 'Use the alley door.' });
    const sooner = await visit({ account: 'Nguyen household', serviceType: 'water-heater-repair', hours: 1 });
    // Weeks away: customer tests book dev's free times of the first open days (completed visits on
    // the fifth), the console's board test 20 days out, and a technician's visits never overlap.
    const devs = await visit({ account: 'Nguyen household', serviceType: 'leak-detection', hours: 27 * 24, technician: 'dev@rosecity.example' });
    const el = await mount();
    await waitUntil(() => card(el, later) && card(el, sooner), 'own visits not listed', { timeout: 8000 });
    expect(card(el, devs)).to.equal(null);
    const all = [...el.shadowRoot!.querySelectorAll('[part="visit"]')];
    expect(all.indexOf(card(el, sooner)!)).to.be.lessThan(all.indexOf(card(el, later)!));

    const bakery = card(el, later)!;
    const text = bakery.textContent!.replace(/\s+/g, ' ');
    for (const shown of ['Leak detection', 'Alder Street Bakery', '1130 SW Alder St', 'Kitchen floor drains', 'Use the alley door.', 'Scheduled']) expect(text).to.contain(shown);
    expect(bakery.querySelector<HTMLAnchorElement>('[part="directions"]')!.href).to.match(/^https:\/\/www\.google\.com\/maps\/dir\/\?api=1&destination=45\.52/);
    expect(button(bakery, 'Start traveling')).to.exist;
    expect(sharingText(el)).to.contain('Location sharing is off.');
    expect(watches.open).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('confirms each move, shares location only while traveling, and stops on arrival', async () => {
    await signIn(MAYA);
    await geolocation({ ...BURNSIDE, accuracy: 12 });
    const id = await visit({ account: 'Nguyen household', serviceType: 'water-heater-repair', hours: 5 });
    const positionOf = await linhSees(id);
    const el = await mount();
    await waitUntil(() => card(el, id), 'visit not listed', { timeout: 8000 });

    // "Not now" leaves it as it was.
    button(card(el, id)!, 'Start traveling').click();
    await el.updateComplete;
    const dialog = $<HTMLDialogElement>(el, '#confirm-dialog')!;
    expect(dialog.textContent).to.contain('Start traveling to Nguyen household?');
    button(dialog, 'Not now').click();
    await waitUntil(() => !dialog.open);
    expect(card(el, id)!.dataset.status).to.equal('scheduled');
    expect(watches.open).to.equal(0);

    expect((await confirmMove(el, id, 'Start traveling')).status).to.equal('traveling');
    await waitUntil(() => card(el, id)?.dataset.status === 'traveling', 'not traveling', { timeout: 8000 });
    await waitUntil(() => sharingText(el).includes('Sharing location · ±12 m'), `sharing not shown: ${sharingText(el)}`, { timeout: 8000 });
    expect($(el, '[part="sharing"]')!.dataset.state).to.equal('on');
    expect(watches.open).to.equal(1);
    await waitUntil(async () => (await positionOf()).position?.lon === BURNSIDE.lon, 'the first fix did not reach the customer', { timeout: 8000 });

    // Two blocks on (170 m): sent at once, without waiting for the 5 s.
    await geolocation({ ...FURTHER, accuracy: 9 });
    await waitUntil(async () => (await positionOf()).position?.lon === FURTHER.lon, 'the moved fix did not reach the customer', { timeout: 8000 });
    await waitUntil(() => sharingText(el).includes('±9 m'));

    expect((await confirmMove(el, id, 'Arrived / Start work')).status).to.equal('in_progress');
    await waitUntil(() => card(el, id)?.dataset.status === 'in_progress', 'not in progress', { timeout: 8000 });
    await waitUntil(() => sharingText(el).includes('Location sharing is off.'));
    expect(watches.open).to.equal(0);
    expect((await positionOf()).position).to.equal(null);

    expect((await confirmMove(el, id, 'Complete')).status).to.equal('completed');
    await waitUntil(() => card(el, id)?.dataset.status === 'completed', 'not completed', { timeout: 8000 });
    expect(card(el, id)!.querySelector('button')).to.equal(null);
  });

  it('shares for the visit set off for here, not another one left Traveling', async () => {
    await signIn(MAYA);
    await geolocation({ ...BURNSIDE, accuracy: 11 });
    const left = await visit({ account: 'Nguyen household', serviceType: 'water-heater-repair', hours: 15 });
    const next = await visit({ account: 'Nguyen household', serviceType: 'water-heater-repair', hours: 17 });
    await setStatus(left, 'traveling'); // listed first, and Traveling since before the app opened
    try {
      const nextSees = await linhSees(next);
      const el = await mount();
      await waitUntil(() => card(el, next), 'visit not listed', { timeout: 8000 });
      expect((await confirmMove(el, next, 'Start traveling')).status).to.equal('traveling');
      await geolocation({ ...FURTHER, accuracy: 11 });
      await waitUntil(async () => (await nextSees()).position?.lon === FURTHER.lon, 'the fix did not reach the visit set off for', { timeout: 8000 });
    } finally {
      await setStatus(left, 'completed');
      await setStatus(next, 'completed');
    }
  });

  it('explains denied permission, and shares once it is allowed and retried', async () => {
    await signIn(MAYA);
    await geolocation({ deny: true });
    const id = await visit({ account: 'Nguyen household', serviceType: 'water-heater-repair', hours: 7 });
    await setStatus(id, 'traveling');
    try {
      const el = await mount();
      await waitUntil(() => $(el, '[part="sharing"]')?.dataset.state === 'problem', `denial not shown: ${sharingText(el)} ${card(el, id)?.dataset.status}`, { timeout: 8000 });
      expect(sharingText(el)).to.contain('Location access is blocked');
      expect(sharingText(el)).to.contain('Allow location for this site in your browser’s settings');
      expect(watches.open).to.equal(0); // it does not keep asking
      await expect(el).to.be.accessible();

      await geolocation({ ...BURNSIDE, accuracy: 20 });
      button($(el, '[part="sharing"]')!, 'Try again').click();
      await waitUntil(() => sharingText(el).includes('Sharing location · ±20 m'), `not sharing after retry: ${sharingText(el)}`, { timeout: 8000 });
    } finally {
      await setStatus(id, 'completed');
    }
  });

  it('stops sharing when the server says the visit is no longer traveling (moved on elsewhere)', async () => {
    await signIn(MAYA);
    await geolocation({ ...BURNSIDE, accuracy: 15 });
    const id = await visit({ account: 'Nguyen household', serviceType: 'water-heater-repair', hours: 9 });
    await setStatus(id, 'traveling');
    try {
      const el = await mount();
      await waitUntil(() => sharingText(el).includes('±15 m'), 'not sharing', { timeout: 8000 });
      await setStatus(id, 'in_progress'); // a dispatcher moved it on
      await geolocation({ ...FURTHER, accuracy: 15 }); // the next fix gets 409 not_traveling
      await waitUntil(() => card(el, id)?.dataset.status === 'in_progress', 'not reloaded', { timeout: 8000 });
      expect(sharingText(el)).to.contain('Location is shared only while you are traveling to this visit.');
      expect(watches.open).to.equal(0);
    } finally {
      await setStatus(id, 'completed');
    }
  });

  it('says to check the device’s clock when the server refuses fixes as from the future', async () => {
    await signIn(MAYA);
    const id = await visit({ account: 'Nguyen household', serviceType: 'water-heater-repair', hours: 21 });
    await setStatus(id, 'traveling');
    // A device whose clock runs 5 minutes fast.
    const fast = { watch: (onPosition: (p: object) => void) => (onPosition({ coords: { latitude: BURNSIDE.lat, longitude: BURNSIDE.lon, accuracy: 10 }, timestamp: Date.now() + 5 * 60_000 }), () => undefined) };
    try {
      const el = await fixture<ArrivoTechnicianApp>(html`<arrivo-technician-app api=${API} business=${BUSINESS} time-zone="America/Los_Angeles" .geolocation=${fast}></arrivo-technician-app>`);
      await waitUntil(() => $(el, '[part="sharing"]')?.dataset.state === 'problem', `clock problem not shown: ${sharingText(el)}`, { timeout: 8000 });
      expect(sharingText(el)).to.contain('this device’s clock is ahead');
      expect(sharingText(el)).to.contain('Check the device’s clock');
      await expect(el).to.be.accessible();
    } finally {
      await setStatus(id, 'completed');
    }
  });

  it('cancels only with a reason; a failed move shows the shared message and keeps what was typed', async () => {
    await signIn(MAYA);
    const id = await visit({ account: 'Alder Street Bakery', serviceType: 'leak-detection', hours: 11 });
    const other = await visit({ account: 'Alder Street Bakery', serviceType: 'leak-detection', hours: 13 });
    const el = await mount();
    await waitUntil(() => card(el, id) && card(el, other), 'visits not listed', { timeout: 8000 });

    // Cancel needs a reason, asked before anything is sent.
    button(card(el, id)!, 'Cancel visit').click();
    await el.updateComplete;
    const dialog = $<HTMLDialogElement>(el, '#confirm-dialog')!;
    button(dialog, 'Cancel visit').click();
    await el.updateComplete;
    expect(dialog.querySelector('[part="error"]')!.textContent).to.contain('Please give a reason');
    const reason = dialog.querySelector<HTMLTextAreaElement>('textarea')!;
    reason.value = 'Customer called: the bakery is closed today';
    reason.dispatchEvent(new InputEvent('input'));

    // Meanwhile the visit was completed elsewhere: the status service's message, in the person's
    // words; the dialog and the reason stay, and the list shows where the visit is now.
    await setStatus(id, 'completed');
    button(dialog, 'Cancel visit').click();
    await waitUntil(() => dialog.querySelector('[part="error"]')?.textContent?.includes('This visit has moved on meanwhile'), 'no status message', { timeout: 8000 });
    expect(dialog.open).to.equal(true);
    expect(dialog.querySelector('textarea')!.value).to.equal('Customer called: the bakery is closed today');
    await waitUntil(() => card(el, id)?.dataset.status === 'completed', 'not reloaded', { timeout: 8000 });
    button(dialog, 'Not now').click();
    await waitUntil(() => !dialog.open);

    // A cancel that goes through.
    button(card(el, other)!, 'Cancel visit').click();
    await el.updateComplete;
    const typed = dialog.querySelector<HTMLTextAreaElement>('textarea')!;
    expect(typed.value).to.equal(''); // another visit: nothing carried over
    typed.value = 'Bakery closed for the holiday';
    typed.dispatchEvent(new InputEvent('input'));
    const changed = oneEvent(el, ArrivoVisitStatusChangedEvent.type);
    button(dialog, 'Cancel visit').click();
    expect(((await changed) as ArrivoVisitStatusChangedEvent).detail.visit.status).to.equal('canceled');
    await waitUntil(() => card(el, other)?.dataset.status === 'canceled', 'not canceled', { timeout: 8000 });
  });

  it('speaks Arabic right to left', async () => {
    await signIn(MAYA);
    const el = await mount('ar');
    await waitUntil(() => sharingText(el).includes('مشاركة الموقع متوقفة'), 'not translated', { timeout: 8000 });
    expect(el.dir).to.equal('rtl');
    await expect(el).to.be.accessible();
  });
});
