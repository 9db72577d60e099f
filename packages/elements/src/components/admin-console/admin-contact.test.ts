// The console's contact editor (its own lazy chunk) in Chromium against the real API (the demo
// business): a contact's name, email and phone changed; the API's refusal shown; removal only
// after a confirmation, and a refused removal said.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../arrivo-admin-console';
import type { ArrivoAdminConsole } from './admin-console';
import { API, BUSINESS, apiSignIn, forgetSessions, signIn } from '../../test-support';

const DANA = 'dana@rosecity.example'; // dispatcher

const $ = <T extends Element = HTMLElement>(root: Element | ShadowRoot, s: string) => ('shadowRoot' in root && root.shadowRoot ? root.shadowRoot : root).querySelector<T>(s);
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function fill(root: ParentNode, name: string, value: string) {
  const input = root.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** An account with two contacts, made through the staff API (no invitations: they are not what is tested). */
async function accountWithContacts(token: string) {
  const call = async (path: string, body: object) => {
    const res = await fetch(`${API}/businesses/${BUSINESS}/admin/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, path).to.equal(201);
    return res.json();
  };
  const tag = crypto.randomUUID().slice(0, 8);
  const account = await call('accounts', { name: `Contact Test ${tag}`, addressLine1: '1 SE Main St', city: 'Portland', country: 'US', lat: 45.51, lon: -122.66, active: false });
  const first = await call(`accounts/${account.id}/contacts`, { firstName: 'Ines', lastName: 'Edit', email: `ines.${tag}@example.com` });
  const second = await call(`accounts/${account.id}/contacts`, { firstName: 'Omar', lastName: 'Other', email: `omar.${tag}@example.com` });
  return { account: account as { id: string; name: string }, first: first.contact as { id: string; email: string }, second: second.contact as { id: string; email: string } };
}

async function openAccount(name: string) {
  const el = await fixture<ArrivoAdminConsole>(html`<arrivo-admin-console api=${API} business=${BUSINESS}></arrivo-admin-console>`);
  await el.updateComplete;
  $<HTMLButtonElement>(el, '[data-section="accounts"]')!.click();
  await el.updateComplete;
  const accounts = el.shadowRoot!.querySelector('arrivo-admin-accounts')!;
  await waitUntil(() => $(accounts, 'form[role="search"]'), 'accounts never loaded', { timeout: 8000 });
  const root = accounts.shadowRoot!;
  fill(root, 'q', name);
  root.querySelector<HTMLFormElement>('form[role="search"]')!.requestSubmit();
  await waitUntil(() => root.querySelectorAll('tbody [data-account]').length === 1 && text(root.querySelector('tbody')).includes(name), 'account not found', { timeout: 8000 });
  root.querySelector<HTMLButtonElement>('tbody [data-account]')!.click();
  await waitUntil(() => root.querySelectorAll('[data-contact]').length === 2, 'contacts never loaded', { timeout: 8000 });
  return accounts;
}

/** Opens a contact's editor (its chunk loads on the first Edit) and returns the editor's shadow root. */
async function edit(accounts: HTMLElement, contactId: string) {
  const root = accounts.shadowRoot!;
  root.querySelector<HTMLButtonElement>(`[data-contact="${contactId}"] [data-action="edit"]`)!.click();
  await waitUntil(() => root.querySelector(`[data-contact="${contactId}"] arrivo-admin-contact`)?.shadowRoot?.querySelector('form'), 'editor never loaded', { timeout: 8000 });
  return root.querySelector(`[data-contact="${contactId}"] arrivo-admin-contact`)!.shadowRoot!;
}

describe('<arrivo-admin-console> contact editor', () => {
  afterEach(() => forgetSessions());

  it('changes a contact’s name, email and phone, and shows the API’s refusal of an email in use', async function () {
    this.timeout(40_000);
    const { token } = await apiSignIn(DANA);
    const { account, first, second } = await accountWithContacts(token);
    await signIn(DANA);
    const accounts = await openAccount(account.name);
    const root = accounts.shadowRoot!;

    let editor = await edit(accounts, first.id);
    expect(root.querySelector(`[data-contact="${first.id}"] [data-action="edit"]`)!.getAttribute('aria-expanded')).to.equal('true');
    expect(editor.querySelector<HTMLInputElement>('[name="email"]')!.value).to.equal(first.email);
    await expect(editor.host).to.be.accessible();

    // Another person's email: the API refuses, the editor says so and stays open.
    fill(editor, 'email', second.email);
    editor.querySelector('form')!.requestSubmit();
    await waitUntil(() => text(editor.querySelector('[role="alert"]')).includes('already uses this email'), 'refusal not shown', { timeout: 8000 });
    expect(root.querySelector(`[data-contact="${first.id}"] arrivo-admin-contact`)).to.exist;

    const email = `ines.changed.${crypto.randomUUID().slice(0, 6)}@example.com`;
    fill(editor, 'lastName', 'Edited');
    fill(editor, 'email', email);
    fill(editor, 'phone', '+1 503 555 0142');
    editor.querySelector('form')!.requestSubmit();
    await waitUntil(() => text(root.querySelector(`[data-contact="${first.id}"]`)).includes(email), 'contact not saved', { timeout: 8000 });
    const row = text(root.querySelector(`[data-contact="${first.id}"]`));
    expect(row).to.contain('Ines Edited').and.contain('+1 503 555 0142');
    expect(text(root.querySelector('[part~="notice"]'))).to.contain('Ines Edited saved.');
    expect(root.querySelector('arrivo-admin-contact')).to.equal(null);

    // The API agrees.
    const res = await fetch(`${API}/businesses/${BUSINESS}/admin/contacts/${first.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await res.json()).to.include({ lastName: 'Edited', email, phone: '+1 503 555 0142' });

    // Cancel closes without a change.
    editor = await edit(accounts, first.id);
    editor.querySelector<HTMLButtonElement>('[data-action="cancel"]')!.click();
    await waitUntil(() => !root.querySelector('arrivo-admin-contact'), 'editor not closed');
    // The focus goes back to the contact's Edit button.
    await waitUntil(() => root.activeElement === root.querySelector(`[data-contact="${first.id}"] [data-action="edit"]`), 'focus not back on Edit');
  });

  it('removes a contact only after a confirmation, and says why when the API refuses', async function () {
    this.timeout(40_000);
    const { token } = await apiSignIn(DANA);
    const { account, first, second } = await accountWithContacts(token);
    await signIn(DANA);
    const accounts = await openAccount(account.name);
    const root = accounts.shadowRoot!;

    const editor = await edit(accounts, first.id);
    editor.querySelector<HTMLButtonElement>('[data-action="remove"]')!.click();
    await waitUntil(() => editor.querySelector('[data-action="confirm-remove"]'), 'no confirmation asked');
    expect(text(editor.querySelector('#remove-question'))).to.contain('Remove Ines Edit?');
    expect(editor.activeElement).to.equal(editor.querySelector('[data-action="confirm-remove"]'));
    await expect(editor.host).to.be.accessible();
    // Keep: nothing removed, back to the form.
    editor.querySelector<HTMLButtonElement>('[data-action="keep"]')!.click();
    await waitUntil(() => editor.querySelector('[data-action="remove"]'), 'not back to the form');
    expect(editor.activeElement).to.equal(editor.querySelector('[data-action="remove"]'));
    expect(root.querySelectorAll('[data-contact]')).to.have.length(2);

    editor.querySelector<HTMLButtonElement>('[data-action="remove"]')!.click();
    await waitUntil(() => editor.querySelector('[data-action="confirm-remove"]'), 'no confirmation asked');
    editor.querySelector<HTMLButtonElement>('[data-action="confirm-remove"]')!.click();
    await waitUntil(() => root.querySelectorAll('[data-contact]').length === 1, 'contact not removed', { timeout: 8000 });
    expect(root.querySelector(`[data-contact="${first.id}"]`)).to.equal(null);
    expect(text(root.querySelector('[part~="notice"]'))).to.contain('Ines Edit removed.');
    // The focus is not lost with the removed contact: it goes to the list of contacts.
    await waitUntil(() => root.activeElement === root.querySelector('#contacts-title'), 'focus lost with the removed contact');
    const gone = await fetch(`${API}/businesses/${BUSINESS}/admin/contacts/${first.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(gone.status).to.equal(404);

    // Removed elsewhere meanwhile: the API refuses, and the editor says so instead of pretending.
    const other = await edit(accounts, second.id);
    const removed = await fetch(`${API}/businesses/${BUSINESS}/admin/contacts/${second.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(removed.status).to.equal(204);
    other.querySelector<HTMLButtonElement>('[data-action="remove"]')!.click();
    await waitUntil(() => other.querySelector('[data-action="confirm-remove"]'), 'no confirmation asked');
    other.querySelector<HTMLButtonElement>('[data-action="confirm-remove"]')!.click();
    await waitUntil(() => text(other.querySelector('[role="alert"]')).includes('could not be found'), 'refusal not shown', { timeout: 8000 });
    expect(root.querySelector(`[data-contact="${second.id}"] arrivo-admin-contact`)).to.exist;
  });
});
