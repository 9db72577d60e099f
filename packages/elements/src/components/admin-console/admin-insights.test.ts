// The admin console's insights in Chromium against the real API (the demo business), as a
// dispatcher: counts over a range (the table agrees with the API, a refused range is said beside
// the field), a visit booked and canceled by a customer counted with its reason, the delivery log
// with a dead message sent again, and feedback with averages and its CSV. axe clean throughout.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import '../../arrivo-admin-console';
import type { ArrivoAdminConsole } from './admin-console';
import { API, BUSINESS, apiSignIn, bookVisit, forgetSessions, lastMail, newCustomer, signIn } from '../../test-support';

const DANA = 'dana@rosecity.example'; // dispatcher
const ZONE = 'America/Los_Angeles';

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const inner = (el: Element | null | undefined, tag: string) => (el?.shadowRoot?.querySelector(tag) as LitElement | null | undefined) ?? null;
const dayIn = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

async function openTab(tab: string, tag: string, ready: string) {
  const el = await fixture<ArrivoAdminConsole>(html`<arrivo-admin-console api=${API} business=${BUSINESS}></arrivo-admin-console>`);
  el.shadowRoot!.querySelector<HTMLButtonElement>('[data-section="insights"]')!.click();
  await waitUntil(() => inner(el, 'arrivo-admin-insights')?.shadowRoot?.querySelector(`[data-tab="${tab}"]`), 'insights never loaded', { timeout: 8000 });
  const insights = inner(el, 'arrivo-admin-insights')!;
  insights.shadowRoot!.querySelector<HTMLButtonElement>(`[data-tab="${tab}"]`)!.click();
  await waitUntil(() => inner(insights, tag)?.shadowRoot?.querySelector(ready), `${tag} never loaded`, { timeout: 8000 });
  return inner(insights, tag)!;
}

