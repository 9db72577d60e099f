import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../arrivo-portal';
import type { ArrivoPortal } from './portal';
import type { ClientPlugin } from '@arrivo/sdk/client';
import { ArrivoSignedInEvent } from '../../events/index';
import { ArrivoCanceledEvent, ArrivoRescheduledEvent } from '../../events/booking';
import { API, BUSINESS, bookVisit, DEMO_PASSWORD, completedVisit, forgetSessions, manageLinkToken, newCustomer, signIn, surveyLink, useCustomer } from '../../test-support';

const deep = (el: Element, ...path: string[]): HTMLElement | null => {
  let node: Element | null | undefined = el;
  for (const selector of path) node = (node?.shadowRoot ?? node)?.querySelector(selector);
  return node as HTMLElement | null;
};

describe('<arrivo-portal>', () => {
  it('signs in and moves between its pages without touching the host page’s address or history', async () => {
    forgetSessions();
    const href = location.href;
    const historyLength = history.length;
    const el = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS}></arrivo-portal>`);
    const signInEl = deep(el, 'arrivo-sign-in')!;
    expect(signInEl).to.exist;
    const type = (name: string, value: string) => {
      const input = deep(signInEl, `[name="${name}"]`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new InputEvent('input'));
    };
    type('email', 'linh.nguyen@example.com');
    type('password', DEMO_PASSWORD);
    const signedIn = oneEvent(el, ArrivoSignedInEvent.type);
    (deep(signInEl, 'button[type="submit"]') as HTMLButtonElement).click();
    await signedIn;
    await waitUntil(() => deep(el, 'arrivo-appointment-list'), 'home never shown', { timeout: 8000 });
    const nav = (label: string) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="nav-button"]')].find((b) => b.textContent!.trim() === label)!;
    expect(nav('Home').getAttribute('aria-current')).to.equal('page');

    nav('Book a New Appointment').click();
    await waitUntil(() => deep(el, 'arrivo-booking-form'));
    expect(nav('Book a New Appointment').getAttribute('aria-current')).to.equal('page');
    nav('Profile').click();
    await waitUntil(() => deep(el, 'arrivo-profile'));
    nav('Home').click();
    await waitUntil(() => deep(el, 'arrivo-appointment-list'));
    expect(location.href).to.equal(href);
    expect(history.length).to.equal(historyLength);
    await expect(el).to.be.accessible();

    nav('Sign out').click();
    await waitUntil(() => deep(el, 'arrivo-sign-in'), 'not signed out');
  });

  it('keeps its navigation and the appointment tabs on one line on a phone', async () => {
    await setViewport({ width: 375, height: 740 });
    try {
      await signIn();
      const el = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS}></arrivo-portal>`);
      await waitUntil(() => deep(el, 'arrivo-appointment-list', '[role="tablist"]'), 'home never shown', { timeout: 8000 });
      const oneLine = (buttons: HTMLElement[]) => new Set(buttons.map((b) => Math.round(b.getBoundingClientRect().top))).size === 1;
      const nav = el.shadowRoot!.querySelector<HTMLElement>('[part="nav"]')!;
      expect(oneLine([...nav.querySelectorAll<HTMLElement>('[part="nav-button"]')]), 'the nav wraps').to.equal(true);
      expect(nav.getBoundingClientRect().right).to.be.at.most(375); // scrolls inside the page, never widens it
      const tabs = deep(el, 'arrivo-appointment-list', '[role="tablist"]')!;
      expect(oneLine([...tabs.querySelectorAll<HTMLElement>('[role="tab"]')]), 'the tabs wrap').to.equal(true);
      expect(tabs.getBoundingClientRect().right).to.be.at.most(375);
      expect(document.documentElement.scrollWidth).to.be.at.most(375);
      await expect(el).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('lets the page theme everything inside it through --arrivo-* properties', async () => {
    forgetSessions();
    const el = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS}></arrivo-portal>`);
    el.style.setProperty('--arrivo-accent', 'rgb(139, 30, 63)');
    const selectedTab = deep(el, 'arrivo-sign-in', '[role="tab"][aria-selected="true"]')!;
    expect(getComputedStyle(selectedTab).color).to.equal('rgb(139, 30, 63)');
  });

  it('has a dark theme that reaches the elements inside, and the page still wins', async () => {
    forgetSessions();
    const el = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS} theme="dark"></arrivo-portal>`);
    const email = deep(el, 'arrivo-sign-in', 'input[name="email"]')!;
    expect(getComputedStyle(email).backgroundColor).to.equal('rgb(38, 38, 44)');
    expect(getComputedStyle(deep(el, 'arrivo-sign-in', '[role="tab"][aria-selected="true"]')!).color).to.equal('rgb(143, 176, 255)');
    await expect(el).to.be.accessible();
    el.style.setProperty('--arrivo-accent', 'rgb(255, 214, 102)');
    expect(getComputedStyle(deep(el, 'arrivo-sign-in', '[role="tab"][aria-selected="true"]')!).color).to.equal('rgb(255, 214, 102)');
  });

  it('shares one session between two portals on the page', async () => {
    await signIn();
    const a = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS}></arrivo-portal>`);
    const b = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS}></arrivo-portal>`);
    expect(deep(a, 'arrivo-appointment-list')).to.exist;
    expect(deep(b, 'arrivo-appointment-list')).to.exist;
    forgetSessions();
    await a.updateComplete;
    await b.updateComplete;
    expect(deep(a, 'arrivo-sign-in')).to.exist;
    expect(deep(b, 'arrivo-sign-in')).to.exist;
  });

  it('speaks Arabic right to left, and Spanish', async () => {
    forgetSessions();
    const ar = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS} locale="ar"></arrivo-portal>`);
    expect(ar.getAttribute('dir')).to.equal('rtl');
    expect(ar.getAttribute('lang')).to.equal('ar');
    const tabs = () => [...deep(ar, 'arrivo-sign-in')!.shadowRoot!.querySelectorAll('[role="tab"]')].map((t) => t.textContent!.trim());
    await waitUntil(() => /[\u0600-\u06FF]/.test(tabs().join(' ')), 'no Arabic text', { timeout: 5000 });
    expect(getComputedStyle(deep(ar, 'arrivo-sign-in')!).direction).to.equal('rtl');
    await expect(ar).to.be.accessible();

    const es = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS} locale="es-MX"></arrivo-portal>`);
    await waitUntil(() => deep(es, 'arrivo-sign-in')!.shadowRoot!.textContent!.includes('Iniciar sesión'), 'no Spanish text', { timeout: 5000 });
    expect(es.getAttribute('dir')).to.equal('ltr');
    // Back to English for the tests that follow.
    const en = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS} locale="en"></arrivo-portal>`);
    await waitUntil(() => deep(en, 'arrivo-sign-in')!.shadowRoot!.textContent!.includes('Sign in'));
  });

  it('opens the survey from Send feedback, and books a follow-up prefilled after a low score', async () => {
    const customer = await newCustomer('Rosa');
    await useCustomer(customer);
    const visit = await completedVisit(customer.token, 7);
    const el = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS}></arrivo-portal>`);
    const list = () => deep(el, 'arrivo-appointment-list')!;
    await waitUntil(() => list()?.shadowRoot?.querySelector('#tab-past'), 'home never shown', { timeout: 8000 });
    list().shadowRoot!.querySelector<HTMLButtonElement>('#tab-past')!.click();
    const sendFeedback = () =>
      [...list().shadowRoot!.querySelectorAll<HTMLButtonElement>(`[aria-labelledby="appointment-${visit.id}"] button`)].find((b) => b.textContent!.trim() === 'Send feedback');
    await waitUntil(sendFeedback, 'no Send feedback', { timeout: 8000 });
    sendFeedback()!.click();
    await waitUntil(() => deep(el, 'arrivo-feedback-survey', 'input[name="rating"]'), 'the survey page never opened', { timeout: 8000 });
    const survey = deep(el, 'arrivo-feedback-survey')!;
    expect(survey.getAttribute('booking-id')).to.equal(visit.id);
    survey.shadowRoot!.querySelector<HTMLInputElement>('input[name="rating"][value="1"]')!.click();
    survey.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => survey.shadowRoot!.querySelector('[part="follow-up"] button'), 'no follow-up offered', { timeout: 8000 });
    await expect(el).to.be.accessible();
    survey.shadowRoot!.querySelector<HTMLButtonElement>('[part="follow-up"] button')!.click();
    await waitUntil(() => deep(el, 'arrivo-booking-form', 'select[name="serviceType"]'), 'the booking form never opened', { timeout: 8000 });
    const form = deep(el, 'arrivo-booking-form')!;
    expect(form.getAttribute('service-type-id')).to.equal(visit.serviceType.id);
    await waitUntil(() => (deep(form, 'select[name="serviceType"]') as HTMLSelectElement).value === visit.serviceType.id, 'the service type was not chosen');
  });

  it('passes its client plugins down to its booking form', async () => {
    await signIn();
    const plugin = {
      id: 'ev-charger',
      fields: { 'panel-amps': (f: { html: (s: TemplateStringsArray, ...v: unknown[]) => unknown }) => f.html`<p data-portal-widget>from the portal</p>` },
    } as unknown as ClientPlugin;
    const el = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS} .plugins=${[plugin]}></arrivo-portal>`);
    await waitUntil(() => el.shadowRoot!.querySelector<HTMLButtonElement>('button.book'), 'home never shown', { timeout: 8000 });
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.book')!.click();
    await waitUntil(() => deep(el, 'arrivo-booking-form', 'select[name="serviceType"]'), 'the booking form never opened', { timeout: 8000 });
    const form = deep(el, 'arrivo-booking-form') as HTMLElement & { plugins?: unknown[] };
    expect(form.plugins).to.deep.equal([plugin]);
    const select = deep(form, 'select[name="serviceType"]') as HTMLSelectElement;
    select.value = [...select.options].find((o) => o.text === 'EV charger installation')!.value;
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => deep(form, '[data-portal-widget]'), 'the plugin’s widget never showed', { timeout: 8000 });
  });

  it('shows the survey of a survey link first, signed out', async () => {
    const customer = await newCustomer('Rosa');
    const visit = await completedVisit(customer.token, 8);
    const token = await surveyLink(visit.id);
    forgetSessions();
    const hash = location.hash;
    history.replaceState(null, '', `#arrivo-survey=${token}`);
    try {
      const el = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS}></arrivo-portal>`);
      await waitUntil(() => deep(el, '[part="feedback-survey"] arrivo-feedback-survey', 'input[name="rating"]'), 'no survey', { timeout: 8000 });
      expect(deep(el, 'arrivo-sign-in')).to.exist;
      expect(deep(el, 'arrivo-feedback-survey')!.getAttribute('token')).to.equal(token);
      expect(location.hash, 'the token is taken out of the address bar').not.to.contain('arrivo-survey');
      // Moved in the page (disconnected and connected again) and re-rendered, it keeps the survey.
      const parent = el.parentElement!;
      el.remove();
      parent.append(el);
      el.requestUpdate();
      await el.updateComplete;
      await waitUntil(() => deep(el, '[part="feedback-survey"] arrivo-feedback-survey', 'input[name="rating"]'), 'survey lost after a re-render', { timeout: 8000 });
      expect(deep(el, 'arrivo-feedback-survey')!.getAttribute('token')).to.equal(token);
    } finally {
      history.replaceState(null, '', location.pathname + location.search + hash);
    }
  });

  describe('opened from a “Manage your visit” link', () => {
    const page = `${location.pathname}${location.search}`;
    afterEach(() => history.replaceState(null, '', page));
    const visitOf = async (token: string, id: string) =>
      (await (await fetch(`${API}/businesses/${BUSINESS}/me/bookings/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string; arrivalAt: string };
    const buttonIn = (root: Element, label: string) => [...root.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === label)!;

    it('shows that visit without signing in, changes nothing until a button is pressed, then modifies and cancels it', async () => {
      forgetSessions();
      const customer = await newCustomer('Marisol');
      const { booking } = await bookVisit(customer.token, 3);
      // The confirmation email in the dev mailbox carries the link.
      const token = await manageLinkToken(customer.email, booking.workOrderNumber);
      history.replaceState(null, '', `${page}#arrivo-manage=${token}`);

      const el = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS}></arrivo-portal>`);
      await waitUntil(() => deep(el, 'arrivo-manage-visit', '[part="appointment"]'), 'visit never shown', { timeout: 8000 });
      expect(location.hash, 'the token is taken out of the address bar').not.to.contain('arrivo-manage');
      // Moved in the page and re-rendered, it still shows the visit of the link.
      const parent = el.parentElement!;
      el.remove();
      parent.append(el);
      el.requestUpdate();
      await el.updateComplete;
      await waitUntil(() => deep(el, 'arrivo-manage-visit', '[part="appointment"]'), 'visit lost after a re-render', { timeout: 8000 });
      expect(deep(el, 'arrivo-manage-visit')!.getAttribute('token')).to.equal(token);
      const visit = deep(el, 'arrivo-manage-visit')!;
      const card = deep(visit, '[part="appointment"]')!;
      expect(card.dataset.status).to.equal('scheduled');
      expect(card.textContent).to.contain(booking.serviceType.name);
      expect(deep(el, 'arrivo-sign-in'), 'the sign-in stays below').to.exist;
      await expect(el).to.be.accessible();
      // Opening it changed nothing.
      expect(await visitOf(customer.token, booking.id)).to.include({ status: 'scheduled', arrivalAt: booking.arrivalAt });

      // Modify: the booking form's own day and time choice, through the link.
      buttonIn(visit, 'Modify').click();
      await waitUntil(() => deep(visit, 'arrivo-booking-form', '[part="time"]'), 'no free times', { timeout: 8000 });
      const form = deep(visit, 'arrivo-booking-form')!;
      // A day well ahead, so the visit stays open to changes (the business's cut-off) afterwards.
      const days = [...form.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="day"]:not([disabled])')];
      const day = days[days.length - 1]!;
      day.click();
      await waitUntil(() => form.shadowRoot!.querySelector('legend')?.textContent && form.shadowRoot!.querySelector('[part="time"]') && day.getAttribute('aria-checked') === 'true', 'no times that day', { timeout: 8000 });
      await waitUntil(() => form.shadowRoot!.querySelector('[part="times"]'), 'times not loaded', { timeout: 8000 });
      const time = form.shadowRoot!.querySelector<HTMLButtonElement>('[part="time"]')!;
      time.click();
      await (form as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      const moved = oneEvent(el, ArrivoRescheduledEvent.type);
      form.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      const newTime = ((await moved) as ArrivoRescheduledEvent).detail.booking.arrivalAt;
      expect(newTime).not.to.equal(booking.arrivalAt);
      expect((await visitOf(customer.token, booking.id)).arrivalAt).to.equal(newTime);
      await expect(el).to.be.accessible();
      buttonIn(visit, 'Close').click();

      // Cancel: only with a reason.
      await waitUntil(() => buttonIn(visit, 'Cancel appointment'));
      buttonIn(visit, 'Cancel appointment').click();
      await waitUntil(() => deep(visit, 'textarea'));
      const reason = deep(visit, 'textarea') as HTMLTextAreaElement;
      reason.value = 'Fixed it myself';
      reason.dispatchEvent(new InputEvent('input'));
      const canceled = oneEvent(el, ArrivoCanceledEvent.type);
      deep(visit, 'button[type="submit"]')!.click();
      expect(((await canceled) as ArrivoCanceledEvent).detail.booking.status).to.equal('canceled');
      await waitUntil(() => deep(visit, '[part="appointment"]')?.dataset.status === 'canceled', 'not shown canceled');
      expect(deep(visit, '[part="appointment"]')!.textContent).to.contain('Fixed it myself');
      expect((await visitOf(customer.token, booking.id)).status).to.equal('canceled');
    });

    it('says when a link is no longer valid', async () => {
      forgetSessions();
      history.replaceState(null, '', `${page}#arrivo-manage=${'A'.repeat(43)}`);
      const el = await fixture<ArrivoPortal>(html`<arrivo-portal api=${API} business=${BUSINESS}></arrivo-portal>`);
      await waitUntil(() => deep(el, 'arrivo-manage-visit', '[part="error"]'), 'no error shown', { timeout: 8000 });
      expect(deep(el, 'arrivo-manage-visit', '[part="error"]')!.textContent).to.contain('no longer valid');
      await expect(el).to.be.accessible();
    });
  });
});
