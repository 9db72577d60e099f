// The board's filters, moving a visit, booking for a customer and the "see what the customer sees"
// preview, in Chromium against the real API (the demo business). Days are weeks out, at accounts
// no other test file books for, so the times these tests take are their own.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import '../../arrivo-admin-console';
import type { ArrivoAdminConsole } from './admin-console';
import { API, BUSINESS, apiSignIn, bookVisit, forgetSessions, lastMail, newCustomer, signIn } from '../../test-support';

const DANA = 'dana@rosecity.example'; // dispatcher
const ZONE = 'America/Los_Angeles';

const $ = <T extends Element = HTMLElement>(root: Element | ShadowRoot, s: string) => ('shadowRoot' in root && root.shadowRoot ? root.shadowRoot : root).querySelector<T>(s);
const $$ = <T extends Element = HTMLElement>(root: Element, s: string) => [...root.shadowRoot!.querySelectorAll<T>(s)];
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const dayIn = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
/** The first Monday–Friday at least `days` from now, as an instant at `utcHour`:00 UTC (morning in Portland). */
function weekday(days: number, utcHour: number) {
  const at = new Date(Date.now() + days * 86_400_000);
  while ([0, 6].includes(at.getUTCDay())) at.setUTCDate(at.getUTCDate() + 1);
  at.setUTCHours(utcHour, 0, 0, 0);
  return at;
}
const staffApi = async (path: string, init: RequestInit = {}) => {
  const { token } = await apiSignIn(DANA);
  const res = await fetch(`${API}/businesses/${BUSINESS}/admin${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  return { status: res.status, body: await res.json() };
};
const visit = (v: { account: string; serviceType: string; technician: string; arrivalAt: Date; comments?: string }) =>
  executeServerCommand<string, object>('arrivo-technician-visit', { ...v, arrivalAt: v.arrivalAt.toISOString() });

async function board() {
  const el = await fixture<ArrivoAdminConsole>(html`<arrivo-admin-console api=${API} business=${BUSINESS}></arrivo-admin-console>`);
  const b = el.shadowRoot!.querySelector('arrivo-admin-board')!;
  await waitUntil(() => $(b, '[part="board"]'), 'board never loaded', { timeout: 8000 });
  return { el, board: b };
}
async function showDay(b: Element, date: string) {
  const input = $<HTMLInputElement>(b, 'input[type="date"]')!;
  input.value = date;
  input.dispatchEvent(new Event('change'));
  await waitUntil(() => text($(b, '#board-day')) && $<HTMLInputElement>(b, 'input[type="date"]')!.value === date && $(b, '[part="board"]'), 'day never shown', { timeout: 8000 });
}
function choose(root: Element, name: string, value: string) {
  const select = $<HTMLSelectElement>(root, `select[name="${name}"]`)!;
  select.value = value;
  select.dispatchEvent(new Event('change'));
}

describe('<arrivo-admin-console> bookings board tools', () => {
  before(() => signIn(DANA));
  after(() => forgetSessions());
  afterEach(() => executeServerCommand('arrivo-emulate-timezone', {})); // the browser's own zone again

  it('filters the day by technician, status, service type and who booked, from the keyboard', async function () {
    this.timeout(40_000);
    const at = weekday(21, 17);
    const bakery = await visit({ account: 'Alder Street Bakery', serviceType: 'leak-detection', technician: 'dev@rosecity.example', arrivalAt: at });
    const okafor = await visit({ account: 'Alder Street Bakery', serviceType: 'furnace-tune-up', technician: 'grace@rosecity.example', arrivalAt: new Date(at.getTime() + 2 * 3_600_000) });
    const { board: b } = await board();
    await showDay(b, dayIn(at.getTime()));
    await waitUntil(() => $(b, `[data-booking="${bakery}"]`) && $(b, `[data-booking="${okafor}"]`), 'visits not on the board', { timeout: 8000 });
    const devRow = $(b, `[data-booking="${bakery}"]`)!.closest<HTMLElement>('[part="technician"]')!.dataset.technician!;

    // The technician filter is reached with Tab from the toolbar and is a native select.
    $<HTMLButtonElement>(b, '[data-action="book"]')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(b.shadowRoot!.activeElement?.getAttribute('name')).to.equal('filter-technician');
    choose(b, 'filter-technician', devRow);
    await waitUntil(() => !$(b, `[data-booking="${okafor}"]`), 'other technicians still shown', { timeout: 4000 });
    expect($$(b, '[part="technician"]').map((r) => r.dataset.technician)).to.deep.equal([devRow]);
    expect(text($(b, '#board-day [role="status"]'))).to.match(/^\d+ visits match the filters$/);
    choose(b, 'filter-status', 'canceled');
    await waitUntil(() => !$(b, `[data-booking="${bakery}"]`), 'status filter ignored', { timeout: 4000 });

    // Clear: everything again; then only furnace tune-ups; then only visits customers booked online.
    $<HTMLButtonElement>(b, '.filters button')!.click();
    await waitUntil(() => $(b, `[data-booking="${bakery}"]`) && $(b, `[data-booking="${okafor}"]`), 'clearing did not show all', { timeout: 4000 });
    choose(b, 'filter-serviceType', 'Furnace tune-up');
    await waitUntil(() => !$(b, `[data-booking="${bakery}"]`) && $(b, `[data-booking="${okafor}"]`), 'service type filter ignored', { timeout: 4000 });
    choose(b, 'filter-serviceType', '');
    choose(b, 'filter-source', 'portal');
    await waitUntil(() => !$(b, `[data-booking="${bakery}"]`) && !$(b, `[data-booking="${okafor}"]`), 'source filter ignored', { timeout: 4000 });
    await expect(b).to.be.accessible();
  });

  it('shows the messages sent and moves a visit to a free time of another day and technician', async function () {
    this.timeout(60_000);
    const at = weekday(26, 18);
    const id = await visit({ account: 'Okafor residence', serviceType: 'furnace-tune-up', technician: 'tom@rosecity.example', arrivalAt: at, comments: 'Move test' });
    const { board: b } = await board();
    await showDay(b, dayIn(at.getTime()));
    await waitUntil(() => $(b, `[data-booking="${id}"]`), 'visit not on the board', { timeout: 8000 });
    $<HTMLButtonElement>(b, `[data-booking="${id}"]`)!.click();
    await waitUntil(() => $(b, 'arrivo-admin-visit-more'), 'the visit tools never loaded', { timeout: 8000 });
    const more = $<LitElement>(b, 'arrivo-admin-visit-more')!;
    // Booked by staff: nothing was sent, and the dialog says why.
    await waitUntil(() => text($(more, '[part="notice"]')).includes('send the customer no messages'), 'messages never loaded', { timeout: 8000 });

    // Another weekday, any technician: the engine's free times with who would go.
    const next = dayIn(weekday(27, 18).getTime());
    const dateInput = $<HTMLInputElement>(more, 'input[name="moveDate"]')!;
    dateInput.value = next;
    dateInput.dispatchEvent(new Event('change'));
    // The times of the new day, not those of the visit's own day still shown until they come.
    const offeredOnNext = () => {
      const s = $<HTMLButtonElement>(more, '[data-slot]');
      return !!s && dayIn(Date.parse(s.dataset.slot!)) === next;
    };
    await waitUntil(offeredOnNext, 'no free times offered', { timeout: 8000 });
    const slot = $<HTMLButtonElement>(more, '[data-slot]')!;
    const arrivalAt = slot.dataset.slot!;
    expect(text(slot)).to.match(/min travel/);
    slot.click();
    await more.updateComplete;
    expect(slot.getAttribute('aria-pressed')).to.equal('true');
    const note = $<HTMLInputElement>(more, 'input[name="moveNote"]')!;
    note.value = 'Customer called';
    note.dispatchEvent(new Event('input'));
    await expect(more).to.be.accessible();
    $<HTMLFormElement>(more, 'form[data-move-form]')!.requestSubmit();

    // The board follows the visit to its new day; the dialog shows the move in its history.
    await waitUntil(() => $<HTMLInputElement>(b, 'input[type="date"]')!.value === next && $(b, `[data-booking="${id}"]`), 'the board did not follow the visit', { timeout: 10000 });
    await waitUntil(() => text($(b, 'dialog[data-visit] ol')).includes('Moved · Customer called'), 'history does not show the move', { timeout: 8000 });
    const saved = await staffApi(`/bookings/${id}`);
    expect(saved.body.arrivalAt).to.equal(new Date(arrivalAt).toISOString());
    expect(saved.body.history.at(-1)).to.include({ from: 'scheduled', to: 'scheduled', note: 'Customer called' });
    $<HTMLDialogElement>(b, 'dialog[data-visit]')!.close();
  });

  it('lists a customer-booked visit’s messages with each one’s time on one line', async function () {
    this.timeout(40_000);
    const customer = await newCustomer('Tabla');
    const { booking } = await bookVisit(customer.token, 1, 9);
    await lastMail(customer.email, 'confirmed');
    await signIn(DANA);
    const { board: b } = await board();
    await showDay(b, dayIn(new Date(booking.arrivalAt).getTime()));
    await waitUntil(() => $(b, `[data-booking="${booking.id}"]`), 'visit not on the board', { timeout: 8000 });
    $<HTMLButtonElement>(b, `[data-booking="${booking.id}"]`)!.click();
    await waitUntil(() => $(b, 'arrivo-admin-visit-more'), 'the visit tools never loaded', { timeout: 8000 });
    const more = $<LitElement>(b, 'arrivo-admin-visit-more')!;
    await waitUntil(() => $(more, '[data-messages] tbody tr'), 'no messages listed', { timeout: 8000 });
    const when = $(more, '[data-messages] tbody tr td:last-child')!;
    const range = document.createRange();
    range.selectNodeContents(when);
    expect(new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size, `"${text(when)}" on one line`).to.equal(1);
    $<HTMLDialogElement>(b, 'dialog[data-visit]')!.close();
  });

  it('books a visit for a customer from the free times it would be offered, sent no message', async function () {
    this.timeout(60_000);
    const { board: b } = await board();
    $<HTMLButtonElement>(b, '[data-action="book"]')!.click();
    await waitUntil(() => $(b, 'arrivo-admin-book-visit'), 'booking tools never loaded', { timeout: 8000 });
    expect($<HTMLDialogElement>(b, 'dialog[data-book]')!.open).to.equal(true);
    const tool = $<LitElement>(b, 'arrivo-admin-book-visit')!;
    const q = $<HTMLInputElement>(tool, 'input[name="accountQuery"]')!;
    q.value = 'Okafor';
    q.dispatchEvent(new Event('input'));
    $<HTMLFormElement>(tool, 'form[role="search"]')!.requestSubmit();
    await waitUntil(() => $(tool, '[data-account]'), 'account not found', { timeout: 8000 });
    $<HTMLButtonElement>(tool, '[data-account]')!.click();
    await waitUntil(() => $(tool, 'select[name="serviceType"]'), 'account options never loaded', { timeout: 8000 });
    expect(text($(tool, 'select[name="contact"]'))).to.contain('ada.okafor@example.com');
    const drain = [...$<HTMLSelectElement>(tool, 'select[name="serviceType"]')!.options].find((o) => o.text === 'Furnace tune-up')!;
    choose(tool, 'serviceType', drain.value);
    await waitUntil(() => $(tool, '[data-slot]'), 'no free times', { timeout: 10000 });
    const slot = $<HTMLButtonElement>(tool, '[data-slot]')!;
    const arrivalAt = slot.dataset.slot!;
    slot.click();
    const comments = $<HTMLTextAreaElement>(tool, 'textarea[name="comments"]')!;
    comments.value = 'Booked by phone';
    comments.dispatchEvent(new Event('input'));
    await tool.updateComplete;
    expect(text($(tool, 'form[data-book-form] .hint:last-of-type'))).to.contain('no messages');
    await expect(tool).to.be.accessible();
    $<HTMLFormElement>(tool, 'form[data-book-form]')!.requestSubmit();

    // The dialog closes; the board shows the new visit's day with the visit open.
    await waitUntil(() => !$<HTMLDialogElement>(b, 'dialog[data-book]')!.open && $<HTMLDialogElement>(b, 'dialog[data-visit]')!.open, 'not booked', { timeout: 10000 });
    await waitUntil(() => text($(b, 'dialog[data-visit] dl')).includes('Booked by phone'), 'visit details never loaded', { timeout: 8000 });
    expect(text($(b, 'dialog[data-visit] dl'))).to.contain('By staff');
    expect(text($(b, '#visit-heading'))).to.contain('Okafor residence');
    expect($<HTMLInputElement>(b, 'input[type="date"]')!.value).to.equal(dayIn(Date.parse(arrivalAt)));
    const id = [...b.shadowRoot!.querySelectorAll<HTMLElement>('[data-booking]')].find((v) => text(v).includes('Okafor'))?.dataset.booking;
    expect(id).to.be.a('string');
    const saved = await staffApi(`/bookings/${id}`);
    expect(saved.body).to.include({ source: 'staff', comments: 'Booked by phone', arrivalAt: new Date(arrivalAt).toISOString() });
    $<HTMLDialogElement>(b, 'dialog[data-visit]')!.close();
  });

  it('previews the booking form as an account’s customer sees it, and books nothing', async function () {
    this.timeout(60_000);
    // A browser far from the business: the preview still shows the business's clock, as its page does.
    await executeServerCommand('arrivo-emulate-timezone', { zone: 'Asia/Tokyo' });
    const el = await fixture<ArrivoAdminConsole>(html`<arrivo-admin-console api=${API} business=${BUSINESS}></arrivo-admin-console>`);
    await waitUntil(() => $(el, '[data-section="preview"]'), 'no preview section', { timeout: 8000 });
    $<HTMLButtonElement>(el, '[data-section="preview"]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('arrivo-admin-preview'), 'preview never loaded', { timeout: 8000 });
    const preview = el.shadowRoot!.querySelector('arrivo-admin-preview')!;
    const q = $<HTMLInputElement>(preview, 'input[name="accountQuery"]')!;
    q.value = 'Okafor';
    q.dispatchEvent(new Event('input'));
    $<HTMLFormElement>(preview, 'form[role="search"]')!.requestSubmit();
    await waitUntil(() => $(preview, '[data-account]'), 'account not found', { timeout: 8000 });
    const accountId = $<HTMLButtonElement>(preview, '[data-account]')!.dataset.account!;
    $<HTMLButtonElement>(preview, '[data-account]')!.click();
    await waitUntil(() => $(preview, 'arrivo-booking-preview'), 'form never shown', { timeout: 8000 });
    const form = $<LitElement>(preview, 'arrivo-booking-preview')!;
    await waitUntil(() => $(form, 'select[name="serviceType"]'), 'form never loaded', { timeout: 8000 });
    // The customer's service types and the account's products, as the staff API answers for it.
    const types = (await staffApi(`/accounts/${accountId}/service-types`)).body as { id: string; name: string }[];
    expect([...$<HTMLSelectElement>(form, 'select[name="serviceType"]')!.options].filter((o) => o.value).map((o) => o.text)).to.deep.equal(types.map((t) => t.name));
    expect(text($(form, 'select[name="asset"]'))).to.contain('Trane XR16 heat pump');
    choose(form, 'serviceType', types.find((t) => t.name === 'Furnace tune-up')!.id);
    await waitUntil(() => $(form, '[part="day"][aria-checked="true"]'), 'no day with free times', { timeout: 10000 });
    const date = $<HTMLElement>(form, '[part="day"][aria-checked="true"]')!.dataset.date!;
    await waitUntil(() => $(form, '[part="time"]'), 'no free times', { timeout: 10000 });
    // The times are the account's customer's, exactly.
    const slots = (await staffApi(`/accounts/${accountId}/slots?serviceTypeId=${types.find((t) => t.name === 'Furnace tune-up')!.id}&date=${date}`)).body.slots as unknown[];
    expect($$(form, '[part="time"]')).to.have.length(slots.length);
    expect((form as LitElement & { timeZone: string }).timeZone).to.equal(ZONE);
    const pacific = new Intl.DateTimeFormat(undefined, { timeZoneName: 'long', timeZone: ZONE }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')!.value;
    expect(text($(form, '[data-zone]'))).to.contain(`Times in ${pacific}`);
    const first = (slots as { arrivalAt: string }[])[0]!.arrivalAt;
    expect(text($(form, '[part="time"]'))).to.equal(new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZone: ZONE }).format(new Date(first)));
    $<HTMLButtonElement>(form, '[part="time"]')!.click();
    await form.updateComplete;

    // No Book button to press; submitting anyway (Enter) sends nothing and says so.
    const submit = $<HTMLButtonElement>(form, 'button[type="submit"]')!;
    expect(getComputedStyle(submit).display).to.equal('none');
    expect(text($(form, '[data-preview]'))).to.contain('Preview — nothing is booked');
    const before = JSON.stringify((await staffApi(`/board?date=${date}`)).body);
    $<HTMLFormElement>(form, 'form')!.requestSubmit();
    await waitUntil(() => text($(form, '[part="error"]')).includes('nothing is booked'), 'no preview notice on submit', { timeout: 4000 });
    expect(JSON.stringify((await staffApi(`/board?date=${date}`)).body)).to.equal(before);
    await expect(preview).to.be.accessible();
  });
});
