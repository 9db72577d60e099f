import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { ArrivoElement } from '../../base/arrivo-element';
import { addressInputs } from './address-fields';
import { NOTHING } from '../../base/data';
import * as admin from '../../api/admin';
import { currentLocale } from '../../localization';
import { adminConsoleStyles } from './admin-console.styles';
import type { ArrivoContactClosedEvent } from './admin-contact';
import { loadMaps } from './load-maps';

const PAGE = 20;
type Kind = 'accounts' | 'contacts';

/** The form's text fields as an account body: empty optional ones are null, coordinates numbers. */
function accountBody(form: HTMLFormElement): admin.AccountInput {
  const data = new FormData(form);
  const value = (k: string) => String(data.get(k) ?? '').trim();
  return {
    name: value('name'),
    active: data.get('active') === 'on',
    addressLine1: value('addressLine1'),
    addressLine2: value('addressLine2') || null,
    city: value('city'),
    region: value('region') || null,
    postalCode: value('postalCode') || null,
    country: value('country').toUpperCase() || 'US',
    lat: Number(value('lat')),
    lon: Number(value('lon')),
  };
}

export function invitationLabel(status: admin.Contact['invitation']): string {
  return { none: msg('Not invited'), pending: msg('Sent'), redeemed: msg('Redeemed'), expired: msg('Expired'), revoked: msg('Revoked') }[status];
}

/**
 * Accounts and contacts of the admin console: search (a page at a time), create and edit an
 * account, add contacts (saying whether they were invited automatically, and why not), edit or
 * remove them (`<arrivo-admin-contact>`, its own chunk), Create Invitation and the invitation
 * history; the account's functional locations and assets below (`<arrivo-admin-places>`, its own chunk).
 * @tag arrivo-admin-accounts
 */
@localized()
export class ArrivoAdminAccounts extends ArrivoElement {
  static override styles = adminConsoleStyles;

  @state() private kind: Kind = 'accounts';
  @state() private q = '';
  @state() private offset = 0;
  /** The account open on the right; 'new' for the new-account form. */
  @state() private selected?: string;
  @state() private history?: string;
  /** The contact whose editor is open (`<arrivo-admin-contact>`, its own chunk). */
  @state() private editing?: string;
  @state() private notice?: string;
  @state() private formError?: string;
  @state() private busy = false;

  private readonly results = this.data<{ items: (admin.Account | admin.ContactFound)[]; nextOffset: number | null }, readonly [Kind, string, number]>(
    ([kind, q, offset], signal) =>
      kind === 'accounts' ? admin.searchAccounts(this.connection, { q: q || undefined, offset, limit: PAGE }, signal) : admin.searchContacts(this.connection, { q: q || undefined, offset, limit: PAGE }, signal),
    { args: () => [this.kind, this.q, this.offset] as const, onError: (err) => this.report(err) },
  );

  private readonly account = this.data(
    ([id], signal) => (id && id !== 'new' ? Promise.all([admin.account(this.connection, id, signal), admin.contacts(this.connection, id, signal)]) : Promise.resolve(NOTHING)),
    { args: () => [this.selected] as const, onError: (err) => this.report(err) },
  );

  private readonly invitations = this.data(([id], signal) => (id ? admin.invitations(this.connection, id, signal) : Promise.resolve(NOTHING)), {
    args: () => [this.history] as const,
    onError: (err) => this.report(err),
  });

  private search(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.q = String(data.get('q') ?? '').trim();
    this.kind = data.get('kind') === 'contacts' ? 'contacts' : 'accounts';
    this.offset = 0;
  }

  private open(id: string) {
    this.selected = id;
    this.history = this.editing = undefined;
    this.notice = this.formError = undefined;
  }

  private async run<T>(work: () => Promise<T>, done: (result: T) => string | void): Promise<void> {
    this.busy = true;
    this.formError = this.notice = undefined;
    try {
      const result = await work();
      this.notice = done(result) || undefined;
    } catch (err) {
      this.formError = this.report(err);
    } finally {
      this.busy = false;
    }
  }

