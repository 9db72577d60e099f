// Standalone elements on one page load from [api, business, session]: they follow a sign-in made
// in <arrivo-sign-in>, drop one person's data the moment another signs in, and follow `business`.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../arrivo-sign-in';
import '../arrivo-booking-form';
import '../arrivo-appointment-list';
import '../arrivo-profile';
import type { ArrivoBookingForm } from '../components/booking-form/booking-form';
import type { ArrivoAppointmentList } from '../components/appointment-list/appointment-list';
import { ArrivoSignedInEvent, ArrivoSignedOutEvent } from '../events/index';
import { SessionStore } from '../session/session-store';
import { Data } from './data';
import { API, BUSINESS, DEMO_PASSWORD, bookVisit, forgetSessions, newCustomer, signIn } from '../test-support';

const $ = (el: Element | undefined, s: string) => el!.shadowRoot!.querySelector<HTMLElement>(s);
const text = (el: Element) => el.shadowRoot!.textContent!;

async function page() {
  const root = await fixture(html`<div>
    <arrivo-sign-in api=${API} business=${BUSINESS}></arrivo-sign-in>
    <arrivo-booking-form api=${API} business=${BUSINESS}></arrivo-booking-form>
    <arrivo-appointment-list api=${API} business=${BUSINESS}></arrivo-appointment-list>
    <arrivo-profile api=${API} business=${BUSINESS}></arrivo-profile>
  </div>`);
  const get = (tag: string) => root.querySelector(tag)!;
  return { signInEl: get('arrivo-sign-in'), form: get('arrivo-booking-form') as ArrivoBookingForm, list: get('arrivo-appointment-list') as ArrivoAppointmentList, profile: get('arrivo-profile') };
}

async function signInThrough(el: Element, email: string, password: string) {
  for (const [name, value] of [['email', email], ['password', password]]) {
    const input = $(el, `[name="${name}"]`) as HTMLInputElement;
    input.value = value!;
    input.dispatchEvent(new InputEvent('input'));
  }
  const signedIn = oneEvent(el, ArrivoSignedInEvent.type);
  ($(el, 'button[type="submit"]') as HTMLButtonElement).click();
  await signedIn;
}

const loaded = (p: Awaited<ReturnType<typeof page>>) =>
  waitUntil(() => $(p.form, 'form') && $(p.list, '[role="tablist"]') && $(p.profile, 'form'), 'the elements did not load', { timeout: 8000 });

