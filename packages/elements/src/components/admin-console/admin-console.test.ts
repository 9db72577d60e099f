// <arrivo-admin-console> in Chromium against the real API (the demo business): who sees what,
// the bookings board with a seeded visit changing status live, and an account, contact and
// invitation made through the screens.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../arrivo-admin-console';
import type { ArrivoAdminConsole } from './admin-console';
import { API, BUSINESS, apiSignIn, forgetSessions, lastMail, signIn } from '../../test-support';

const ALEX = 'alex@rosecity.example'; // admin
const DANA = 'dana@rosecity.example'; // dispatcher
const ZONE = 'America/Los_Angeles';

const $ = <T extends Element = HTMLElement>(root: Element | ShadowRoot, s: string) => ('shadowRoot' in root && root.shadowRoot ? root.shadowRoot : root).querySelector<T>(s);
const screen = <K extends keyof HTMLElementTagNameMap>(el: ArrivoAdminConsole, tag: K) => el.shadowRoot!.querySelector(tag) as HTMLElementTagNameMap[K] | null;
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const dayIn = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

async function mount(locale = '') {
  const el = await fixture<ArrivoAdminConsole>(html`<arrivo-admin-console api=${API} business=${BUSINESS} locale=${locale}></arrivo-admin-console>`);
  await el.updateComplete;
  return el;
}