  private saveAccount(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const body = accountBody(form);
    if (this.selected === 'new') {
      void this.run(() => admin.createAccount(this.connection, body), (created) => {
        this.selected = created.id;
        void this.results.reload();
        return msg(str`Account ${created.name} created.`);
      });
    } else {
      void this.run(() => admin.updateAccount(this.connection, this.selected!, body), () => {
        void this.account.reload();
        void this.results.reload();
        return msg('Account saved.');
      });
    }
  }

  private addContact(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const value = (k: string) => String(data.get(k) ?? '').trim();
    void this.run(
      () => admin.createContact(this.connection, this.selected!, { firstName: value('firstName'), lastName: value('lastName'), email: value('email'), phone: value('phone') || null }),
      (r) => {
        form.reset();
        void this.account.reload();
        const name = `${r.contact.firstName} ${r.contact.lastName}`.trim();
        if (r.invitation || !r.notInvited) return msg(str`${name} added and invited by email.`);
        const why = { auto_invite_off: msg('automatic invitations are off'), account_inactive: msg('the account is inactive'), invited_before: msg('this email was invited before') };
        return msg(str`${name} added, not invited: ${why[r.notInvited]}.`);
      },
    );
  }

  private invite(contact: admin.Contact) {
    void this.run(() => admin.createInvitation(this.connection, contact.id), () => {
      void this.account.reload();
      if (this.history === contact.id) void this.invitations.reload();
      return msg(str`Invitation sent to ${contact.email}.`);
    });
  }

  private revoke(invitation: admin.Invitation) {
    void this.run(() => admin.revokeInvitation(this.connection, invitation.id), () => {
      void this.invitations.reload();
      void this.account.reload();
      return msg(str`The invitation to ${invitation.email} was revoked; its code no longer works.`);
    });
  }

  private edit(contactId: string) {
    this.editing = contactId;
    void import('./admin-contact').catch((err: unknown) => (this.formError = this.report(err)));
  }

  private async closeEditor(e: ArrivoContactClosedEvent) {
    const id = this.editing;
    this.editing = this.formError = undefined;
    this.notice = e.detail.message ?? undefined;
    if (e.detail.message) await this.account.reload();
    await this.updateComplete;
    // Back where the person was: the contact's Edit button, or the list when it was removed.
    (this.renderRoot.querySelector<HTMLElement>(`[data-contact="${id}"] [data-action="edit"]`) ?? this.renderRoot.querySelector<HTMLElement>('#contacts-title'))?.focus();
  }

  override render() {
    return html`
      <div class="toolbar"><h2>${msg('Accounts and contacts')}</h2>
        <button part="button" type="button" data-action="new-account" @click=${() => this.open('new')}>${msg('New account')}</button>
      </div>
      <div class="split">
        <section aria-labelledby="results-title">
          <h3 id="results-title" class="visually-hidden">${msg('Search')}</h3>
          <form part="form" role="search" @submit=${this.search}>
            <div class="grid2">
              <label>${msg('Search')}<input type="search" name="q" maxlength="100" .value=${this.q} /></label>
              <label>${msg('In')}
                <select name="kind">
                  <option value="accounts" ?selected=${this.kind === 'accounts'}>${msg('Accounts')}</option>
                  <option value="contacts" ?selected=${this.kind === 'contacts'}>${msg('Contacts')}</option>
                </select>
              </label>
            </div>
            <div class="actions"><button part="button" data-variant="secondary" type="submit">${msg('Search')}</button></div>
          </form>
          ${this.renderResults()}
        </section>
        <section class="stack" aria-label=${msg('Account')}>${this.renderSelected()}</section>
      </div>
    `;
  }

