import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../arrivo-booking-form';
import type { ArrivoBookingForm } from './booking-form';
import { ArrivoBookedEvent, ArrivoRescheduledEvent } from '../../events/index';
import { addDays } from '@arrivo/core';
import { formatWhen } from '../../format';
import { API, BUSINESS, bookVisit, forgetSessions, holdNextAnswer, requestOf, signIn } from '../../test-support';

const root = (el: Element) => el.shadowRoot!;
const $ = <T extends HTMLElement = HTMLElement>(el: Element, s: string) => root(el).querySelector<T>(s)!;
const $$ = <T extends HTMLElement = HTMLElement>(el: Element, s: string) => [...root(el).querySelectorAll<T>(s)];

async function mount() {
  const el = await fixture<ArrivoBookingForm>(html`<arrivo-booking-form api=${API} business=${BUSINESS} time-zone="America/Los_Angeles"></arrivo-booking-form>`);
  await waitUntil(() => $(el, 'form'), 'form never loaded', { timeout: 8000 });
  return el;
}

async function chooseService(el: ArrivoBookingForm, label = 'Drain cleaning') {
  const select = $<HTMLSelectElement>(el, 'select[name="serviceType"]');
  select.value = [...select.options].find((o) => o.text === label)!.value;
  select.dispatchEvent(new Event('change'));
  await waitUntil(() => $$(el, '[part~="times"] [part~="time"]').length > 0, 'times never appeared', { timeout: 8000 });
}