/** Type into an input of a shadow root and let the element see it. */
function fill(root: ShadowRoot, name: string, value: string) {
  const input = root.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('<arrivo-admin-console>', () => {
  afterEach(() => forgetSessions());

  it('asks staff to sign in, accessibly', async () => {
    forgetSessions();
    const el = await mount();
    expect(el.shadowRoot!.querySelector('arrivo-sign-in')).to.exist;
    expect(text($(el, 'h2'))).to.equal('Staff sign-in');
    await expect(el).to.be.accessible();
  });

  it('tells a customer this sign-in has no staff access, and shows no screens', async () => {
    await signIn('linh.nguyen@example.com');
    const el = await mount();
    expect(text($(el, '[role="alert"]'))).to.contain('no staff access');
    expect($(el, '[part="nav"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows an admin the board with a seeded visit, its travel and details, and its status changing live', async function () {
    this.timeout(40_000);
    await signIn(ALEX);
    // Dev Patel, 20 days out at a fixed hour: no other test file books him then.
    const arrivalAt = new Date(Date.now() + 20 * 86_400_000);
    arrivalAt.setUTCHours(18, 0, 0, 0); // 10:00 or 11:00 in Portland
    const id = await executeServerCommand<string, object>('arrivo-technician-visit', {
      account: 'Alder Street Bakery', serviceType: 'leak-detection', technician: 'dev@rosecity.example', arrivalAt: arrivalAt.toISOString(), comments: 'Board test',
    });
    const el = await mount();
    expect(text($(el, '[part="header"]'))).to.contain('Administrator');
    expect($(el, '[data-section="settings"]')).to.exist;
    const board = screen(el, 'arrivo-admin-board')!;
    await waitUntil(() => $(board, '[part="board"]'), 'board never loaded', { timeout: 8000 });
    const dateInput = $<HTMLInputElement>(board, 'input[type="date"]')!;
    dateInput.value = dayIn(arrivalAt.toISOString());
    dateInput.dispatchEvent(new Event('change'));
    await waitUntil(() => $(board, `[data-booking="${id}"]`), 'the visit is not on the board', { timeout: 8000 });
    const visit = $<HTMLButtonElement>(board, `[data-booking="${id}"]`)!;
    expect(visit.dataset.status).to.equal('scheduled');
    // Travel (15 minutes) is drawn before the visit, and said.
    expect($(visit, '[part="travel"]')).to.exist;
    expect(text(visit)).to.contain('Alder Street Bakery').and.contain('15 min travel');
    // In Dev Patel's row.
    const row = visit.closest('[part="technician"]')!;
    expect(text(row.querySelector('h3'))).to.contain('Dev Patel');
    await expect(board).to.be.accessible();

    // Keyboard: the segment is a button; Enter opens the visit.
    visit.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text($(board, 'dialog dl')).includes('Board test'), 'details never loaded', { timeout: 8000 });
    expect($<HTMLDialogElement>(board, 'dialog')!.open).to.equal(true);
    expect(text($(board, 'dialog'))).to.contain('Dev Patel');

    // A dispatcher elsewhere sets the visit off (the real status change and its event): the board hears it live.
    const dana = await apiSignIn(DANA);
    const moved = await fetch(`${API}/businesses/${BUSINESS}/admin/bookings/${id}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dana.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'traveling' }),
    });
    expect(moved.status).to.equal(200);
    await waitUntil(() => $<HTMLElement>(board, `[data-booking="${id}"]`)?.dataset.status === 'traveling', 'status never changed live', { timeout: 10000 });
    $<HTMLDialogElement>(board, 'dialog')!.close();
  });

  it('gives an admin the invitation settings', async () => {
    await signIn(ALEX);
    const el = await mount();
    $<HTMLButtonElement>(el, '[data-section="settings"]')!.click();
    await el.updateComplete;
    expect($(el, '[data-section="settings"]')!.getAttribute('aria-current')).to.equal('page');
    // The settings come in their own chunk; invitations is the first tab.
    await waitUntil(() => screen(el, 'arrivo-admin-settings')?.shadowRoot?.querySelector('arrivo-admin-invitation-settings'), 'settings never loaded', { timeout: 8000 });
    const settings = $(screen(el, 'arrivo-admin-settings')!, 'arrivo-admin-invitation-settings')!;
    await waitUntil(() => $(settings, 'select[name="autoInvite"]'), 'invitation settings never loaded', { timeout: 8000 });
    expect(Number($<HTMLInputElement>(settings, 'input[name="invitationTtlHours"]')!.value)).to.be.greaterThan(0);
    await expect(settings).to.be.accessible();
  });

  it('gives a dispatcher the board, accounts, scheduling setup, insights and preview but not the admin-only screens', async () => {
    await signIn(DANA);
    const el = await mount();
    expect(text($(el, '[part="header"]'))).to.contain('Dispatcher');
    const sections = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="nav-item"]')].map((b) => b.dataset.section);
    expect(sections).to.deep.equal(['board', 'accounts', 'setup', 'insights', 'preview']);
    // And the API agrees: the settings are the admins'.
    const session = JSON.parse(localStorage.getItem(`arrivo:session:${API}:${BUSINESS}`)!);
    const res = await fetch(`${API}/businesses/${BUSINESS}/admin/settings/access`, { headers: { authorization: `Bearer ${session.token}` } });
    expect(res.status).to.equal(403);
  });

  it('creates an account, adds a contact and creates an invitation through the screens', async function () {
    this.timeout(40_000);
    await signIn(DANA);
    const el = await mount();
    $<HTMLButtonElement>(el, '[data-section="accounts"]')!.click();
    await el.updateComplete;
    const accounts = screen(el, 'arrivo-admin-accounts')!;
    await waitUntil(() => $(accounts, 'table'), 'accounts never loaded', { timeout: 8000 });
    await expect(accounts).to.be.accessible();

    const name = `Console Test ${crypto.randomUUID().slice(0, 6)}`;
    $<HTMLButtonElement>(accounts, '[data-action="new-account"]')!.click();
    await accounts.updateComplete;
    const root = accounts.shadowRoot!;
    fill(root, 'name', name);
    fill(root, 'addressLine1', '2200 NE Alberta St');
    fill(root, 'city', 'Portland');
    fill(root, 'postalCode', '97211');
    fill(root, 'lat', '45.559');
    fill(root, 'lon', '-122.643');
    root.querySelector<HTMLFormElement>('form[aria-labelledby="account-title"]')!.requestSubmit();
    await waitUntil(() => root.querySelector('#contacts-title'), 'account not created', { timeout: 8000 });
    expect(text(root.querySelector('[part~="notice"]'))).to.contain(name);

    // Found by search, a page at a time.
    fill(root, 'q', name);
    root.querySelector<HTMLFormElement>('form[role="search"]')!.requestSubmit();
    await waitUntil(() => text(root.querySelector('tbody')).includes(name) && root.querySelectorAll('tbody tr').length === 1, 'not found by search', { timeout: 8000 });

    const email = `console.${crypto.randomUUID().slice(0, 8)}@example.com`;
    fill(root, 'firstName', 'Rosa');
    fill(root, 'lastName', 'Console');
    fill(root, 'email', email);
    root.querySelector<HTMLFormElement>('form[aria-labelledby="add-contact-title"]')!.requestSubmit();
    await waitUntil(() => root.querySelector('[data-contact] [data-action="invite"]'), 'contact not added', { timeout: 8000 });

    root.querySelector<HTMLButtonElement>('[data-contact] [data-action="invite"]')!.click();
    await waitUntil(() => text(root.querySelector('[part~="notice"]')).includes(email), 'invitation not created', { timeout: 8000 });
    expect(await lastMail(email)).to.contain('code');
    root.querySelector<HTMLButtonElement>('[data-contact] [data-action="history"]')!.click();
    await waitUntil(() => root.querySelector('[data-history] tbody tr'), 'history never loaded', { timeout: 8000 });
    const states = [...root.querySelectorAll('[data-history] tbody tr')].map((r) => text(r.children[1]));
    // The newest invitation is open ("Sent"); any older one (an automatic invitation) was revoked by it.
    expect(states.filter((s) => s === 'Sent')).to.have.length(1);
    expect(states.every((s) => s === 'Sent' || s === 'Revoked')).to.equal(true);
    expect(text(root.querySelector('[data-contact] [part="badge"]'))).to.equal('Sent');
    await expect(accounts).to.be.accessible();

    // Revoke the open one: the history and the contact say so.
    root.querySelector<HTMLButtonElement>('[data-history] [data-action="revoke"]')!.click();
    await waitUntil(() => text(root.querySelector('[data-contact] [part="badge"]')) === 'Revoked', 'never revoked', { timeout: 8000 });
    await waitUntil(() => [...root.querySelectorAll('[data-history] tbody tr')].every((r) => text(r.children[1]) === 'Revoked'), 'history not updated', { timeout: 8000 });
    expect(root.querySelector('[data-history] [data-action="revoke"]')).to.equal(null);
  });

  it('is laid out right to left and translated in Arabic', async function () {
    this.timeout(20_000);
    await signIn(ALEX);
    const el = await mount('ar');
    await waitUntil(() => text($(el, '[data-section="board"]')) && text($(el, '[data-section="board"]')) !== 'Bookings board', 'never translated', { timeout: 8000 });
    expect(el.dir).to.equal('rtl');
    const board = screen(el, 'arrivo-admin-board')!;
    expect(board.dir).to.equal('rtl');
    await waitUntil(() => $(board, '[part="board"]'), 'board never loaded', { timeout: 8000 });
    await expect(el).to.be.accessible();
  });
});
