import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../arrivo-health';
import type { ArrivoHealth } from './health';
import { ArrivoErrorEvent } from '../../events/index';
import { API, BUSINESS } from '../../test-support';

const label = (el: ArrivoHealth) => el.shadowRoot!.querySelector('[part="label"]')!.textContent!.trim();

describe('<arrivo-health>', () => {
  it('shows the business as online when the real API answers', async () => {
    const el = await fixture<ArrivoHealth>(html`<arrivo-health api=${API} business=${BUSINESS}></arrivo-health>`);
    await waitUntil(() => el.matches(':state(online)'), 'never came online', { timeout: 8000 });
    expect(label(el)).to.equal('Rose City Plumbing & Heating: online booking is available');
    await expect(el).to.be.accessible();
  });

  it('shows the error, emits arrivo-error, and offers a retry when the API is unreachable', async () => {
    const errored = oneEvent(document, ArrivoErrorEvent.type);
    // Port 9 (discard) is closed here: the browser gets a real connection failure.
    const el = await fixture<ArrivoHealth>(html`<arrivo-health api="http://127.0.0.1:9/api"></arrivo-health>`);
    const event = (await errored) as ArrivoErrorEvent;
    expect(event.detail.code).to.equal('network_error');
    await waitUntil(() => el.matches(':state(offline)'));
    expect(label(el)).to.match(/Cannot reach the booking service/);
    const retry = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]')!;
    expect(retry.textContent).to.equal('Retry');
    await expect(el).to.be.accessible();

    // Pointing it at the real API and retrying recovers.
    el.api = API;
    await waitUntil(() => el.matches(':state(online)'), 'did not recover', { timeout: 8000 });
  });

  it('says that this site is not allowed, not that the service is unreachable, when CORS refuses the page', async () => {
    const errored = oneEvent(document, ArrivoErrorEvent.type);
    const el = await fixture<ArrivoHealth>(html`<arrivo-health api=${API} business="no-such-company"></arrivo-health>`);
    expect(((await errored) as ArrivoErrorEvent).detail.code).to.equal('origin_not_allowed');
    await waitUntil(() => el.matches(':state(offline)'), 'never failed', { timeout: 8000 });
    expect(label(el)).to.equal(`This website (${location.origin}) is not allowed to use this business's online booking. The business must add it to its allowed websites.`);
  });

  it('speaks the page’s language', async () => {
    const es = await fixture<ArrivoHealth>(html`<arrivo-health api=${API} business=${BUSINESS} locale="es"></arrivo-health>`);
    await waitUntil(() => label(es) === 'Rose City Plumbing & Heating: las reservas en línea están disponibles', 'no Spanish status', { timeout: 8000 });
    const ar = await fixture<ArrivoHealth>(html`<arrivo-health api="http://127.0.0.1:9/api" locale="ar"></arrivo-health>`);
    await waitUntil(() => ar.matches(':state(offline)'), 'never failed', { timeout: 8000 });
    expect(ar.shadowRoot!.querySelector('[part="retry-button"]')!.textContent).to.equal('إعادة المحاولة');
    expect(ar.getAttribute('dir')).to.equal('rtl');
    // Back to English for the tests that follow.
    const en = await fixture<ArrivoHealth>(html`<arrivo-health api=${API} business=${BUSINESS} locale="en"></arrivo-health>`);
    await waitUntil(() => label(en) === 'Rose City Plumbing & Heating: online booking is available', 'not back in English', { timeout: 8000 });
  });

  it('checks again for another business', async () => {
    const el = await fixture<ArrivoHealth>(html`<arrivo-health api=${API} business=${BUSINESS}></arrivo-health>`);
    await waitUntil(() => el.matches(':state(online)'), 'never came online', { timeout: 8000 });
    el.business = 'no-such-company';
    await waitUntil(() => el.matches(':state(offline)'), 'did not check again', { timeout: 8000 });
  });

  it('retries on demand', async () => {
    const el = await fixture<ArrivoHealth>(html`<arrivo-health api="http://127.0.0.1:9/api"></arrivo-health>`);
    await waitUntil(() => el.matches(':state(offline)'), 'never failed', { timeout: 8000 });
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
    await el.updateComplete;
    expect(el.matches(':state(checking)')).to.equal(true);
    await waitUntil(() => el.matches(':state(offline)'), 'retry did not finish', { timeout: 8000 });
  });

  it('tolerates a second copy of Arrivo defining the same tag (first one wins)', async () => {
    const first = customElements.get('arrivo-health');
    class OtherCopy extends (first as typeof ArrivoHealth) {
      static override readonly version = '9.9.9';
    }
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      expect(() => OtherCopy.define('arrivo-health')).not.to.throw();
      expect(() => (first as typeof ArrivoHealth).define('arrivo-health')).not.to.throw();
    } finally {
      console.warn = warn;
    }
    expect(customElements.get('arrivo-health')).to.equal(first);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0])).to.contain('9.9.9');
  });
});
