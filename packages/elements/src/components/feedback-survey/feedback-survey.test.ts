import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { SURVEY_TOKEN_HEADER as CORE_HEADER } from '@arrivo/core';
import '../../arrivo-feedback-survey';
import type { ArrivoFeedbackSurvey } from './feedback-survey';
import { SURVEY_TOKEN_HEADER } from '../../api/feedback';
import { ArrivoFeedbackSubmittedEvent, ArrivoFollowUpRequestedEvent } from '../../events/index';
import { setArrivoLocale } from '../../localization';
import { API, BUSINESS, completedVisit, newCustomer, requestOf, surveyLink, useCustomer } from '../../test-support';
import { SessionStore } from '../../session/session-store';

const root = (el: Element) => el.shadowRoot!;
const $ = <T extends HTMLElement = HTMLElement>(el: Element, s: string) => root(el).querySelector<T>(s);
const $$ = <T extends HTMLElement = HTMLElement>(el: Element, s: string) => [...root(el).querySelectorAll<T>(s)];
const focused = (el: Element) => root(el).activeElement as HTMLElement | null;
const radio = (el: Element, name: string, value: number | string) => $<HTMLInputElement>(el, `input[name="${name}"][value="${value}"]`)!;
const submitButton = (el: Element) => $<HTMLButtonElement>(el, 'button[type="submit"]')!;