describe('data keyed on [api, business, session]', () => {
  it('loads every element on the page as soon as someone signs in with <arrivo-sign-in>', async () => {
    forgetSessions();
    const p = await page();
    expect(text(p.form)).to.contain('Sign in to book a visit.');
    expect(text(p.list)).to.contain('Sign in to see your appointments.');
    await signInThrough(p.signInEl, 'linh.nguyen@example.com', DEMO_PASSWORD);
    await loaded(p);
    expect($(p.form, 'select[name="asset"]')!.textContent).to.contain('Rheem');

    const signedOut = oneEvent(p.signInEl, ArrivoSignedOutEvent.type);
    ($(p.signInEl, 'button[data-variant="secondary"]') as HTMLButtonElement).click();
    await signedOut;
    await p.form.updateComplete;
    expect(text(p.form)).to.contain('Sign in to book a visit.');
    expect(text(p.list)).to.contain('Sign in to see your appointments.');
  });

  it('shows no trace of the person before when another one signs in', async () => {
    const linh = await signIn();
    const { booking } = await bookVisit(linh.token);
    const nell = await newCustomer('Nell');
    const p = await page();
    await loaded(p);
    await waitUntil(() => $(p.list, `#appointment-${booking.id}`), 'Linh’s visit not listed', { timeout: 8000 });
    expect(text(p.form)).to.contain('Rheem');

    // Signed out, then in as Nell.
    ($(p.signInEl, 'button[data-variant="secondary"]') as HTMLButtonElement).click();
    await waitUntil(() => $(p.signInEl, '[name="email"]'));
    await signInThrough(p.signInEl, nell.email, 'Nell has a long password');
    await p.form.updateComplete;
    await p.list.updateComplete;
    for (const el of [p.form, p.list, p.profile]) expect(text(el)).not.to.match(/Rheem|Linh|Drain cleaning/);
    await loaded(p);
    expect($(p.form, 'select[name="asset"]')).to.equal(null); // Nell has no products
    expect($(p.list, `#appointment-${booking.id}`)).to.equal(null);
    expect(($(p.profile, '[name="firstName"]') as HTMLInputElement).value).to.equal('Nell');

    // Someone else signs in without a sign-out between (in another tab, say): what Nell saw and
    // chose is gone at once, before Linh's data arrives.
    const service = $(p.form, 'select[name="serviceType"]') as HTMLSelectElement;
    service.value = [...service.options].find((o) => o.text === 'Drain cleaning')!.value;
    service.dispatchEvent(new Event('change'));
    await waitUntil(() => $(p.form, '[part~="time"]'), 'no times for Nell', { timeout: 8000 });
    SessionStore.for(API, BUSINESS).set((await (await fetch(`${API}/businesses/${BUSINESS}/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'linh.nguyen@example.com', password: DEMO_PASSWORD }),
    })).json()));
    await p.form.updateComplete;
    expect($(p.form, '[part~="time"]')).to.equal(null);
    await loaded(p);
    expect(($(p.form, 'select[name="serviceType"]') as HTMLSelectElement).value).to.equal('');
    expect(($(p.profile, '[name="firstName"]') as HTMLInputElement).value).to.equal('Linh');
  });

  it('shows the session of the moment when an element is put back into the page', async () => {
    await signIn();
    const profile = await fixture(html`<arrivo-profile api=${API} business=${BUSINESS}></arrivo-profile>`);
    await waitUntil(() => $(profile, 'form'), 'the profile did not load', { timeout: 8000 });
    const parent = profile.parentElement!;
    profile.remove();
    forgetSessions(); // signed out while the element was out of the page
    parent.append(profile);
    await (profile as ArrivoAppointmentList).updateComplete;
    expect(Boolean($(profile, 'form')), 'the profile of the one signed out is still shown').to.equal(false);
  });

  it('loads again when only `business` changes', async () => {
    await signIn();
    const form = await fixture<ArrivoBookingForm>(html`<arrivo-booking-form api=${API}></arrivo-booking-form>`);
    const list = await fixture<ArrivoAppointmentList>(html`<arrivo-appointment-list api=${API}></arrivo-appointment-list>`);
    expect(text(form)).to.contain('Sign in to book a visit.'); // nobody is signed in at no business
    form.business = BUSINESS;
    list.business = BUSINESS;
    await waitUntil(() => $(form, 'form') && $(list, '[role="tablist"]'), 'did not load for the new business', { timeout: 8000 });

    form.business = 'another-business';
    await form.updateComplete;
    expect(text(form)).to.contain('Sign in to book a visit.');
    form.business = BUSINESS;
    await waitUntil(() => $(form, 'form'), 'did not load again', { timeout: 8000 });
  });
});

describe('Data.reload', () => {
  // A bare host: enough for the controller, which only adds itself and asks for updates.
  const host = () => {
    const controllers: { hostUpdate?(): void }[] = [];
    return { addController: (c: object) => controllers.push(c), removeController: () => {}, requestUpdate: () => {}, updateComplete: Promise.resolve(true), update: () => controllers.forEach((c) => c.hostUpdate?.()) };
  };

  it('keeps the loaded value through a reload that starts while another one runs', async () => {
    const h = host();
    const answers: ((v: number) => void)[] = [];
    const data = new Data<number>(() => ['api', 'biz', 'token'], () => new Promise<number>((resolve) => answers.push(resolve)), {}, h as never);
    h.update();
    answers.shift()!(1);
    await waitUntil(() => data.value === 1);
    void data.reload(); // a live event …
    void data.reload(); // … and a change made here, before the first answer
    expect(data.value, 'the value loaded before, not a skeleton').to.equal(1);
    answers.pop()!(2);
    await waitUntil(() => data.value === 2);
  });
});
