import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../arrivo-manage-visit';
import type { ArrivoManageVisit } from './manage-visit';
import { ArrivoCanceledEvent } from '../../events/booking';
import { API, BUSINESS, bookVisit, forgetSessions, manageLinkToken, newCustomer } from '../../test-support';

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const button = (el: Element, label: string) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === label)!;

describe('<arrivo-manage-visit>', () => {
  it('only reads until a button is pressed, then cancels through the link with a reason', async function () {
    this.timeout(30_000); // a new customer, a booking and its confirmation email first
    forgetSessions();
    const customer = await newCustomer('Ines');
    const { booking } = await bookVisit(customer.token, 5);
    const token = await manageLinkToken(customer.email, booking.workOrderNumber);
    // Every request the element makes, by method.
    const methods: string[] = [];
    const original = window.fetch;
    window.fetch = (input, init) => {
      // (Read without making a Request from it: that would use up a POST's body.)
      methods.push((init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase());
      return original(input, init);
    };
    try {
      const el = await fixture<ArrivoManageVisit>(html`<arrivo-manage-visit api=${API} business=${BUSINESS} token=${token}></arrivo-manage-visit>`);
      await waitUntil(() => $(el, '[part="appointment"]'), 'visit never shown', { timeout: 8000 });
      expect($(el, '[part="appointment"]')!.dataset.status).to.equal('scheduled');
      await expect(el).to.be.accessible();
      button(el, 'Modify').click();
      await waitUntil(() => $(el, 'arrivo-booking-form')?.shadowRoot?.querySelector('[part="time"]'), 'no free times', { timeout: 8000 });
      button(el, 'Close').click();
      await el.updateComplete;
      expect(methods.length).to.be.greaterThan(2);
      expect(methods.filter((m) => m !== 'GET'), 'a request that may change something, before any change was asked').to.deep.equal([]);

      button(el, 'Cancel appointment').click();
      await el.updateComplete;
      $<HTMLButtonElement>(el, 'button[type="submit"]')!.click();
      await el.updateComplete;
      expect($(el, '[part="error"]')!.textContent).to.contain('tell us briefly why');
      expect(methods.filter((m) => m !== 'GET')).to.deep.equal([]);
      const reason = $<HTMLTextAreaElement>(el, 'textarea')!;
      reason.value = 'Found another date';
      reason.dispatchEvent(new InputEvent('input'));
      const canceled = oneEvent(el, ArrivoCanceledEvent.type);
      $<HTMLButtonElement>(el, 'button[type="submit"]')!.click();
      expect(((await canceled) as ArrivoCanceledEvent).detail.booking.cancelReason).to.equal('Found another date');
      expect(methods.filter((m) => m !== 'GET')).to.deep.equal(['POST']);
      await waitUntil(() => $(el, '[part="appointment"]')?.dataset.status === 'canceled', 'not shown canceled');
      expect(button(el, 'Modify'), 'nothing left to do').to.equal(undefined);
      await expect(el).to.be.accessible();
    } finally {
      window.fetch = original;
    }
  });

  it('reads its token from #arrivo-manage in the address, and says when the link is not valid', async () => {
    const page = `${location.pathname}${location.search}`;
    history.replaceState(null, '', `${page}#arrivo-manage=${'B'.repeat(43)}`);
    try {
      const el = await fixture<ArrivoManageVisit>(html`<arrivo-manage-visit api=${API} business=${BUSINESS}></arrivo-manage-visit>`);
      expect(el.token).to.equal('B'.repeat(43));
      expect(location.hash, 'the token is taken out of the address bar').not.to.contain('arrivo-manage');
      await waitUntil(() => $(el, '[part="error"]'), 'no error shown', { timeout: 8000 });
      expect($(el, '[part="error"]')!.textContent).to.contain('no longer valid');
      await expect(el).to.be.accessible();
    } finally {
      history.replaceState(null, '', page);
    }
  });
});
