// Client plugins in the booking form: a field's widget through the `plugins` property (no
// registry), a renderer that throws, and the page-wide registry shared by two separately loaded
// copies of @arrivo/sdk/client. The form's plain inputs without any plugin are in booking-form.test.ts.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../arrivo-booking-form';
import type { ArrivoBookingForm } from './booking-form';
import { ArrivoBookedEvent } from '../../events/index';
import * as sdk from '@arrivo/sdk/client';
import type { ClientPlugin, FieldRenderContext } from '@arrivo/sdk/client';
import { API, BUSINESS, signIn } from '../../test-support';

const root = (el: Element) => el.shadowRoot!;
const $ = <T extends HTMLElement = HTMLElement>(el: Element, s: string) => root(el).querySelector<T>(s);
const $$ = <T extends HTMLElement = HTMLElement>(el: Element, s: string) => [...root(el).querySelectorAll<T>(s)];

/** A stand-in for the EV charger's client half: the panel rating as two buttons. */
const buttons = (version: string): ClientPlugin => ({
  id: 'ev-charger',
  version,
  fields: {
    'panel-amps': (f: FieldRenderContext) =>
      f.html`<div role="group" aria-label=${f.label} data-test-widget=${version}>
        ${[80, 200].map((n) => f.html`<button type="button" data-amps=${n} aria-pressed=${f.value === n ? 'true' : 'false'} @click=${() => f.onChange(n)}>${n} A</button>`)}
      </div>`,
  },
});

async function evForm(plugins?: ClientPlugin[]) {
  const el = await fixture<ArrivoBookingForm>(html`<arrivo-booking-form api=${API} business=${BUSINESS} time-zone="America/Los_Angeles" .plugins=${plugins}></arrivo-booking-form>`);
  await waitUntil(() => $(el, 'form'), 'form never loaded', { timeout: 8000 });
  const select = $<HTMLSelectElement>(el, 'select[name="serviceType"]')!;
  select.value = [...select.options].find((o) => o.text === 'EV charger installation')!.value;
  select.dispatchEvent(new Event('change'));
  await waitUntil(() => $(el, '[part~="intake"]'), 'questions never appeared', { timeout: 8000 });
  return el;
}

function answer(el: ArrivoBookingForm, key: string, value: string) {
  const input = $<HTMLInputElement | HTMLSelectElement>(el, `[part~="intake"] [name="${key}"]`)!;
  input.value = value;
  input.dispatchEvent(new Event('change'));
}

describe('<arrivo-booking-form> client plugins', () => {
  before(() => signIn());

  it('shows a field with its plugin’s widget (the `plugins` property, nothing registered) and books its answer', async () => {
    expect(sdk.registeredClientPlugins()).to.deep.equal([]);
    const el = await evForm([buttons('property')]);
    // The panel rating is the widget's; the other questions stay plain inputs.
    expect(Boolean($(el, '[part~="intake"] input[name="panelAmps"]')), 'present').to.equal(false);
    expect($(el, '[data-test-widget="property"]')!.getAttribute('aria-label')).to.equal('Main panel rating (amps)');
    answer(el, 'chargerModel', 'Wallbox Pulsar Plus (32 A)');
    answer(el, 'cableMetres', '8');
    expect(Boolean($(el, '[data-intake-first]')), 'missing').to.equal(true);
    $<HTMLButtonElement>(el, '[data-amps="80"]')!.click();
    await el.updateComplete;
    expect($(el, '[data-amps="80"]')!.getAttribute('aria-pressed')).to.equal('true');
    await waitUntil(() => $$(el, '[part~="times"] [part~="time"]').length > 0, 'times never appeared', { timeout: 8000 });
    $$<HTMLButtonElement>(el, '[part~="times"] [part~="time"]')[0]!.click();
    await el.updateComplete;
    const booked = oneEvent(el, ArrivoBookedEvent.type);
    $<HTMLButtonElement>(el, 'button[type="submit"]')!.click();
    const { detail } = await booked;
    // Three hours: the server had the widget's 80 A (an hour more on a panel under 100 A).
    expect(Date.parse(detail.booking.endsAt) - Date.parse(detail.booking.arrivalAt)).to.equal(180 * 60_000);
    const { token } = await signIn();
    await fetch(`${API}/businesses/${BUSINESS}/me/bookings/${detail.booking.id}/cancel`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'test over' }),
    });
  });

  it('falls back to the plain input when a renderer throws, naming the plugin in the console', async () => {
    const logged: unknown[][] = [];
    const real = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      const broken: ClientPlugin = { id: 'ev-charger', fields: { 'panel-amps': () => { throw new Error('widget broke'); } } };
      const el = await evForm([broken]);
      const input = $<HTMLInputElement>(el, '[part~="intake"] input[name="panelAmps"]')!;
      expect(input.type).to.equal('number');
      expect(input.labels![0]!.textContent!.trim()).to.equal('Main panel rating (amps)');
      answer(el, 'panelAmps', '200');
      await el.updateComplete;
      expect($<HTMLInputElement>(el, '[part~="intake"] input[name="panelAmps"]')!.value).to.equal('200');
      const line = logged.find((args) => String(args[0]).includes('client plugin "ev-charger"'));
      expect(String(line?.[0])).to.contain('widget panel-amps (panelAmps) failed');
      expect((line?.[1] as Error).message).to.equal('widget broke');
      await expect(el).to.be.accessible();
    } finally {
      console.error = real;
    }
  });

  it('shares the page-wide registry between two copies of the SDK: a plugin registered through one shows in a form already open', async () => {
    // Another bundle's copy of @arrivo/sdk/client: the same file under another URL is another module.
    const url = `${new URL('../../../../sdk/src/client.ts', import.meta.url).href}?bundle=two`;
    const other = (await import(/* @vite-ignore */ url)) as typeof sdk;
    expect(other.registerClientPlugin).to.not.equal(sdk.registerClientPlugin);

    const el = await evForm();
    expect($<HTMLInputElement>(el, '[part~="intake"] input[name="panelAmps"]')!.type).to.equal('number');
    expect(other.registerClientPlugin(buttons('second bundle'))).to.equal(true);
    await waitUntil(() => $(el, '[data-test-widget="second bundle"]'), 'the registered widget never showed', { timeout: 4000 });
    expect(Boolean($(el, '[part~="intake"] input[name="panelAmps"]')), 'present').to.equal(false);
    // The elements' own copy sees it too; the same plugin again from this copy is harmless.
    expect(sdk.registeredClientPlugins().map((p) => p.version)).to.deep.equal(['second bundle']);
    expect(sdk.registerClientPlugin(buttons('second bundle'))).to.equal(true);

    // A form's own plugins win over the registry's.
    const own = await evForm([buttons('own')]);
    expect(Boolean($(own, '[data-test-widget="own"]')), 'missing').to.equal(true);
  });
});
