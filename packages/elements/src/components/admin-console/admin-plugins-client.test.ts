// The console with the EV charger plugin's client half on the page, as the demo's staff page loads
// it: the preview ("see what the customer sees") and the board's "Book a visit" ask the service
// type's questions with the plugin's widget, as the customer's booking form does. In Chromium
// against the real API (the demo business); nothing is booked.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../arrivo-admin-console';
import '@arrivo/plugin-ev-charger/client';
import type { ArrivoAdminConsole } from './admin-console';
import { API, BUSINESS, forgetSessions, signIn } from '../../test-support';

const DANA = 'dana@rosecity.example'; // dispatcher
const WIDGET = '[data-widget="ev-charger:panel-amps"]';

const $ = <T extends Element = HTMLElement>(root: Element | ShadowRoot, s: string) => ('shadowRoot' in root && root.shadowRoot ? root.shadowRoot : root).querySelector<T>(s);
const radios = (root: Element) => [...root.shadowRoot!.querySelectorAll<HTMLInputElement>(`${WIDGET} input[type="radio"]`)];

/** Finds an account by name in a screen's search and picks it. */
async function pickAccount(screen: Element, name: string) {
  const q = $<HTMLInputElement>(screen, 'input[name="accountQuery"]')!;
  q.value = name;
  q.dispatchEvent(new Event('input'));
  $<HTMLFormElement>(screen, 'form[role="search"]')!.requestSubmit();
  await waitUntil(() => $(screen, '[data-account]'), 'account not found', { timeout: 8000 });
  $<HTMLButtonElement>(screen, '[data-account]')!.click();
}

function chooseEvCharger(root: Element) {
  const select = $<HTMLSelectElement>(root, 'select[name="serviceType"]')!;
  select.value = [...select.options].find((o) => o.text === 'EV charger installation')!.value;
  select.dispatchEvent(new Event('change'));
}

describe('<arrivo-admin-console> with a client plugin on the page', () => {
  before(() => signIn(DANA));
  after(() => forgetSessions());

  it('previews the EV charger installation with the plugin’s panel widget, as the customer sees it', async function () {
    this.timeout(40_000);
    const el = await fixture<ArrivoAdminConsole>(html`<arrivo-admin-console api=${API} business=${BUSINESS}></arrivo-admin-console>`);
    await waitUntil(() => $(el, '[data-section="preview"]'), 'no preview section', { timeout: 8000 });
    $<HTMLButtonElement>(el, '[data-section="preview"]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('arrivo-admin-preview'), 'preview never loaded', { timeout: 8000 });
    const preview = el.shadowRoot!.querySelector('arrivo-admin-preview')!;
    await pickAccount(preview, 'Nguyen');
    await waitUntil(() => $(preview, 'arrivo-booking-preview'), 'form never shown', { timeout: 8000 });
    const form = $<LitElement>(preview, 'arrivo-booking-preview')!;
    await waitUntil(() => $(form, 'select[name="serviceType"]'), 'form never loaded', { timeout: 8000 });
    chooseEvCharger(form);
    await waitUntil(() => $(form, `${WIDGET} fieldset`), 'the plugin’s widget never appeared in the preview', { timeout: 8000 });
    expect($(form, `${WIDGET} legend`)!.textContent!.trim()).to.equal('Main panel rating (amps)');
    expect(radios(form).map((r) => r.labels![0]!.textContent!.trim())).to.include('100 A');
    await expect(preview).to.be.accessible();
  });

  it('asks the same widget when booking for a customer from the board', async function () {
    this.timeout(40_000);
    const el = await fixture<ArrivoAdminConsole>(html`<arrivo-admin-console api=${API} business=${BUSINESS}></arrivo-admin-console>`);
    const b = el.shadowRoot!.querySelector('arrivo-admin-board')!;
    await waitUntil(() => $(b, '[part="board"]'), 'board never loaded', { timeout: 8000 });
    $<HTMLButtonElement>(b, '[data-action="book"]')!.click();
    await waitUntil(() => $(b, 'arrivo-admin-book-visit'), 'booking tools never loaded', { timeout: 8000 });
    const tool = $<LitElement>(b, 'arrivo-admin-book-visit')!;
    await pickAccount(tool, 'Nguyen');
    await waitUntil(() => $(tool, 'select[name="serviceType"]'), 'account options never loaded', { timeout: 8000 });
    chooseEvCharger(tool);
    await waitUntil(() => $(tool, `${WIDGET} fieldset`), 'the plugin’s widget never appeared in Book a visit', { timeout: 8000 });
    expect(radios(tool)).to.have.length(7);
    await expect(tool).to.be.accessible();
    $<HTMLDialogElement>(b, 'dialog[data-book]')!.close();
  });
});