/** Tab (at most 20 times) until `where` holds for the focused element. */
async function tabTo(el: Element, where: (node: HTMLElement) => boolean, what: string) {
  for (let i = 0; i < 20; i++) {
    const node = focused(el);
    if (node && where(node)) return node;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${what}`);
}

function type(el: Element, selector: string, value: string) {
  const field = $<HTMLTextAreaElement>(el, selector)!;
  field.value = value;
  field.dispatchEvent(new InputEvent('input'));
}

// One new customer for this file (the demo customer's own visits are other tests' business).
let customer: { token: string; email: string };
before(async () => {
  customer = await newCustomer('Rosa');
  await useCustomer(customer);
});
after(() => SessionStore.for(API, BUSINESS).clear());

async function mount(attrs: { bookingId?: string; token?: string; locale?: string } = {}) {
  const el = await fixture<ArrivoFeedbackSurvey>(
    html`<arrivo-feedback-survey api=${API} business=${BUSINESS} booking-id=${attrs.bookingId ?? ''} token=${attrs.token ?? ''} locale=${attrs.locale ?? ''}
      time-zone="America/Los_Angeles"></arrivo-feedback-survey>`,
  );
  await waitUntil(() => $(el, 'form, [part="thanks"], [part="error"]'), 'the survey never loaded', { timeout: 8000 });
  return el;
}

describe('<arrivo-feedback-survey>', () => {
  it('is sent with the keyboard alone, thanks the customer, and shows what was sent ever after', async () => {
    const visit = await completedVisit(customer.token, 0);
    const el = await mount({ bookingId: visit.id });
    expect($(el, 'fieldset[part~="rating"] legend')!.textContent).to.contain('Your overall rating');
    await expect(el).to.be.accessible();

    // Tab reaches the star group; the arrow keys choose within it (native radios).
    $(el, 'h2')!.setAttribute('tabindex', '-1');
    $(el, 'h2')!.focus();
    await tabTo(el, (n) => n === radio(el, 'rating', 1), 'the first star');
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'ArrowRight' });
    expect(radio(el, 'rating', 4).checked).to.equal(true);
    expect(focused(el)).to.equal(radio(el, 'rating', 4));
    await el.updateComplete;
    expect($$(el, '[part~="rating"] [part~="star"][data-filled]').length).to.be.at.least(4);
    expect(radio(el, 'rating', 4).labels![0]!.textContent).to.contain('4 stars, Very good');

    await tabTo(el, (n) => n === radio(el, 'recommend', 0), 'the recommend group');
    for (let i = 0; i < 9; i++) await sendKeys({ press: 'ArrowRight' });
    expect(radio(el, 'recommend', 9).checked).to.equal(true);

    await tabTo(el, (n) => n.id === 'comment', 'the comment');
    await sendKeys({ type: 'Quick and tidy.' });
    await tabTo(el, (n) => n === submitButton(el), 'Send feedback');
    const sent = oneEvent(el, ArrivoFeedbackSubmittedEvent.type);
    await sendKeys({ press: 'Enter' });
    const event = (await sent) as ArrivoFeedbackSubmittedEvent;
    expect(event.detail).to.deep.equal({ bookingId: visit.id, rating: 4 });
    expect(event.bubbles && event.composed).to.equal(true);

    await waitUntil(() => $(el, '[part="thanks"]'), 'no thank-you');
    expect($(el, '#thanks-heading')!.textContent).to.equal('Thank you for your feedback!');
    expect(focused(el)).to.equal($(el, '#thanks-heading'));
    const summary = $(el, '[part="summary"]')!.textContent!;
    expect(summary).to.contain('4 stars');
    expect(summary).to.contain('9 of 10');
    expect(summary).to.contain('Quick and tidy.');
    await expect(el).to.be.accessible();

    // Later, the same visit shows what was sent, and no form.
    const again = await mount({ bookingId: visit.id });
    expect($(again, '#thanks-heading')!.textContent).to.equal('You already rated this visit');
    expect($(again, 'form')).to.equal(null);
    expect($(again, '[part="summary"]')!.textContent).to.contain('Quick and tidy.');
  });

  it('is sent once: a second send is refused and shows what was sent', async () => {
    const visit = await completedVisit(customer.token, 1);
    const first = await mount({ bookingId: visit.id });
    const second = await mount({ bookingId: visit.id });
    radio(first, 'rating', 5).click();
    submitButton(first).click();
    await waitUntil(() => $(first, '[part="thanks"]'), 'the first send failed');

    radio(second, 'rating', 2).click();
    type(second, '#comment', 'Sent from another tab');
    submitButton(second).click();
    await waitUntil(() => $(second, '[part="thanks"]'), 'the second form was not replaced by what was sent', { timeout: 8000 });
    expect($(second, '#thanks-heading')!.textContent).to.equal('You already rated this visit');
    expect($(second, '[part="summary"]')!.textContent).to.contain('5 stars');
    expect($(second, '[part="summary"]')!.textContent).not.to.contain('Sent from another tab');
  });

  it('asks for a rating first, and keeps what was typed when sending fails', async () => {
    const visit = await completedVisit(customer.token, 2);
    const el = await mount({ bookingId: visit.id });
    type(el, '#comment', 'The pipe still drips a little.');
    submitButton(el).click();
    await waitUntil(() => $(el, '[part="error"]'));
    expect($(el, '[part="error"]')!.textContent).to.contain('choose a rating from 1 to 5 stars');
    expect(focused(el)).to.equal(radio(el, 'rating', 1));

    radio(el, 'rating', 3).click();
    radio(el, 'recommend', 6).click();
    // The connection drops while sending.
    const real = window.fetch;
    window.fetch = (input, init) => (requestOf(input, init).method === 'POST' ? Promise.reject(new TypeError('Failed to fetch')) : real(input, init));
    try {
      submitButton(el).click();
      await waitUntil(() => /Cannot reach the booking service/.test($(el, '[part="error"]')?.textContent ?? ''), 'no error shown');
    } finally {
      window.fetch = real;
    }
    expect(radio(el, 'rating', 3).checked).to.equal(true);
    expect(radio(el, 'recommend', 6).checked).to.equal(true);
    expect($<HTMLTextAreaElement>(el, '#comment')!.value).to.equal('The pipe still drips a little.');
    expect(submitButton(el).disabled).to.equal(false);

    submitButton(el).click();
    await waitUntil(() => $(el, '[part="thanks"]'), 'the retry failed');
    expect($(el, '[part="summary"]')!.textContent).to.contain('The pipe still drips a little.');
  });

  it('works from a survey link without signing in, read from the page address', async () => {
    expect(SURVEY_TOKEN_HEADER).to.equal(CORE_HEADER);
    const visit = await completedVisit(customer.token, 3);
    const token = await surveyLink(visit.id);
    const store = SessionStore.for(API, BUSINESS);
    store.clear();
    const hash = location.hash;
    history.replaceState(null, '', `#arrivo-survey=${token}`);
    try {
      const el = await mount();
      expect(el.token).to.equal(token);
      expect(location.hash, 'the token is taken out of the address bar').not.to.contain('arrivo-survey');
      expect($(el, '[part="visit"]')!.textContent).to.contain('Drain cleaning');
      radio(el, 'rating', 4).click();
      submitButton(el).click();
      await waitUntil(() => $(el, '[part="thanks"]'), 'not sent through the link');

      // The link still shows what was sent; a made-up one says it does not work, in words.
      const again = await mount({ token });
      expect($(again, '#thanks-heading')!.textContent).to.equal('You already rated this visit');
      const bad = await mount({ token: 'not-a-real-token-not-a-real-token' });
      expect($(bad, '[part="error"]')!.textContent).to.contain('This feedback link no longer works');
    } finally {
      history.replaceState(null, '', location.pathname + location.search + hash);
      await useCustomer(customer);
    }
  });

  it('offers a follow-up visit after a low score', async () => {
    const visit = await completedVisit(customer.token, 4);
    const el = await mount({ bookingId: visit.id });
    radio(el, 'rating', 1).click();
    submitButton(el).click();
    await waitUntil(() => $(el, '[part="follow-up"]'), 'no follow-up offered');
    const asked = oneEvent(el, ArrivoFollowUpRequestedEvent.type);
    $<HTMLButtonElement>(el, '[part="follow-up"] button')!.click();
    const event = (await asked) as ArrivoFollowUpRequestedEvent;
    expect(event.composed && event.bubbles).to.equal(true);
    expect(event.detail).to.deep.equal({ bookingId: visit.id, offer: { serviceTypeId: visit.serviceType.id, assetId: null } });
  });

  it('is laid out right to left in Arabic, translated, and axe clean', async () => {
    const visit = await completedVisit(customer.token, 5);
    try {
      const el = await mount({ bookingId: visit.id, locale: 'ar' });
      await waitUntil(() => $(el, 'fieldset[part~="rating"] legend')!.textContent!.includes('تقييمك العام'), 'not translated');
      expect(el.dir).to.equal('rtl');
      const [one, two] = [1, 2].map((n) => radio(el, 'rating', n).labels![0]!.getBoundingClientRect());
      expect(one!.left).to.be.greaterThan(two!.left); // the first star is on the right
      expect(submitButton(el).textContent!.trim()).to.equal('إرسال الملاحظات');
      radio(el, 'rating', 2).focus();
      await sendKeys({ press: 'ArrowDown' });
      expect(radio(el, 'rating', 3).checked).to.equal(true);
      await expect(el).to.be.accessible();
    } finally {
      await setArrivoLocale('en');
    }
  });
});
