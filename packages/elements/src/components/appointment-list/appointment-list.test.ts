import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../arrivo-appointment-list';
import type { ArrivoAppointmentList } from './appointment-list';
import { ArrivoCanceledEvent, ArrivoFeedbackRequestedEvent, ArrivoViewLiveMapEvent } from '../../events/index';
import { API, BUSINESS, apiSignIn, bookVisit, completedVisit, newCustomer, setStatus, signIn, useCustomer } from '../../test-support';

const root = (el: Element) => el.shadowRoot!;
const $ = <T extends HTMLElement = HTMLElement>(el: Element, s: string) => root(el).querySelector<T>(s)!;
const card = (el: Element, id: string) => $(el, `[part~="appointment"] h3[id="appointment-${id}"]`)?.closest('article') as HTMLElement | null;

async function mount() {
  const el = await fixture<ArrivoAppointmentList>(html`<arrivo-appointment-list api=${API} business=${BUSINESS} time-zone="America/Los_Angeles"></arrivo-appointment-list>`);
  await waitUntil(() => $(el, '[role="tablist"]'), 'never loaded', { timeout: 8000 });
  return el;
}

describe('<arrivo-appointment-list>', () => {
  it('shows Active, Upcoming and Past with the actions each state allows', async () => {
    const { token } = await signIn('ada.okafor@example.com', 'ada has a good password').catch(() => signIn());
    const traveling = (await bookVisit(token, 0)).booking;
    const working = (await bookVisit(token, 4)).booking;
    const scheduled = (await bookVisit(token, 8)).booking;
    await setStatus(traveling.id, 'traveling');
    await setStatus(working.id, 'in_progress');

    const el = await mount();
    expect($(el, '#active-heading').textContent).to.equal('Active appointment');
    const active = $(el, '.active [part~="appointment"]');
    expect(active.dataset.status).to.equal('traveling');
    expect(active.textContent).to.contain('Technician on the way');

    const inProgress = card(el, working.id)!;
    expect(inProgress.dataset.status).to.equal('in_progress');
    const [modify, cancel] = [...inProgress.querySelectorAll<HTMLButtonElement>('button')].filter((b) => /Modify|Cancel/.test(b.textContent!));
    expect(modify!.disabled).to.equal(true);
    expect(cancel!.disabled).to.equal(true);
    expect(inProgress.textContent).to.contain('can no longer be changed');

    const open = card(el, scheduled.id)!;
    expect([...open.querySelectorAll('button')].find((b) => b.textContent!.includes('Modify'))!.disabled).to.equal(false);
    expect(open.textContent).to.match(/(PST|PDT)/);
    // The arrival window (the demo business promises one hour): "9:00 – 10:00 AM", a range.
    expect(open.querySelector('.when')!.textContent).to.match(/\d:\d\d\s*(AM|PM)?\s*–\s*\d{1,2}:\d\d/);
    await expect(el).to.be.accessible();

    // View Live Map opens the live map for that visit in a dialog (the map element loads only then).
    // The business's tile provider reaches the map.
    const tiles = `${API.replace(/\/api$/, '')}/__test__/tile/{z}/{x}/{y}.png`;
    el.setAttribute('map-tiles', tiles);
    el.setAttribute('map-attribution', 'Tiles © Example Maps');
    const mapButton = [...active.querySelectorAll('button')].find((b) => b.textContent!.includes('View Live Map'))!;
    const asked = oneEvent(el, ArrivoViewLiveMapEvent.type);
    mapButton.click();
    expect(((await asked) as ArrivoViewLiveMapEvent).detail.booking.id).to.equal(traveling.id);
    const dialog = $<HTMLDialogElement>(el, '#map-dialog');
    await waitUntil(() => dialog.open && customElements.get('arrivo-live-map'), 'map dialog not opened', { timeout: 5000 });
    expect(dialog.querySelector('arrivo-live-map')!.getAttribute('booking-id')).to.equal(traveling.id);
    expect(dialog.querySelector('arrivo-live-map')!.getAttribute('tiles')).to.equal(tiles);
    expect(dialog.querySelector('arrivo-live-map')!.getAttribute('attribution')).to.equal('Tiles © Example Maps');
    dialog.querySelector<HTMLButtonElement>('.actions button')!.click();
    await waitUntil(() => !dialog.open);

    // A page showing its own map cancels the event, and no dialog opens.
    const ownMap = (e: Event) => e.preventDefault();
    el.addEventListener(ArrivoViewLiveMapEvent.type, ownMap);
    const handled = oneEvent(el, ArrivoViewLiveMapEvent.type);
    mapButton.click();
    const second = (await handled) as ArrivoViewLiveMapEvent;
    el.removeEventListener(ArrivoViewLiveMapEvent.type, ownMap);
    expect(second.cancelable).to.equal(true);
    expect(second.defaultPrevented).to.equal(true);
    await el.updateComplete;
    expect(dialog.open).to.equal(false);
  });

  it('cancels only with a reason, then shows the visit under Past appointments', async () => {
    const { token } = await signIn();
    const { booking } = await bookVisit(token, 12);
    const el = await mount();
    [...card(el, booking.id)!.querySelectorAll('button')].find((b) => b.textContent!.includes('Cancel appointment'))!.click();
    await el.updateComplete;
    const dialog = $<HTMLDialogElement>(el, '#cancel-dialog');
    expect(dialog.open).to.equal(true);
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await el.updateComplete;
    expect(dialog.querySelector('[part="error"]')!.textContent).to.contain('tell us briefly why');
    const reason = dialog.querySelector<HTMLTextAreaElement>('textarea')!;
    reason.value = 'Fixed it myself';
    reason.dispatchEvent(new InputEvent('input'));
    const canceled = oneEvent(el, ArrivoCanceledEvent.type);
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    expect(((await canceled) as ArrivoCanceledEvent).detail.booking.cancelReason).to.equal('Fixed it myself');
    await waitUntil(() => !dialog.open);
    $<HTMLButtonElement>(el, '#tab-past').click();
    await waitUntil(() => card(el, booking.id)?.dataset.status === 'canceled', 'not in Past', { timeout: 8000 });
    const past = card(el, booking.id)!;
    expect(past.dataset.status).to.equal('canceled');
    expect(past.textContent).to.contain('Fixed it myself');
  });
});