  private renderResults() {
    if (this.results.error) return this.renderLoadError(this.results.error, () => this.results.reload());
    const page = this.results.value;
    if (!page) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span></span><span></span></div>`;
    if (!page.items.length) return html`<p part="notice">${msg('Nothing found.')}</p>`;
    const rows =
      this.kind === 'accounts'
        ? (page.items as admin.Account[]).map(
            (a) => html`<tr>
              <td><button class="link" type="button" data-account=${a.id} @click=${() => this.open(a.id)}>${a.name}</button></td>
              <td>${a.city}</td>
              <td><span part="badge">${a.active ? msg('Active') : msg('Inactive')}</span></td>
            </tr>`,
          )
        : (page.items as admin.ContactFound[]).map(
            (c) => html`<tr>
              <td>${c.firstName} ${c.lastName}<br /><span class="hint">${c.email}</span></td>
              <td><button class="link" type="button" data-account=${c.accountId} @click=${() => this.open(c.accountId)}>${c.accountName}</button></td>
              <td><span part="badge">${invitationLabel(c.invitation)}</span></td>
            </tr>`,
          );
    return html`<table>
        <thead>
          <tr>
            ${this.kind === 'accounts'
              ? html`<th scope="col">${msg('Account')}</th><th scope="col">${msg('City')}</th><th scope="col">${msg('State')}</th>`
              : html`<th scope="col">${msg('Contact')}</th><th scope="col">${msg('Account')}</th><th scope="col">${msg('Invitation')}</th>`}
          </tr>
        </thead>
        <tbody>${rows}</tbody>
      </table>
      <div class="actions">
        <button part="button" data-variant="secondary" data-size="small" type="button" ?disabled=${this.offset === 0} @click=${() => (this.offset = Math.max(0, this.offset - PAGE))}>${msg('Previous page')}</button>
        <button part="button" data-variant="secondary" data-size="small" type="button" ?disabled=${page.nextOffset === null} @click=${() => (this.offset = page.nextOffset ?? this.offset)}>${msg('Next page')}</button>
      </div>`;
  }

  private renderSelected() {
    if (!this.selected) return html`<p part="notice">${msg('Choose an account, or create one.')}</p>`;
    const messages = html`${this.formError ? html`<p part="error" role="alert">${this.formError}</p>` : nothing}${this.notice ? html`<p part="notice" role="status">${this.notice}</p>` : nothing}`;
    if (this.selected === 'new') return html`${messages}${this.renderAccountForm()}`;
    if (this.account.error) return this.renderLoadError(this.account.error, () => this.account.reload());
    const loaded = this.account.value;
    if (!loaded) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span class="tall"></span></div>`;
    const [account, contacts] = loaded;
    // Its functional locations and assets come in their own chunk, fetched the first time.
    void import('./admin-places').catch((err: unknown) => this.report(err));
    return html`${messages}${this.renderAccountForm(account)}${this.renderContacts(account, contacts)}
      <arrivo-admin-places api=${this.api} business=${this.business} locale=${this.locale || nothing} theme=${this.theme} account-id=${account.id}></arrivo-admin-places>`;
  }

  private renderAccountForm(a?: admin.Account) {
    return html`<form part="form panel" aria-labelledby="account-title" @submit=${this.saveAccount}>
      <h3 id="account-title">${a ? a.name : msg('New account')}</h3>
      <label>${msg('Name')}<input name="name" required maxlength="200" autocomplete="organization" .value=${a?.name ?? ''} /></label>
      <label class="check"><input type="checkbox" name="active" .checked=${a?.active ?? true} />${msg('Active (its contacts may be invited and book)')}</label>
      <div class="grid2">
        ${addressInputs(a)}
      </div>
      <p class="hint">${msg('Coordinates decide which technicians can reach the account; type them, or click the place under Pick on map.')}</p>
      <details @toggle=${loadMaps}><summary>${msg('Pick on map')}</summary><arrivo-admin-map-pick fill-form></arrivo-admin-map-pick></details>
      <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${a ? msg('Save account') : msg('Create account')}</button></div>
    </form>`;
  }

