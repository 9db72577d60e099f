// The console for people who use it without a mouse, on a tablet, or in Spanish, in Chromium
// against the real API (the demo business): roles changed from the keyboard alone; the board with
// its filters and "Book a visit" at 768 px wide without the page scrolling sideways, axe clean; the
// board's navigation and filters in Spanish.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import '../../arrivo-admin-console';
import type { ArrivoAdminConsole } from './admin-console';
import { setArrivoLocale } from '../../localization';
import { API, BUSINESS, forgetSessions, invite, signIn } from '../../test-support';

const ALEX = 'alex@rosecity.example'; // admin
const DANA = 'dana@rosecity.example'; // dispatcher

const $ = <T extends Element = HTMLElement>(root: Element | ShadowRoot, s: string) => ('shadowRoot' in root && root.shadowRoot ? root.shadowRoot : root).querySelector<T>(s);
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function mount() {
  const el = await fixture<ArrivoAdminConsole>(html`<arrivo-admin-console api=${API} business=${BUSINESS}></arrivo-admin-console>`);
  await el.updateComplete;
  return el;
}

/** Presses Tab until `target()` has the focus in `root` (at most `max` times), as a keyboard user would. */
async function tabTo(root: ShadowRoot, target: () => Element | null, max = 15) {
  for (let i = 0; i < max && root.activeElement !== target(); i++) await sendKeys({ press: 'Tab' });
  expect(root.activeElement, 'never reached by Tab').to.equal(target());
}

/** The page does not scroll sideways at the current width. */
const fits = () => expect(document.documentElement.scrollWidth, 'the page scrolls sideways').to.be.at.most(window.innerWidth);

describe('<arrivo-admin-console> by keyboard, on a tablet and in Spanish', () => {
  afterEach(async () => {
    forgetSessions();
    await setViewport({ width: 1280, height: 800 });
    await setArrivoLocale('en');
  });

  it('gives a person a role from the keyboard alone: Tab to the role, Space, Enter on Save', async function () {
    this.timeout(40_000);
    const { email, code } = await invite('Keyes');
    const redeemed = await fetch(`${API}/businesses/${BUSINESS}/invitations/redeem`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, password: 'Keyes has a long password' }),
    });
    expect(redeemed.status).to.equal(201);

    await signIn(ALEX);
    const el = await mount();
    // The navigation: Tab to People and roles, Enter.
    await tabTo(el.shadowRoot!, () => $(el, '[data-section="people"]'), 20);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, 'arrivo-admin-people')?.shadowRoot?.querySelector('[data-person]'), 'people never loaded', { timeout: 8000 });
    const people = $(el, 'arrivo-admin-people')!;
    const p = people.shadowRoot!;

    // Search by typing the email and Enter.
    await tabTo(p, () => p.querySelector('input[name="q"]'));
    await sendKeys({ type: email });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => p.querySelectorAll('[data-person]').length === 1 && text(p.querySelector('[data-person]')).includes(email), 'not found by search', { timeout: 8000 });
    const row = () => p.querySelector<HTMLFormElement>('[data-person] form')!;
    const box = () => row().querySelector<HTMLInputElement>('input[value="dispatcher"]')!;
    expect(box().checked).to.equal(false);

    await tabTo(p, box);
    await sendKeys({ press: 'Space' });
    expect(box().checked).to.equal(true);
    await tabTo(p, () => row().querySelector('button[type="submit"]'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(p.querySelector('[part="notice"]')).includes('saved'), 'roles not saved', { timeout: 8000 });
    expect(text(p.querySelector('[part="notice"]'))).to.contain('Roles of').and.contain('saved.');
    await waitUntil(() => box()?.checked, 'the saved roles are not shown', { timeout: 8000 });
    const roles = [...row().querySelectorAll<HTMLInputElement>('input[name="role"]')].filter((i) => i.checked).map((i) => i.value);
    expect(roles).to.deep.equal(['dispatcher', 'customer']);
    await expect(people).to.be.accessible();
  });

  it('fits a tablet: the board with its filters and Book a visit at 768 px, no sideways scrolling, axe clean', async function () {
    this.timeout(60_000);
    await signIn(DANA);
    await setViewport({ width: 768, height: 1024 });
    const el = await mount();
    const b = $(el, 'arrivo-admin-board')!;
    await waitUntil(() => $(b, '[part="board"]') && $(b, '.filters select'), 'board never loaded', { timeout: 8000 });
    // A filter chosen, so the Clear button and the count show too.
    const status = $<HTMLSelectElement>(b, 'select[name="filter-status"]')!;
    status.value = 'scheduled';
    status.dispatchEvent(new Event('change'));
    await waitUntil(() => $(b, '.filters button'), 'no Clear filters', { timeout: 4000 });
    fits();
    expect($(b, '.filters')!.getBoundingClientRect().right).to.be.at.most(768);
    await expect(el).to.be.accessible();

    $<HTMLButtonElement>(b, '[data-action="book"]')!.click();
    await waitUntil(() => $(b, 'arrivo-admin-book-visit'), 'booking tools never loaded', { timeout: 8000 });
    const tool = $<LitElement>(b, 'arrivo-admin-book-visit')!;
    const q = $<HTMLInputElement>(tool, 'input[name="accountQuery"]')!;
    q.value = 'Okafor';
    q.dispatchEvent(new Event('input'));
    $<HTMLFormElement>(tool, 'form[role="search"]')!.requestSubmit();
    await waitUntil(() => $(tool, '[data-account]'), 'account not found', { timeout: 8000 });
    $<HTMLButtonElement>(tool, '[data-account]')!.click();
    await waitUntil(() => $(tool, 'select[name="serviceType"]'), 'account options never loaded', { timeout: 8000 });
    const type = $<HTMLSelectElement>(tool, 'select[name="serviceType"]')!;
    type.value = [...type.options].find((o) => o.text === 'Furnace tune-up')!.value;
    type.dispatchEvent(new Event('change'));
    await waitUntil(() => $(tool, '[data-slot]'), 'no free times', { timeout: 10000 });
    await tool.updateComplete;
    fits();
    const dialog = $<HTMLDialogElement>(b, 'dialog[data-book]')!;
    expect(dialog.getBoundingClientRect().right, 'the dialog is wider than the tablet').to.be.at.most(768);
    expect(dialog.scrollWidth, 'the dialog scrolls sideways').to.be.at.most(dialog.clientWidth);
    await expect(tool).to.be.accessible();
    dialog.close();
  });

  it('shows the board’s navigation and filters in Spanish', async function () {
    this.timeout(30_000);
    await signIn(DANA);
    await setArrivoLocale('es');
    const el = await mount();
    await waitUntil(() => text($(el, '[data-section="board"]')) === 'Tablero de reservas', 'navigation not in Spanish', { timeout: 8000 });
    expect(text($(el, '[data-section="accounts"]'))).to.equal('Cuentas y contactos');
    const b = $(el, 'arrivo-admin-board')!;
    await waitUntil(() => $(b, '.filters select'), 'board never loaded', { timeout: 8000 });
    const label = $(b, 'select[name="filter-technician"]')!.closest('label')!;
    expect([...label.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim()).to.equal('Técnico');
    expect($(b, '.filters')!.getAttribute('aria-label')).to.equal('Filtros');
  });
});