describe('<arrivo-appointment-list> feedback', () => {
  it('offers Send feedback on a completed visit until it is rated, and tells the page', async () => {
    const customer = await newCustomer('Rosa');
    await useCustomer(customer);
    const visit = await completedVisit(customer.token, 6);
    const el = await mount();
    $<HTMLButtonElement>(el, '#tab-past').click();
    await waitUntil(() => card(el, visit.id), 'not in Past', { timeout: 8000 });
    const sendFeedback = () => [...card(el, visit.id)!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Send feedback');
    expect(sendFeedback()).to.exist;
    await expect(el).to.be.accessible();
    const asked = oneEvent(el, ArrivoFeedbackRequestedEvent.type);
    sendFeedback()!.click();
    const event = (await asked) as ArrivoFeedbackRequestedEvent;
    expect(event.detail.booking.id).to.equal(visit.id);
    expect(event.bubbles && event.composed).to.equal(true);

    // Rated (here through the API, as the page's survey would): the button goes.
    const res = await fetch(`${API}/businesses/${BUSINESS}/me/bookings/${visit.id}/feedback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rating: 5 }),
    });
    expect(res.status).to.equal(201);
    await el.refresh();
    await waitUntil(() => card(el, visit.id) && !sendFeedback(), 'Send feedback still offered', { timeout: 8000 });

    // When the business shows technician ratings (here from the first one), the card says so.
    expect($(el, '[part="technician-rating"]')).to.equal(null);
    const staff = await apiSignIn('alex@rosecity.example'); // settings are the admin's
    const settings = (patch: object) =>
      fetch(`${API}/businesses/${BUSINESS}/admin/survey-settings`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${staff.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(patch),
      });
    expect((await settings({ showTechnicianRating: true, technicianRatingMinimum: 1, technicianRatingMinCount: 1 })).status).to.equal(200);
    try {
      await el.refresh();
      await waitUntil(() => card(el, visit.id)?.querySelector('[part="technician-rating"]'), 'no technician rating', { timeout: 8000 });
      const rating = card(el, visit.id)!.querySelector('[part="technician-rating"]')!;
      expect(rating.textContent).to.match(/Rated \d\.\d of 5 \(\d+ ratings\)/);
      await expect(el).to.be.accessible();
    } finally {
      await settings({ showTechnicianRating: false, technicianRatingMinimum: 4.5, technicianRatingMinCount: 5 });
    }
  });
});

describe('<arrivo-appointment-list> live', () => {
  it('moves a visit from Upcoming to Active, then to Past, on the live stream without a reload', async () => {
    const { token } = await signIn();
    const { booking } = await bookVisit(token, 1);
    const el = await mount();
    await waitUntil(() => card(el, booking.id)?.closest('.cards'), 'not under Upcoming', { timeout: 8000 });
    await setStatus(booking.id, 'traveling');
    // Active (or, when another visit of this customer travels too, in Upcoming with its map link).
    await waitUntil(() => card(el, booking.id)?.dataset.status === 'traveling', 'did not move on', { timeout: 8000 });
    expect([...card(el, booking.id)!.querySelectorAll('button')].some((b) => b.textContent!.includes('View Live Map'))).to.equal(true);
    await setStatus(booking.id, 'in_progress');
    await setStatus(booking.id, 'completed');
    await waitUntil(() => !card(el, booking.id), 'still shown as active or upcoming', { timeout: 8000 });
    $<HTMLButtonElement>(el, '#tab-past').click();
    await waitUntil(() => card(el, booking.id)?.dataset.status === 'completed', 'not in Past', { timeout: 8000 });
  });
});
