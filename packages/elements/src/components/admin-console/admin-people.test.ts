// The console's lazy screens for an account's places and the business's people, in Chromium
// against the real API (the demo business): functional locations and assets of an account; roles
// granted and removed, removal signing the person out; the last administrator kept.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../arrivo-admin-console';
import type { ArrivoAdminConsole } from './admin-console';
import { API, BUSINESS, forgetSessions, invite, signIn } from '../../test-support';

const ALEX = 'alex@rosecity.example'; // the demo's only admin

const $ = <T extends Element = HTMLElement>(root: Element | ShadowRoot, s: string) => ('shadowRoot' in root && root.shadowRoot ? root.shadowRoot : root).querySelector<T>(s);
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function open(section: string) {
  const el = await fixture<ArrivoAdminConsole>(html`<arrivo-admin-console api=${API} business=${BUSINESS}></arrivo-admin-console>`);
  await el.updateComplete;
  $<HTMLButtonElement>(el, `[data-section="${section}"]`)!.click();
  return el;
}

function fill(root: ParentNode, name: string, value: string) {
  const input = root.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** The space between two boxes stacked one above the other (negative: they overlap). */
const gapBetween = (upper: Element, lower: Element) => lower.getBoundingClientRect().top - upper.getBoundingClientRect().bottom;

const staffCall = (token: string) => fetch(`${API}/businesses/${BUSINESS}/admin/search/accounts`, { headers: { authorization: `Bearer ${token}` } });

describe('<arrivo-admin-console> places and people', () => {
  afterEach(() => forgetSessions());

  it('adds, edits and deletes an account’s functional locations and assets (a location in use is kept); says why a contact was not invited', async function () {
    this.timeout(40_000);
    await signIn(ALEX);
    const el = await open('accounts');
    const accounts = el.shadowRoot!.querySelector('arrivo-admin-accounts')!;
    await waitUntil(() => $(accounts, 'tbody [data-account]'), 'accounts never loaded', { timeout: 8000 });
    const name = `Places Test ${crypto.randomUUID().slice(0, 6)}`;
    $<HTMLButtonElement>(accounts, '[data-action="new-account"]')!.click();
    await accounts.updateComplete;
    const root = accounts.shadowRoot!;
    for (const [k, v] of [['name', name], ['addressLine1', '1 Harbor Way'], ['city', 'Portland'], ['lat', '45.52'], ['lon', '-122.67']]) fill(root, k!, v!);
    root.querySelector<HTMLFormElement>('form[aria-labelledby="account-title"]')!.requestSubmit();
    await waitUntil(() => root.querySelector('arrivo-admin-places')?.shadowRoot?.querySelector('[data-form="add-asset"]'), 'places never loaded', { timeout: 8000 });
    const places = root.querySelector('arrivo-admin-places')!;
    const p = places.shadowRoot!;
    await expect(places).to.be.accessible();
    // The two panels are set apart.
    const [locationsPanel, assetsPanel] = p.querySelectorAll('section[part~="panel"]');
    expect(gapBetween(locationsPanel!, assetsPanel!)).to.be.greaterThan(0);

    const addLocation = p.querySelector<HTMLFormElement>('[data-form="add-location"]')!;
    for (const [k, v] of [['name', 'Boiler room'], ['addressLine1', '9 Dock Rd'], ['city', 'Portland'], ['lat', '45.51'], ['lon', '-122.66']]) fill(addLocation, k!, v!);
    addLocation.requestSubmit();
    await waitUntil(() => p.querySelector('[data-location]'), 'location not added', { timeout: 8000 });
    expect(text(p.querySelector('[data-location] summary'))).to.equal('Boiler room · 9 Dock Rd, Portland');

    // Rename it.
    const edit = p.querySelector<HTMLFormElement>('[data-location] form')!;
    fill(edit, 'name', 'Plant room');
    edit.requestSubmit();
    await waitUntil(() => text(p.querySelector('[data-location] summary')).startsWith('Plant room'), 'location not saved', { timeout: 8000 });

    // An asset installed there.
    const addAsset = p.querySelector<HTMLFormElement>('[data-form="add-asset"]')!;
    fill(addAsset, 'name', 'Boiler');
    fill(addAsset, 'serialNumber', 'SN-1');
    fill(addAsset, 'functionalLocationId', p.querySelector<HTMLElement>('[data-location]')!.dataset.location!);
    addAsset.requestSubmit();
    await waitUntil(() => p.querySelector('[data-asset]'), 'asset not added', { timeout: 8000 });
    expect(p.querySelector<HTMLSelectElement>('[data-asset] select')!.selectedOptions[0]!.textContent).to.equal('Plant room');

    // The location cannot go while the boiler is there: said, and kept.
    p.querySelector<HTMLButtonElement>('[data-action="remove-location"]')!.click();
    await waitUntil(() => p.querySelector('[part="error"]'), 'no refusal shown', { timeout: 8000 });
    expect(text(p.querySelector('[part="error"]'))).to.contain('Assets are still at this location');
    expect(p.querySelector('[data-location]')).to.exist;

    // Move the boiler to the account's address, then both can go.
    const assetForm = p.querySelector<HTMLFormElement>('[data-asset] form')!;
    fill(assetForm, 'functionalLocationId', '');
    assetForm.requestSubmit();
    await waitUntil(() => text(p.querySelector('[part="notice"]')).includes('Boiler saved'), 'asset not saved', { timeout: 8000 });
    p.querySelector<HTMLButtonElement>('[data-action="remove-location"]')!.click();
    await waitUntil(() => !p.querySelector('[data-location]'), 'location not deleted', { timeout: 8000 });
    p.querySelector<HTMLButtonElement>('[data-action="remove-asset"]')!.click();
    await waitUntil(() => !p.querySelector('[data-asset]'), 'asset not deleted', { timeout: 8000 });
    await expect(places).to.be.accessible();

    // Made inactive: a contact added now is not invited, and the console says why.
    root.querySelector<HTMLInputElement>('form[aria-labelledby="account-title"] input[name="active"]')!.checked = false;
    root.querySelector<HTMLFormElement>('form[aria-labelledby="account-title"]')!.requestSubmit();
    await waitUntil(() => text(root.querySelector('[part~="notice"]')) === 'Account saved.', 'account not saved', { timeout: 8000 });
    const contact = root.querySelector<HTMLFormElement>('form[aria-labelledby="add-contact-title"]')!;
    fill(contact, 'firstName', 'Ina');
    fill(contact, 'email', `ina.${crypto.randomUUID().slice(0, 8)}@example.com`);
    contact.requestSubmit();
    await waitUntil(() => text(root.querySelector('[part~="notice"]')).includes('Ina added'), 'contact not added', { timeout: 8000 });
    expect(text(root.querySelector('[part~="notice"]'))).to.equal('Ina added, not invited: the account is inactive.');
    // The contact list reloads after the notice.
    await waitUntil(() => text(root.querySelector('[data-contact] [part="badge"]')) === 'Not invited', 'contact not listed as not invited', { timeout: 8000 });
  });

  it('grants a role to a person with a sign-in, and removing it signs them out here', async function () {
    this.timeout(40_000);
    // Someone who redeemed an invitation: a sign-in, a customer of the demo business.
    const { email, code } = await invite('Perrin');
    const redeemed = await fetch(`${API}/businesses/${BUSINESS}/invitations/redeem`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, password: 'Perrin has a long password' }),
    });
    const { token } = (await redeemed.json()) as { token: string };
    expect((await staffCall(token)).status).to.equal(403);

    await signIn(ALEX);
    const el = await open('people');
    await waitUntil(() => el.shadowRoot!.querySelector('arrivo-admin-people')?.shadowRoot?.querySelector('[data-form="grant"]'), 'people never loaded', { timeout: 8000 });
    const people = el.shadowRoot!.querySelector('arrivo-admin-people')!;
    const p = people.shadowRoot!;
    await waitUntil(() => p.querySelector('[data-person]'), 'no one listed', { timeout: 8000 });
    await expect(people).to.be.accessible();

    // Give the dispatcher role by email.
    const grant = p.querySelector<HTMLFormElement>('[data-form="grant"]')!;
    fill(grant, 'email', email);
    grant.querySelector<HTMLInputElement>('input[value="dispatcher"]')!.checked = true;
    grant.requestSubmit();
    await waitUntil(() => text(p.querySelector('[part="notice"]')).includes('Dispatcher'), 'role not given', { timeout: 8000 });
    expect((await staffCall(token)).status).to.equal(200);

    // Found by search, with both roles.
    fill(p, 'q', email);
    p.querySelector<HTMLFormElement>('form[role="search"]')!.requestSubmit();
    await waitUntil(() => p.querySelectorAll('[data-person]').length === 1 && text(p.querySelector('[data-person]')).includes(email), 'not found by search', { timeout: 8000 });
    const row = p.querySelector<HTMLFormElement>('[data-person] form')!;
    const roles = () => [...row.querySelectorAll<HTMLInputElement>('input[name="role"]')].filter((i) => i.checked).map((i) => i.value);
    expect(roles()).to.deep.equal(['dispatcher', 'customer']);

    // Take the dispatcher role away: said, and their session here ends.
    row.querySelector<HTMLInputElement>('input[value="dispatcher"]')!.checked = false;
    row.requestSubmit();
    await waitUntil(() => text(p.querySelector('[part="notice"]')).includes('signed out'), 'roles not saved', { timeout: 8000 });
    expect((await staffCall(token)).status).to.equal(401);
  });

  it('keeps the last administrator: an admin cannot take their own admin role away', async function () {
    this.timeout(20_000);
    await signIn(ALEX);
    const el = await open('people');
    await waitUntil(() => el.shadowRoot!.querySelector('arrivo-admin-people')?.shadowRoot?.querySelector('[data-form="grant"]'), 'people never loaded', { timeout: 8000 });
    const p = el.shadowRoot!.querySelector('arrivo-admin-people')!.shadowRoot!;
    fill(p, 'q', ALEX);
    p.querySelector<HTMLFormElement>('form[role="search"]')!.requestSubmit();
    await waitUntil(() => p.querySelectorAll('[data-person]').length === 1 && text(p.querySelector('[data-person]')).includes(ALEX), 'not found', { timeout: 8000 });
    expect(text(p.querySelector('[data-person] [part="badge"]'))).to.equal('You');
    // A tidy row: the badge beside the name (not a full-width row), the email under it, the roles
    // an inline group without the browser's border, Save beside them.
    const person = p.querySelector<HTMLFormElement>('[data-person] form')!;
    const badge = person.querySelector('[part="badge"]')!.getBoundingClientRect();
    const name = person.querySelector('strong')!.getBoundingClientRect();
    expect(badge.width).to.be.lessThan(person.getBoundingClientRect().width / 3);
    expect(badge.left).to.be.greaterThan(name.right - 1);
    expect(Math.abs(badge.top + badge.height / 2 - (name.top + name.height / 2))).to.be.lessThan(6);
    const email = [...person.querySelectorAll('.hint')].find((h) => text(h) === ALEX)!;
    expect(gapBetween(person.querySelector('strong')!, email)).to.be.within(-1, 12);
    const roles = person.querySelector('fieldset')!;
    expect(getComputedStyle(roles).borderTopWidth).to.equal('0px');
    const checks = [...roles.querySelectorAll('label')].map((l) => l.getBoundingClientRect());
    expect(new Set(checks.map((c) => Math.round(c.top))).size, 'roles on one line').to.equal(1);
    const save = person.querySelector('button[type="submit"]')!.getBoundingClientRect();
    expect(save.left).to.be.greaterThan(Math.max(...checks.map((c) => c.right)));
    // The paging is set apart from the last person.
    expect(gapBetween(p.querySelector('[data-person]:last-of-type')!, p.querySelector('ul + .actions')!)).to.be.greaterThan(12);
    const row = p.querySelector<HTMLFormElement>('[data-person] form')!;
    row.querySelector<HTMLInputElement>('input[value="admin"]')!.checked = false;
    row.requestSubmit();
    await waitUntil(() => p.querySelector('[part="error"]'), 'no refusal shown', { timeout: 8000 });
    expect(text(p.querySelector('[part="error"]'))).to.contain('at least one administrator');
    expect(el.shadowRoot!.querySelector('[data-section="people"]')).to.exist;
  });
});