function fill(root: ParentNode, selector: string, value: string) {
  const input = root.querySelector<HTMLInputElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function staffGet(token: string, path: string) {
  return (await fetch(`${API}/businesses/${BUSINESS}/admin/${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
}

describe('<arrivo-admin-console> insights', () => {
  afterEach(() => forgetSessions());

  it('counts bookings per business day with who booked them and cancellations by reason, as the API does', async function () {
    this.timeout(40_000);
    // A customer books online and cancels with a reason: counted on the visit's day in Portland.
    const customer = await newCustomer('Insights');
    const { booking } = await bookVisit(customer.token, 0, 2);
    const reason = `Moved house ${crypto.randomUUID().slice(0, 6)}`;
    const canceled = await fetch(`${API}/businesses/${BUSINESS}/me/bookings/${booking.id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason }),
    });
    expect(canceled.status).to.equal(200);
    const day = dayIn(booking.arrivalAt);

    const dana = await signIn(DANA);
    const counts = await openTab('counts', 'arrivo-admin-counts', '[data-days]');
    const root = counts.shadowRoot!;
    // The default: the 30 days up to today, every day a row, and a chart beside the table.
    expect(root.querySelectorAll('[data-days] tbody tr')).to.have.length(30);
    expect(root.querySelectorAll('[data-chart] .bar')).to.have.length(30);
    await expect(counts).to.be.accessible();

    // A range the API refuses: said beside To, what was typed kept.
    fill(root, 'input[name="from"]', '2030-01-10');
    fill(root, 'input[name="to"]', '2030-01-01');
    root.querySelector<HTMLFormElement>('form')!.requestSubmit();
    await waitUntil(() => root.querySelector('#to-error'), 'refused range not said', { timeout: 8000 });
    expect(text(root.querySelector('#to-error'))).to.contain('366 days');
    expect(root.querySelector<HTMLInputElement>('input[name="to"]')!.value).to.equal('2030-01-01');

    // The visit's day: the row and the reasons agree with the API.
    fill(root, 'input[name="from"]', day);
    fill(root, 'input[name="to"]', day);
    root.querySelector<HTMLFormElement>('form')!.requestSubmit();
    await waitUntil(() => root.querySelector(`[data-day="${day}"]`) && root.querySelectorAll('[data-days] tbody tr').length === 1, 'range not shown', { timeout: 8000 });
    expect(root.querySelector('#to-error')).to.equal(null);
    const api = await staffGet(dana.token, `insights?from=${day}&to=${day}`);
    const row = [...root.querySelectorAll(`[data-day="${day}"] td`)].map((td) => Number(text(td)));
    expect(row).to.deep.equal([api.days[0].bookings, api.days[0].portal, api.days[0].staff, api.days[0].canceled]);
    expect(api.days[0].portal).to.be.greaterThan(0);
    expect(api.days[0].canceled).to.be.greaterThan(0);
    expect(text(root.querySelector('[data-figure="bookings"]'))).to.equal(String(api.totals.bookings));
    expect(text(root.querySelector('[data-figure="share"]'))).to.equal(`${api.totals.selfScheduledShare}%`);
    const reasons = [...root.querySelectorAll('[data-reasons] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => text(td)).join(' | '));
    expect(reasons).to.include(`${reason} | 1`);
    await expect(counts).to.be.accessible();
  });

  it('shows the delivery log filtered by state and sends a dead message again', async function () {
    this.timeout(40_000);
    const customer = await newCustomer('Deliveries');
    await bookVisit(customer.token, 1, 3);
    await lastMail(customer.email, 'confirmed');
    // The dev mailbox never fails: the server's test hook marks the confirmation as given up on.
    const id = (await executeServerCommand('arrivo-dead-notification', { recipient: customer.email })) as string;

    const dana = await signIn(DANA);
    const log = await openTab('deliveries', 'arrivo-admin-delivery-log', 'select[name="state"]');
    const root = log.shadowRoot!;
    const state = root.querySelector<HTMLSelectElement>('select[name="state"]')!;
    state.value = 'dead';
    root.querySelector<HTMLFormElement>('form')!.requestSubmit();
    // Its row, once the list for "dead" has replaced the first one (a reload may render in between).
    const rowText = () => text(root.querySelector(`[data-notification="${id}"]`));
    await waitUntil(() => rowText().includes(customer.email) && rowText().includes('mailbox unavailable'), 'dead message not listed with its error', { timeout: 8000 });
    expect([...root.querySelectorAll<HTMLElement>('[data-notification]')].every((r) => r.dataset.state === 'dead')).to.equal(true);
    await expect(log).to.be.accessible();

    const resend = () => root.querySelector<HTMLButtonElement>(`[data-notification="${id}"] [data-action="resend"]`);
    await waitUntil(resend, 'no Resend on the dead message', { timeout: 8000 });
    resend()!.click();
    await waitUntil(() => text(root.querySelector('[role="status"]')).includes(customer.email), 'resend not confirmed', { timeout: 8000 });
    // Off the list of dead ones, and queued or sent again by the worker.
    await waitUntil(() => !root.querySelector(`[data-notification="${id}"]`), 'still listed as dead', { timeout: 8000 });
    const entries = (await staffGet(dana.token, `notifications?recipient=${encodeURIComponent(customer.email)}`)) as { id: string; state: string }[];
    expect(['queued', 'sent']).to.include(entries.find((e) => e.id === id)!.state);
  });

  it('shows feedback with its averages and exports it as CSV', async function () {
    this.timeout(30_000);
    const dana = await signIn(DANA);
    const summary = await staffGet(dana.token, 'feedback/summary');
    const feedback = await openTab('feedback', 'arrivo-admin-feedback', '[data-summary]');
    const root = feedback.shadowRoot!;
    const overall = [...root.querySelectorAll('[data-overall] td')].map((td) => text(td));
    expect(overall[0]).to.equal(String(summary.overall.count));
    expect(overall[1]).to.equal(summary.overall.averageRating === null ? '—' : String(summary.overall.averageRating));
    await expect(feedback).to.be.accessible();

    root.querySelector<HTMLButtonElement>('[data-action="export"]')!.click();
    await waitUntil(() => root.querySelector<HTMLAnchorElement>('a[data-csv]'), 'no CSV', { timeout: 8000 });
    const link = root.querySelector<HTMLAnchorElement>('a[data-csv]')!;
    expect(link.download).to.match(/^feedback-rose-city\.csv$/);
    const csv = await (await fetch(link.href)).text();
    expect(csv.split('\n')[0]).to.contain('rating');
    expect(csv.trim().split('\n').length - 1).to.be.at.least(summary.overall.count);
  });
});