describe('<arrivo-booking-form>', () => {
  it('asks to sign in first', async () => {
    forgetSessions();
    const el = await fixture<ArrivoBookingForm>(html`<arrivo-booking-form api=${API} business=${BUSINESS}></arrivo-booking-form>`);
    expect($(el, '[part="notice"]').textContent).to.equal('Sign in to book a visit.');
  });

  it('opens with a service type and product chosen (a follow-up visit), ignoring ones it cannot book', async () => {
    const { token } = await signIn();
    const auth = { headers: { authorization: `Bearer ${token}` } };
    const types = (await (await fetch(`${API}/businesses/${BUSINESS}/me/service-types`, auth)).json()) as { id: string; name: string }[];
    const assets = (await (await fetch(`${API}/businesses/${BUSINESS}/me/assets`, auth)).json()) as { id: string; name: string }[];
    const type = types.find((t) => t.name === 'Furnace tune-up')!;
    const asset = assets.find((a) => a.name === 'Carrier 59TP6 furnace')!;
    const el = await fixture<ArrivoBookingForm>(
      html`<arrivo-booking-form api=${API} business=${BUSINESS} service-type-id=${type.id} asset-id=${asset.id}></arrivo-booking-form>`,
    );
    await waitUntil(() => root(el).querySelector('form'), 'form never loaded', { timeout: 8000 });
    expect($<HTMLSelectElement>(el, 'select[name="serviceType"]').value).to.equal(type.id);
    expect($<HTMLSelectElement>(el, 'select[name="asset"]').value).to.equal(asset.id);
    await waitUntil(() => $$(el, '[part~="day"]').length > 0, 'no days for the chosen service type', { timeout: 8000 });

    const unknown = await fixture<ArrivoBookingForm>(
      html`<arrivo-booking-form api=${API} business=${BUSINESS} service-type-id="00000000-0000-4000-8000-000000000000"></arrivo-booking-form>`,
    );
    await waitUntil(() => root(unknown).querySelector('form'), 'form never loaded', { timeout: 8000 });
    expect($<HTMLSelectElement>(unknown, 'select[name="serviceType"]').value).to.equal('');
  });

  it('books: product with its address, service type, a day whose times appear at once, comments, confirmation', async () => {
    await signIn();
    const el = await mount();
    const product = $<HTMLSelectElement>(el, 'select[name="asset"]');
    expect([...product.options].map((o) => o.text)).to.include.members(['No specific product', 'Rheem 50-gallon gas water heater', 'Carrier 59TP6 furnace']);
    // The address is a description of the field, not part of its name ("Product").
    const hint = () => root(el).getElementById(product.getAttribute('aria-describedby')!)!;
    expect(product.labels![0]!.textContent!.trim()).to.equal('Product');
    expect(hint().textContent).to.contain('account’s address');
    product.value = [...product.options].find((o) => o.text.startsWith('Rheem'))!.value;
    product.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(hint().textContent).to.contain('3614 SE Hawthorne Blvd');

    await chooseService(el);
    const selectedDay = $(el, '[part~="day"][aria-checked="true"]');
    expect(selectedDay).to.exist;
    expect($(el, '[data-zone]').textContent).to.match(/Times in Pacific (Standard|Daylight) Time/);
    const [first] = $$<HTMLButtonElement>(el, '[part~="times"] [part~="time"]');
    first!.click();
    await el.updateComplete;
    const comments = $<HTMLTextAreaElement>(el, 'textarea[name="comments"]');
    expect(comments.labels![0]!.textContent!.trim()).to.equal('Comments');
    expect(root(el).getElementById(comments.getAttribute('aria-describedby')!)!.textContent).to.contain('Optional');
    comments.value = 'Pilot light keeps going out';
    comments.dispatchEvent(new InputEvent('input'));
    await expect(el).to.be.accessible();

    const booked = oneEvent(el, ArrivoBookedEvent.type);
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    const event = (await booked) as ArrivoBookedEvent;
    expect(event.detail.booking).to.include({ status: 'scheduled', comments: 'Pilot light keeps going out' });
    expect(event.detail.booking.asset!.name).to.equal('Rheem 50-gallon gas water heater');
    await el.updateComplete;
    const confirmation = $(el, '[part="confirmation"]').textContent!;
    expect(confirmation).to.contain('Your visit is booked');
    expect(confirmation).to.contain(`#${event.detail.booking.workOrderNumber}`);
    expect(confirmation).to.match(/(PST|PDT)/); // the zone is always shown
  });

  it('shows every day of the strip whole, pages on from the last day shown, and greys out what cannot be used', async () => {
    await signIn();
    const el = await mount();
    await chooseService(el);
    const strip = () => $(el, '[part~="days"]');
    const shown = () => $$(el, '[part~="day"]').map((d) => d.dataset.date!);
    const whole = () =>
      $$(el, '[part~="day"]').every((d) => {
        const r = d.getBoundingClientRect();
        const box = strip().getBoundingClientRect();
        return r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.width > 40;
      });
    expect(whole(), 'a day is cut off').to.equal(true);
    expect(strip().scrollWidth).to.be.at.most(strip().clientWidth);

    const [earlier, later] = $$<HTMLButtonElement>(el, '.day-nav button');
    expect(earlier!.disabled).to.equal(true);
    expect(getComputedStyle(earlier!).cursor).to.equal('not-allowed');
    expect(Number(getComputedStyle(earlier!).opacity)).to.be.below(0.6);
    expect(getComputedStyle(later!).opacity).to.equal('1');

    const before = shown();
    later!.click();
    await waitUntil(() => strip() && shown()[0] !== before[0], 'Later did nothing', { timeout: 8000 });
    expect(shown()[0]).to.equal(addDays(before.at(-1)!, 1)); // no day skipped
    expect(whole()).to.equal(true);
    expect($$<HTMLButtonElement>(el, '.day-nav button')[0]!.disabled).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('moves through days and times with the arrow keys', async () => {
    await signIn();
    const el = await mount();
    await chooseService(el);
    const times = $$<HTMLButtonElement>(el, '[part~="times"] [part~="time"]');
    times[0]!.focus();
    times[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await el.updateComplete;
    expect(times[1]!.getAttribute('aria-checked')).to.equal('true');
    expect(root(el).activeElement).to.equal(times[1]);
  });

  it('offers the nearest free times when the chosen one was just taken, keeping everything else', async () => {
    const { token } = await signIn();
    const el = await mount();
    await chooseService(el);
    const target = $$<HTMLButtonElement>(el, '[part~="times"] [part~="time"]')[3]!;
    target.click();
    const comments = $<HTMLTextAreaElement>(el, 'textarea[name="comments"]');
    comments.value = 'Please call when close';
    comments.dispatchEvent(new InputEvent('input'));
    // Meanwhile every technician who could come at that time gets booked by someone else.
    const arrivalAt = (el as unknown as { arrivalAt: string }).arrivalAt;
    const serviceTypeId = $<HTMLSelectElement>(el, 'select[name="serviceType"]').value;
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${API}/businesses/${BUSINESS}/me/bookings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ serviceTypeId, arrivalAt }),
      });
      if (res.status === 409) break;
    }
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await waitUntil(() => $(el, '[part="error"]'), 'no error shown', { timeout: 8000 });
    expect($(el, '[part="error"]').textContent).to.match(/just taken/);
    await waitUntil(() => $(el, '.alternatives'), 'no alternatives');
    expect($$(el, '.alternatives [part~="time"]').length).to.be.greaterThan(0);
    expect($<HTMLTextAreaElement>(el, 'textarea[name="comments"]').value).to.equal('Please call when close');
    expect($<HTMLSelectElement>(el, 'select[name="serviceType"]').value).to.equal(serviceTypeId);
    await expect(el).to.be.accessible();
    // Taking an alternative books it.
    $$<HTMLButtonElement>(el, '.alternatives [part~="time"]')[0]!.click();
    await el.updateComplete;
    const booked = oneEvent(el, ArrivoBookedEvent.type);
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await booked;
  });

  it('modifies a visit: only a new day and time', async () => {
    const { token } = await signIn();
    const { booking } = await bookVisit(token, 2);
    const el = await fixture<ArrivoBookingForm>(html`<arrivo-booking-form api=${API} business=${BUSINESS} .booking=${booking}></arrivo-booking-form>`);
    await waitUntil(() => $$(el, '[part~="times"] [part~="time"]').length > 0, 'times never appeared', { timeout: 8000 });
    expect($(el, 'select[name="serviceType"]')).to.equal(null);
    // The visit's current time is there to compare with.
    expect($(el, '[part="notice"]').textContent!.replace(/\s+/g, ' ')).to.contain(
      `Your Drain cleaning visit is now ${formatWhen(booking.arrivalAt, Intl.DateTimeFormat().resolvedOptions().timeZone, booking.arrivalWindowEndsAt)}`,
    );
    expect($$(el, '[part~="time"]').every((b) => b.getAttribute('aria-checked') === 'false')).to.equal(true);
    $$<HTMLButtonElement>(el, '[part~="times"] [part~="time"]')[0]!.click();
    await el.updateComplete;
    const moved = oneEvent(el, ArrivoRescheduledEvent.type);
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    const event = (await moved) as ArrivoRescheduledEvent;
    expect(event.detail.booking.id).to.equal(booking.id);
    expect(event.detail.booking.arrivalAt).not.to.equal(booking.arrivalAt);
  });

  it('keeps the time chosen when the times of a day chosen before arrive late', async () => {
    await signIn();
    const el = await mount();
    await chooseService(el);
    const open = () => $$<HTMLButtonElement>(el, '[part~="day"]:not([disabled])');
    expect(open().length).to.be.at.least(3);
    const [, second, third] = open();
    const held = holdNextAnswer((url) => url.pathname.endsWith('/me/slots'));
    try {
      second!.click();
      await held.requested;
      third!.click();
      await waitUntil(() => $$(el, '[part~="times"] [part~="time"]').length > 0, 'no times for the third day', { timeout: 8000 });
      $$<HTMLButtonElement>(el, '[part~="times"] [part~="time"]')[0]!.click();
      await el.updateComplete;
      await held.release(); // the second day's times arrive after the third day's
      await el.updateComplete;
      expect($$(el, '[part~="time"][aria-checked="true"]')).to.have.length(1);
      expect($<HTMLButtonElement>(el, 'button[type="submit"]').disabled).to.equal(false);
      expect($(el, '[part~="day"][aria-checked="true"]').dataset.date).to.equal(third!.dataset.date);
    } finally {
      held.restore();
    }
  });

  it('keeps the day shown when the days asked for before arrive late', async () => {
    await signIn();
    const el = await mount();
    await chooseService(el);
    const chosen = $(el, '[part~="day"][aria-checked="true"]').dataset.date!;
    const held = holdNextAnswer((url) => url.pathname.endsWith('/me/slot-days'));
    try {
      $$<HTMLButtonElement>(el, '.day-nav button')[1]!.click(); // Later
      await held.requested;
      await el.updateComplete;
      $$<HTMLButtonElement>(el, '.day-nav button')[0]!.click(); // Earlier again, before Later's days came
      await waitUntil(() => $(el, `[part~="day"][data-date="${chosen}"]`), 'the first days did not come back', { timeout: 8000 });
      await waitUntil(() => $$(el, '[part~="times"] [part~="time"]').length > 0, 'no times', { timeout: 8000 });
      await held.release(); // the later days arrive now
      await el.updateComplete;
      expect($(el, '[part~="day"][aria-checked="true"]')?.dataset.date).to.equal(chosen);
    } finally {
      held.restore();
    }
  });

  it('asks for times only on a day of the chosen service type’s own days', async () => {
    await signIn();
    const el = await mount();
    await chooseService(el);
    const asked: string[] = [];
    const real = window.fetch;
    window.fetch = (input, init) => {
      const url = new URL(requestOf(input, init).url);
      if (url.pathname.endsWith('/me/slots')) asked.push(url.searchParams.get('serviceTypeId')!);
      return real(input, init);
    };
    const held = holdNextAnswer((url) => url.pathname.endsWith('/me/slot-days'));
    try {
      const select = $<HTMLSelectElement>(el, 'select[name="serviceType"]');
      const other = [...select.options].find((o) => o.value && o.value !== select.value)!.value;
      select.value = other;
      select.dispatchEvent(new Event('change'));
      await held.requested; // the other service's days are on their way
      expect(asked).to.deep.equal([]); // no times for a day chosen for the service before
      await held.release();
      await waitUntil(() => asked.includes(other) || $(el, '[part~="days"]'), 'nothing after the days came', { timeout: 8000 });
    } finally {
      held.restore();
      window.fetch = real;
    }
  });
});

