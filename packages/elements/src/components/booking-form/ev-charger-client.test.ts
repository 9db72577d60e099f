// The EV charger plugin's client half on a page, as the demo's booking page loads it (the module
// registers itself page-wide): the panel rating as a choice of breaker sizes, usable by keyboard and
// clean for axe, its strings in Spanish and Arabic, and the plugin's veto in the form's language.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../arrivo-booking-form';
import '@arrivo/plugin-ev-charger/client';
import type { ArrivoBookingForm } from './booking-form';
import { setArrivoLocale } from '../../localization';
import { API, BUSINESS, signIn } from '../../test-support';

const root = (el: Element) => el.shadowRoot!;
const $ = <T extends HTMLElement = HTMLElement>(el: Element, s: string) => root(el).querySelector<T>(s);
const $$ = <T extends HTMLElement = HTMLElement>(el: Element, s: string) => [...root(el).querySelectorAll<T>(s)];

async function evForm() {
  const el = await fixture<ArrivoBookingForm>(html`<arrivo-booking-form api=${API} business=${BUSINESS} time-zone="America/Los_Angeles"></arrivo-booking-form>`);
  await waitUntil(() => $(el, 'form'), 'form never loaded', { timeout: 8000 });
  const select = $<HTMLSelectElement>(el, 'select[name="serviceType"]')!;
  select.value = [...select.options].find((o) => o.text === 'EV charger installation')!.value;
  select.dispatchEvent(new Event('change'));
  await waitUntil(() => $(el, '[data-widget="ev-charger:panel-amps"] fieldset'), 'the panel widget never appeared', { timeout: 8000 });
  return el;
}

function answer(el: ArrivoBookingForm, key: string, value: string) {
  const input = $<HTMLInputElement | HTMLSelectElement>(el, `[part~="intake"] [name="${key}"]`)!;
  input.value = value;
  input.dispatchEvent(new Event('change'));
}

const radios = (el: ArrivoBookingForm) => $$<HTMLInputElement>(el, '[part~="intake"] input[type="radio"][name="panelAmps"]');

describe('the EV charger client plugin in <arrivo-booking-form>', () => {
  before(() => signIn());
  after(() => setArrivoLocale('en'));

  it('asks the panel rating as labelled breaker sizes, by keyboard, and clean for axe', async () => {
    const el = await evForm();
    const group = $<HTMLFieldSetElement>(el, '[data-widget="ev-charger:panel-amps"] fieldset')!;
    expect(group.querySelector('legend')!.textContent!.trim()).to.equal('Main panel rating (amps)');
    expect(root(el).getElementById(group.getAttribute('aria-describedby')!)!.textContent).to.equal('The number on the main breaker, usually at the top of your panel.');
    expect(radios(el).map((r) => r.labels![0]!.textContent!.trim())).to.deep.equal(['60 A', '80 A', '100 A', '125 A', '150 A', '200 A', '400 A']);
    // The sizes sit side by side (wrapping), not one per line.
    const [first, second] = radios(el).map((r) => r.labels![0]!.getBoundingClientRect());
    expect(second!.top).to.equal(first!.top);
    expect(second!.left).to.be.greaterThan(first!.right);
    // The service type's icon heads its questions (decorative).
    expect($(el, '[part~="intake"] > legend svg')!.getAttribute('aria-hidden')).to.equal('true');

    answer(el, 'chargerModel', 'Wallbox Pulsar Plus (32 A)');
    answer(el, 'cableMetres', '8');
    // No summary until every required question is answered.
    await el.updateComplete;
    expect($(el, '[part~="intake-summary"]')).to.equal(null);
    // Tab into the group, then arrows choose: 60 → 80 → 100.
    radios(el)[0]!.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(radios(el)[0]!.checked).to.equal(true);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(radios(el).map((r) => r.checked)).to.deep.equal([false, false, true, false, false, false, false]);
    expect(root(el).activeElement === radios(el)[2], 'focus stays on the chosen size').to.equal(true);
    // The plugin's summary of the answers, under the questions.
    expect($(el, '[part~="intake-summary"]')!.textContent!.trim()).to.equal('Wallbox Pulsar Plus (32 A), 100 A panel, 8 m of cable');
    await waitUntil(() => $$(el, '[part~="times"] [part~="time"]').length > 0, 'times never appeared', { timeout: 8000 });
    await expect(el).to.be.accessible();
  });

  it('speaks Spanish and Arabic, and the plugin refuses a 48 A charger on an 80 A panel in Spanish', async () => {
    await setArrivoLocale('es');
    const el = await evForm();
    expect($<HTMLSelectElement>(el, '[part~="intake"] [name="chargerModel"]')!.labels![0]!.textContent!.trim()).to.equal('Modelo del cargador');
    expect($(el, '[data-widget="ev-charger:panel-amps"] legend')!.textContent!.trim()).to.equal('Capacidad del panel principal (amperios)');
    answer(el, 'chargerModel', 'ChargePoint Home Flex (48 A)');
    answer(el, 'cableMetres', '8');
    radios(el)[1]!.click(); // 80 A
    await waitUntil(() => $$(el, '[part~="times"] [part~="time"]').length > 0, 'times never appeared', { timeout: 8000 });
    $$<HTMLButtonElement>(el, '[part~="times"] [part~="time"]')[0]!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'button[type="submit"]')!.click();
    await waitUntil(() => $(el, '[part="error"]'), 'the veto never showed', { timeout: 8000 });
    expect($(el, '[part="error"]')!.textContent).to.equal(
      'Un cargador de 48 A necesita un panel principal de al menos 100 A, y el suyo es de 80 A. Elija un cargador de 32 A o 40 A (carga la mayoría de los coches durante la noche), o llámenos antes para ampliar el panel.',
    );

    await setArrivoLocale('ar');
    await waitUntil(() => radios(el)[1]!.labels![0]!.textContent!.trim() === '80 أمبير', 'the plugin’s strings never switched to Arabic', { timeout: 4000 });
    expect($<HTMLInputElement>(el, '[part~="intake"] [name="cableMetres"]')!.labels![0]!.textContent!.trim()).to.equal('طول الكابل من اللوحة إلى الشاحن (بالمتر)');
  });
});
