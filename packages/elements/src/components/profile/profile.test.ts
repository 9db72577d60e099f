import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../arrivo-profile';
import type { ArrivoProfile } from './profile';
import { ArrivoProfileSavedEvent } from '../../events/index';
import { SessionStore } from '../../session/session-store';
import { API, BUSINESS, DEMO_PASSWORD, codeIn, forgetSessions, holdNextAnswer, lastMail, newCustomer, signIn } from '../../test-support';

const $ = <T extends HTMLElement = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;

async function signInAsNewCustomer(email: string) {
  // Marco's invitation is waiting in the demo mailbox; redeem it to get a first-run customer.
  const code = codeIn(await lastMail(email))!;
  const res = await fetch(`${API}/businesses/${BUSINESS}/invitations/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, password: 'marco has a password' }),
  });
  expect(res.status).to.equal(201);
  SessionStore.for(API, BUSINESS).set(await res.json());
}

describe('<arrivo-profile>', () => {
  it('shows nothing while nobody is signed in, and the profile as soon as someone is', async () => {
    forgetSessions();
    const el = await fixture<ArrivoProfile>(html`<arrivo-profile api=${API} business=${BUSINESS}></arrivo-profile>`);
    expect(el.shadowRoot!.childElementCount).to.equal(0);
    const res = await fetch(`${API}/businesses/${BUSINESS}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'linh.nguyen@example.com', password: DEMO_PASSWORD }),
    });
    SessionStore.for(API, BUSINESS).set(await res.json());
    await waitUntil(() => $(el, 'form'), 'profile did not appear after sign-in', { timeout: 8000 });
    expect($<HTMLInputElement>(el, '[name="firstName"]').value).to.equal('Linh');
    forgetSessions();
    await el.updateComplete;
    expect($(el, 'form')).to.equal(null);
  });

  it('shows the first-run profile, saves it, and marks the step done', async () => {
    await signInAsNewCustomer('marco@alderbakery.example');
    const el = await fixture<ArrivoProfile>(html`<arrivo-profile api=${API} business=${BUSINESS}></arrivo-profile>`);
    await waitUntil(() => $(el, 'form'), 'profile never loaded', { timeout: 8000 });
    await expect(el).to.be.accessible();
    expect($<HTMLInputElement>(el, 'input[type="email"]').value).to.equal('marco@alderbakery.example');
    expect($<HTMLInputElement>(el, '[name="firstName"]').value).to.equal('Marco');
    expect(el.shadowRoot!.textContent).to.contain('Skip for now');

    const phone = $<HTMLInputElement>(el, '[name="phone"]');
    phone.value = '(503) 555-0199';
    phone.dispatchEvent(new InputEvent('input'));
    const language = $<HTMLSelectElement>(el, '[name="preferredLanguage"]');
    language.value = 'es';
    language.dispatchEvent(new Event('change'));
    const sms = $<HTMLInputElement>(el, '[name="notifySms"]');
    sms.checked = true;
    sms.dispatchEvent(new Event('change'));

    const saved = oneEvent(el, ArrivoProfileSavedEvent.type);
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    const event = (await saved) as ArrivoProfileSavedEvent;
    expect(event.detail.skipped).to.equal(false);
    expect(event.detail.profile).to.include({ phone: '(503) 555-0199', preferredLanguage: 'es', notifySms: true, profileCompleted: true });
    await el.updateComplete;
    expect($(el, '[part="notice"]').textContent).to.equal('Your profile was saved.');
    expect(el.shadowRoot!.textContent).not.to.contain('Skip for now');
    expect(SessionStore.for(API, BUSINESS).session!.profileCompleted).to.equal(true);

    // What the server now has is what a fresh element shows.
    const again = await fixture<ArrivoProfile>(html`<arrivo-profile api=${API} business=${BUSINESS}></arrivo-profile>`);
    await waitUntil(() => $(again, 'form'));
    expect($<HTMLInputElement>(again, '[name="phone"]').value).to.equal('(503) 555-0199');
  });

  it('means it when it says everything is optional: an empty first name saves (the business keeps the name it has)', async () => {
    const { token } = await newCustomer('Oona');
    SessionStore.for(API, BUSINESS).set({ ...(await (await fetch(`${API}/businesses/${BUSINESS}/session`, { headers: { authorization: `Bearer ${token}` } })).json()), token });
    const el = await fixture<ArrivoProfile>(html`<arrivo-profile api=${API} business=${BUSINESS}></arrivo-profile>`);
    await waitUntil(() => $(el, 'form'), 'profile never loaded', { timeout: 8000 });
    expect(el.shadowRoot!.textContent).to.contain('Everything here is optional');
    const first = $<HTMLInputElement>(el, '[name="firstName"]');
    first.value = '';
    first.dispatchEvent(new InputEvent('input'));
    expect($<HTMLFormElement>(el, 'form').checkValidity()).to.equal(true);
    const saved = oneEvent(el, ArrivoProfileSavedEvent.type);
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    const event = (await saved) as ArrivoProfileSavedEvent;
    expect(event.detail.profile).to.include({ firstName: 'Oona', profileCompleted: true });
    await el.updateComplete;
    expect($(el, '[part="error"]')).to.equal(null);
  });

  it('shows a browser in UTC as UTC, not as the first zone of the list', async () => {
    await executeServerCommand('arrivo-emulate-timezone', { zone: 'UTC' });
    try {
      const { token } = await newCustomer('Uma');
      SessionStore.for(API, BUSINESS).set({ ...(await (await fetch(`${API}/businesses/${BUSINESS}/session`, { headers: { authorization: `Bearer ${token}` } })).json()), token });
      const el = await fixture<ArrivoProfile>(html`<arrivo-profile api=${API} business=${BUSINESS}></arrivo-profile>`);
      await waitUntil(() => $(el, 'form'), 'profile never loaded', { timeout: 8000 });
      const zone = $<HTMLSelectElement>(el, '[name="timeZone"]');
      expect(zone.value).to.equal(Intl.DateTimeFormat().resolvedOptions().timeZone);
      expect(zone.selectedOptions[0]!.text).to.match(/UTC/);
    } finally {
      await executeServerCommand('arrivo-emulate-timezone', {}); // the browser's own zone again
    }
  });

  it('keeps what was typed and shows the error when saving fails', async () => {
    const el = await fixture<ArrivoProfile>(html`<arrivo-profile api=${API} business=${BUSINESS}></arrivo-profile>`);
    await waitUntil(() => $(el, 'form'));
    const first = $<HTMLInputElement>(el, '[name="firstName"]');
    first.value = 'M'.repeat(100);
    first.dispatchEvent(new InputEvent('input'));
    // The session ends on the server (signed out elsewhere): saving must fail visibly.
    await fetch(`${API}/businesses/${BUSINESS}/session`, { method: 'DELETE', headers: { authorization: `Bearer ${SessionStore.for(API, BUSINESS).token}` } });
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await waitUntil(() => $(el, '[part="error"]'), 'no error shown');
    expect($(el, '[part="error"]').textContent).to.match(/session has ended/);
    expect($<HTMLInputElement>(el, '[name="firstName"]').value).to.equal('M'.repeat(100));
  });

  it('never shows the person before when their profile arrives after someone else signed in', async () => {
    const linh = await signIn();
    const nell = await newCustomer('Nell');
    const held = holdNextAnswer((url) => url.pathname.endsWith('/me'));
    try {
      const el = await fixture<ArrivoProfile>(html`<arrivo-profile api=${API} business=${BUSINESS}></arrivo-profile>`);
      await held.requested; // Linh's profile is on its way
      SessionStore.for(API, BUSINESS).set({ ...linh, token: nell.token } as never);
      await waitUntil(() => $(el, 'form'), 'Nell’s profile never loaded', { timeout: 8000 });
      expect($<HTMLInputElement>(el, '[name="firstName"]').value).to.equal('Nell');
      await held.release(); // Linh's answer arrives late
      await el.updateComplete;
      expect($<HTMLInputElement>(el, '[name="firstName"]').value).to.equal('Nell');
    } finally {
      held.restore();
    }
  });
});
