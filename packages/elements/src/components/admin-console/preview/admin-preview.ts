import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { localized, msg } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import { NOTHING } from '../../../base/data';
import * as admin from '../../../api/admin';
import { publicBusiness } from '../../../api/public';
import { adminConsoleStyles } from '../admin-console.styles';

/**
 * "See what the customer sees": pick an account and the real booking form shows as its customer
 * would see it (service types, products, intake questions, free times), without booking.
 * @tag arrivo-admin-preview
 */
@localized()
export class ArrivoAdminPreview extends ArrivoElement {
  static override styles = adminConsoleStyles;

  @state() private q = '';
  @state() private searched?: string;
  @state() private account?: admin.Account;

  private readonly found = this.data(([q], signal) => (q === undefined ? Promise.resolve(NOTHING) : admin.searchAccounts(this.connection, { q, limit: 10 }, signal)), {
    args: () => [this.searched] as const,
    onError: (err) => this.report(err),
  });

  /** The business's time zone: the customer's page shows its times there, whatever this browser's zone. */
  private readonly zone = this.data((_, signal) => publicBusiness(this.connection, signal).then((b) => b.timeZone), { onError: (err) => this.report(err) });

  /** A new form for each account: nothing the person chose for one carries over to the next. */
  protected override updated(changed: PropertyValues) {
    const host = this.renderRoot.querySelector('[data-form]');
    if (!host || !this.zone.value || host.firstElementChild) return;
    const form = document.createElement('arrivo-booking-preview');
    Object.assign(form, { api: this.api, business: this.business, theme: this.theme, locale: this.locale, accountId: this.account!.id, timeZone: this.zone.value });
    host.replaceChildren(form);
  }

  override render() {
    const page = this.found.value;
    return html`<h2>${msg('Preview: what the customer sees')}</h2>
      <p>${msg('Choose an account to see the booking form as its customers see it. Nothing is booked from here.')}</p>
      <form role="search" aria-label=${msg('Find the account')} @submit=${(e: SubmitEvent) => (e.preventDefault(), (this.searched = this.q.trim()))}>
        <label>${msg('Account')}
          <input name="accountQuery" type="search" .value=${this.q} @input=${(e: InputEvent) => (this.q = (e.target as HTMLInputElement).value)} />
        </label>
        <button part="button" data-variant="secondary" type="submit">${msg('Search')}</button>
      </form>
      ${this.found.error
        ? this.renderLoadError(this.found.error, () => this.found.reload())
        : page && !page.items.length
          ? html`<p part="notice" role="status">${msg('No account found.')}</p>`
          : page
            ? html`<ul class="plain" aria-label=${msg('Accounts found')}>
                ${page.items.map(
                  (a) => html`<li>
                    <button part="button" data-variant=${a.id === this.account?.id ? nothing : 'secondary'} data-size="small" type="button" data-account=${a.id}
                      aria-pressed=${a.id === this.account?.id ? 'true' : 'false'} @click=${() => (this.account = a)}>${a.name}</button>
                    ${a.city}
                  </li>`,
                )}
              </ul>`
            : nothing}
      ${this.account
        ? html`<section part="panel" aria-label=${msg('Booking form preview')}>
            <h3>${this.account.name}</h3>
            ${keyed(this.account.id, html`<div data-form></div>`)}
          </section>`
        : nothing}`;
  }
}