  private renderContacts(account: admin.Account, contacts: admin.Contact[]) {
    return html`<section part="panel" aria-labelledby="contacts-title">
      <h3 id="contacts-title" tabindex="-1">${msg(str`Contacts of ${account.name}`)}</h3>
      ${contacts.length
        ? html`<ul class="plain">
            ${contacts.map((c) => this.renderContact(c, account))}
          </ul>`
        : html`<p>${msg('No contacts yet.')}</p>`}
      <form part="form" aria-labelledby="add-contact-title" @submit=${this.addContact}>
        <h3 id="add-contact-title">${msg('Add contact')}</h3>
        <div class="grid2">
          <label>${msg('First name')}<input name="firstName" required maxlength="100" autocomplete="off" /></label>
          <label>${msg('Last name')}<input name="lastName" maxlength="100" autocomplete="off" /></label>
          <label>${msg('Email')}<input name="email" type="email" required maxlength="254" autocomplete="off" /></label>
          <label>${msg('Phone')}<input name="phone" type="tel" maxlength="40" autocomplete="off" /></label>
        </div>
        <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Add contact')}</button></div>
      </form>
    </section>`;
  }

  private renderContact(c: admin.Contact, account: admin.Account) {
    const name = `${c.firstName} ${c.lastName}`.trim();
    const showing = this.history === c.id;
    return html`<li data-contact=${c.id}>
      <strong>${name}</strong> ${[c.email, c.phone].filter(Boolean).map((t) => `· ${t}`).join(' ')}
      <br />${msg('Invitation')}: <span part="badge" data-invitation=${c.invitation}>${invitationLabel(c.invitation)}</span>
      ${c.portalUser ? ` · ${msg('Has a portal account')}` : nothing}
      <div class="actions">
        ${account.active && !c.portalUser
          ? html`<button part="button" data-size="small" type="button" data-action="invite" ?disabled=${this.busy} @click=${() => this.invite(c)}>
              ${c.invitation === 'none' ? msg('Create invitation') : msg('Resend invitation')}<span class="visually-hidden"> ${msg(str`to ${name}`)}</span>
            </button>`
          : nothing}
        <button part="button" data-variant="secondary" data-size="small" type="button" data-action="history" aria-expanded=${showing ? 'true' : 'false'}
          @click=${() => (this.history = showing ? undefined : c.id)}>${msg('Invitation history')}<span class="visually-hidden"> ${msg(str`of ${name}`)}</span></button>
        <button part="button" data-variant="secondary" data-size="small" type="button" data-action="edit" aria-expanded=${this.editing === c.id ? 'true' : 'false'}
          @click=${() => (this.editing === c.id ? (this.editing = undefined) : this.edit(c.id))}>${msg('Edit')}<span class="visually-hidden"> ${name}</span></button>
      </div>
      ${this.editing === c.id
        ? html`<arrivo-admin-contact api=${this.api} business=${this.business} locale=${this.locale || nothing} theme=${this.theme} .contact=${c}
            @arrivo-contact-closed=${this.closeEditor}></arrivo-admin-contact>`
        : nothing}
      ${showing ? this.renderHistory() : nothing}
    </li>`;
  }

  private renderHistory() {
    if (this.invitations.error) return this.renderLoadError(this.invitations.error, () => this.invitations.reload());
    const list = this.invitations.value;
    if (!list) return html`<p role="status">${msg('Loading')}</p>`;
    if (!list.length) return html`<p>${msg('No invitations yet.')}</p>`;
    const when = (iso: string) => new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
    return html`<table data-history>
      <thead>
        <tr><th scope="col">${msg('Sent')}</th><th scope="col">${msg('State')}</th><th scope="col">${msg('Expires')}</th><th scope="col"><span class="visually-hidden">${msg('Actions')}</span></th></tr>
      </thead>
      <tbody>
        ${list.map(
          (i) => html`<tr data-invitation=${i.id}>
            <td>${when(i.createdAt)}</td>
            <td>${invitationLabel(i.status)}${i.redeemedAt ? ` · ${when(i.redeemedAt)}` : nothing}</td>
            <td>${when(i.expiresAt)}</td>
            <td>
              ${i.status === 'pending'
                ? html`<button class="link" type="button" data-action="revoke" ?disabled=${this.busy} @click=${() => this.revoke(i)}>
                    ${msg('Revoke')}<span class="visually-hidden"> ${msg(str`the invitation sent ${when(i.createdAt)}`)}</span>
                  </button>`
                : nothing}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}