describe('<arrivo-booking-form> intake questions', () => {
  it('asks a service type’s questions before its times, and books with the answers', async () => {
    const { token } = await signIn();
    const el = await mount();
    expect(root(el).querySelector('[part~="intake"]')).to.equal(null);
    const select = $<HTMLSelectElement>(el, 'select[name="serviceType"]');
    select.value = [...select.options].find((o) => o.text === 'EV charger installation')!.value;
    select.dispatchEvent(new Event('change'));
    // The questions come in their own chunk; times wait for the required answers.
    await waitUntil(() => root(el).querySelector('[part~="intake"]'), 'questions never appeared', { timeout: 8000 });
    expect($(el, '[data-intake-first]').textContent).to.equal('Answer the questions above to see free times.');
    expect(root(el).querySelector('[part~="days"]')).to.equal(null);
    const field = <T extends HTMLElement>(key: string) => $<T>(el, `[part~="intake"] [name="${key}"]`);
    expect((field<HTMLSelectElement>('chargerModel').labels![0]!.textContent ?? '').trim()).to.equal('Charger model');
    const model = field<HTMLSelectElement>('chargerModel');
    model.value = 'Wallbox Pulsar Plus (32 A)';
    model.dispatchEvent(new Event('change'));
    for (const [key, value] of [['panelAmps', '200'], ['cableMetres', '8']] as const) {
      const input = field<HTMLInputElement>(key);
      expect(input.type).to.equal('number');
      input.value = value;
      input.dispatchEvent(new Event('change'));
    }
    await waitUntil(() => $$(el, '[part~="times"] [part~="time"]').length > 0, 'times never appeared', { timeout: 8000 });
    await expect(el).to.be.accessible();
    $$<HTMLButtonElement>(el, '[part~="times"] [part~="time"]')[0]!.click();
    await el.updateComplete;
    const booked = oneEvent(el, ArrivoBookedEvent.type);
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    const { detail } = await booked;
    // Two hours: the length the plugin computes from these answers.
    expect(Date.parse(detail.booking.endsAt) - Date.parse(detail.booking.arrivalAt)).to.equal(120 * 60_000);
    await fetch(`${API}/businesses/${BUSINESS}/me/bookings/${detail.booking.id}/cancel`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'test over' }),
    });
  });
});
