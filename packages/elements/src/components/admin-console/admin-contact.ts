import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { ArrivoElement } from '../../base/arrivo-element';
import { ArrivoEvent } from '../../events/arrivo-event';
import type { Contact } from '../../api/admin';
import * as contacts from '../../api/admin-contacts';
import { adminConsoleStyles } from './admin-console.styles';

/**
 * The contact editor closed: `detail.message` says what changed (saved, removed), or is null when
 * nothing did (Cancel). The accounts screen reloads the account's contacts when something changed.
 */
export class ArrivoContactClosedEvent extends ArrivoEvent<{ message: string | null }> {
  static readonly type = 'arrivo-contact-closed';
  constructor(detail: { message: string | null }) {
    super(ArrivoContactClosedEvent.type, detail);
  }
}

/**
 * Edit one contact of an account (name, email, phone) or remove it, after a confirmation that says
 * what removing does; the API's refusal (an email another person uses, a contact already removed)
 * is shown here. The accounts screen loads it with import() when Edit is first pressed.
 * @tag arrivo-admin-contact
 * @fires arrivo-contact-closed - Saved, removed or cancelled; `detail.message` is what changed, or null.
 */
@localized()
export class ArrivoAdminContact extends ArrivoElement {
  static override styles = adminConsoleStyles;

  /** The contact being edited. */
  @property({ attribute: false }) contact?: Contact;

  @state() private confirming = false;
  @state() private formError?: string;
  @state() private busy = false;

  private get name() {
    return `${this.contact!.firstName} ${this.contact!.lastName}`.trim();
  }

  private async run(work: () => Promise<unknown>, done: () => string) {
    this.busy = true;
    this.formError = undefined;
    try {
      await work();
      this.emit(new ArrivoContactClosedEvent({ message: done() }));
    } catch (err) {
      this.formError = this.report(err);
    } finally {
      this.busy = false;
    }
  }

  private save(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const value = (k: string) => String(data.get(k) ?? '').trim();
    const body = { firstName: value('firstName'), lastName: value('lastName'), email: value('email'), phone: value('phone') || null };
    const who = `${body.firstName} ${body.lastName}`.trim();
    void this.run(() => contacts.updateContact(this.connection, this.contact!.id, body), () => msg(str`${who} saved.`));
  }

  private async confirm(on: boolean) {
    this.confirming = on;
    this.formError = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(on ? '[data-action="confirm-remove"]' : '[data-action="remove"]')?.focus();
  }

  private removeContact() {
    const name = this.name;
    void this.run(() => contacts.removeContact(this.connection, this.contact!.id), () => msg(str`${name} removed.`));
  }

  override render() {
    const c = this.contact;
    if (!c) return nothing;
    const name = this.name;
    return html`<form part="form panel" aria-label=${msg(str`Edit ${name}`)} @submit=${this.save}>
      ${this.formError ? html`<p part="error" role="alert">${this.formError}</p>` : nothing}
      <div class="grid2">
        <label>${msg('First name')}<input name="firstName" required maxlength="100" autocomplete="off" .value=${c.firstName} /></label>
        <label>${msg('Last name')}<input name="lastName" maxlength="100" autocomplete="off" .value=${c.lastName} /></label>
        <label>${msg('Email')}<input name="email" type="email" required maxlength="254" autocomplete="off" .value=${c.email} /></label>
        <label>${msg('Phone')}<input name="phone" type="tel" maxlength="40" autocomplete="off" .value=${c.phone ?? ''} /></label>
      </div>
      ${this.confirming
        ? html`<div part="notice" role="group" aria-labelledby="remove-question">
            <p id="remove-question">${msg(str`Remove ${name}? Their visits stay on the account, links sent to them stop working, and their invitations are kept by email.`)}</p>
            <div class="actions">
              <button part="button" data-size="small" type="button" data-action="confirm-remove" ?disabled=${this.busy} @click=${this.removeContact}>${msg('Remove contact')}</button>
              <button part="button" data-variant="secondary" data-size="small" type="button" data-action="keep" @click=${() => this.confirm(false)}>${msg('Keep')}</button>
            </div>
          </div>`
        : html`<div class="actions">
            <button part="button" data-size="small" type="submit" ?disabled=${this.busy}>${msg('Save contact')}</button>
            <button part="button" data-variant="secondary" data-size="small" type="button" data-action="cancel" @click=${() => this.emit(new ArrivoContactClosedEvent({ message: null }))}>
              ${msg('Cancel')}
            </button>
            <button part="button" data-variant="secondary" data-size="small" type="button" data-action="remove" ?disabled=${this.busy} @click=${() => this.confirm(true)}>
              ${msg('Remove contact')}
            </button>
          </div>`}
    </form>`;
  }
}

ArrivoAdminContact.define('arrivo-admin-contact');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-admin-contact': ArrivoAdminContact;
  }
  interface HTMLElementEventMap {
    'arrivo-contact-closed': ArrivoContactClosedEvent;
  }
}
