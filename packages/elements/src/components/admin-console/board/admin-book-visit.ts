import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { addDays } from '@arrivo/core';
import { ArrivoElement } from '../../../base/arrivo-element';
import { NOTHING } from '../../../base/data';
import * as admin from '../../../api/admin';
import * as staff from '../../../api/admin-booking';
import { browserTimeZone, todayIn } from '../../../format';
import { renderIntake } from '../../booking-form/booking-intake';
import { boardToolStyles } from './board-tools.styles';
import { clock } from './admin-visit-more';
import { ArrivoVisitChangedEvent } from './events';

type Answer = string | number | boolean;
const blank = (v: Answer | undefined) => v === undefined || v === '' || v === false;

/**
 * Book on a customer's behalf (the board's "Book a visit"): find the account, choose its contact,
 * product and service type, answer the service type's questions, pick a day and one of the free
 * times the customer would be offered, add comments. The visit is `source: staff`: the customer
 * is sent no messages. A chunk of its own, loaded when first opened.
 * @tag arrivo-admin-book-visit
 */
@localized()
export class ArrivoAdminBookVisit extends ArrivoElement {
  static override styles = boardToolStyles;

  @state() private q = '';
  @state() private searched?: string;
  @state() private account?: admin.Account;
  @state() private contactId = '';
  @state() private assetId = '';
  @state() private serviceTypeId = '';
  @state() private answers: Record<string, Answer> = {};
  @state() private date = '';
  @state() private arrivalAt = '';
  @state() private comments = '';
  @state() private error?: string;
  @state() private busy = false;
  private attemptKey?: string;

  private readonly found = this.data(([q], signal) => (q === undefined ? Promise.resolve(NOTHING) : admin.searchAccounts(this.connection, { q, limit: 10 }, signal)), {
    args: () => [this.searched] as const,
    onError: (err) => this.report(err),
  });

  /** The chosen account's contacts, products and what its customer can book. */
  private readonly options = this.data(
    async ([accountId], signal) => {
      if (!accountId) return NOTHING;
      const [contacts, assets, types] = await Promise.all([
        staff.contacts(this.connection, accountId, signal),
        staff.assets(this.connection, accountId, signal),
        staff.serviceTypes(this.connection, accountId, signal),
      ]);
      if (signal.aborted) return NOTHING;
      this.contactId = contacts[0]?.id ?? '';
      if (types.length === 1) this.serviceTypeId = types[0]!.id;
      return { contacts, assets, types };
    },
    { args: () => [this.account?.id] as const, onError: (err) => this.report(err) },
  );

  /** The first day with free times in the next weeks, picked when the service type or product changes. */
  private readonly days = this.data(
    async ([accountId, serviceTypeId, assetId, intake], signal) => {
      if (!accountId || !serviceTypeId || intake === null) return NOTHING;
      // From yesterday as the browser sees it: the server starts at today in the business's zone.
      const from = addDays(todayIn(browserTimeZone()), -1);
      const days = await staff.slotDays(this.connection, accountId, { serviceTypeId, assetId: assetId || undefined, from, to: addDays(from, 27), intake }, signal);
      if (signal.aborted) return NOTHING;
      if (!days.days.some((d) => d.date === this.date)) this.date = days.days[0]?.date ?? addDays(from, 1);
      return days;
    },
    { args: () => [this.account?.id, this.serviceTypeId, this.assetId, this.intakeQuery] as const, onError: (err) => this.report(err) },
  );

  private readonly times = this.data(
    ([accountId, serviceTypeId, assetId, date, intake, days], signal) =>
      accountId && serviceTypeId && date && days && intake !== null
        ? staff.slots(this.connection, accountId, { serviceTypeId, assetId: assetId || undefined, date, intake }, signal)
        : Promise.resolve(NOTHING),
    { args: () => [this.account?.id, this.serviceTypeId, this.assetId, this.date, this.intakeQuery, this.days.value] as const, onError: (err) => this.report(err) },
  );

  private get timeZone() {
    return this.days.value?.timeZone ?? 'UTC';
  }

  private get type() {
    return this.options.value?.types.find((t) => t.id === this.serviceTypeId);
  }

  /** As the booking form sends them: only when the length depends on them; null while a required one is missing. */
  private get intakeQuery(): string | undefined | null {
    const type = this.type;
    if (!type?.durationFromAnswers) return undefined;
    return type.intakeFields.some((f) => f.required && blank(this.answers[f.key])) ? null : JSON.stringify(this.answers);
  }

  private choose(next: { serviceTypeId?: string; assetId?: string; date?: string; contactId?: string }) {
    if (next.serviceTypeId !== undefined && next.serviceTypeId !== this.serviceTypeId) this.answers = {};
    Object.assign(this, next);
    this.arrivalAt = '';
    this.error = this.attemptKey = undefined;
  }

  private pick(account: admin.Account) {
    this.account = account;
    this.contactId = this.assetId = this.serviceTypeId = this.date = this.arrivalAt = this.comments = '';
    this.answers = {};
    this.error = this.attemptKey = undefined;
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.contactId || !this.arrivalAt) {
      this.error = msg('Choose a contact and a free time first.');
      return;
    }
    this.busy = true;
    this.error = undefined;
    this.attemptKey ??= crypto.randomUUID();
    try {
      const booking = await staff.book(
        this.connection,
        this.account!.id,
        {
          contactId: this.contactId,
          serviceTypeId: this.serviceTypeId,
          arrivalAt: this.arrivalAt,
          ...(this.assetId ? { assetId: this.assetId } : {}),
          ...(this.comments.trim() ? { comments: this.comments.trim() } : {}),
          ...(this.type?.intakeFields.length ? { intake: this.answers } : {}),
        },
        this.attemptKey,
      );
      this.attemptKey = undefined;
      this.emit(new ArrivoVisitChangedEvent({ booking }));
      this.pick(this.account!);
    } catch (err) {
      this.error = this.report(err);
      this.attemptKey = undefined;
      void this.times.reload();
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<form role="search" aria-label=${msg('Find the account')} @submit=${(e: SubmitEvent) => (e.preventDefault(), (this.searched = this.q.trim()))}>
        <label>${msg('Account')}
          <input name="accountQuery" type="search" .value=${this.q} @input=${(e: InputEvent) => (this.q = (e.target as HTMLInputElement).value)} />
        </label>
        <button part="button" data-variant="secondary" type="submit">${msg('Search')}</button>
      </form>
      ${this.renderFound()} ${this.account ? this.renderBooking(this.account) : nothing}`;
  }

  private renderFound() {
    if (this.found.error) return this.renderLoadError(this.found.error, () => this.found.reload());
    const page = this.found.value;
    if (!page || this.account) return nothing;
    if (!page.items.length) return html`<p part="notice" role="status">${msg('No account found.')}</p>`;
    return html`<ul class="plain" aria-label=${msg('Accounts found')}>
      ${page.items.map(
        (a) => html`<li>
          <button part="button" data-variant="secondary" data-size="small" type="button" data-account=${a.id} ?disabled=${!a.active} @click=${() => this.pick(a)}>${a.name}</button>
          ${a.city}${a.active ? nothing : html` · ${msg('Inactive')}`}
        </li>`,
      )}
    </ul>`;
  }

  private renderBooking(account: admin.Account) {
    const options = this.options.value;
    if (this.options.error) return this.renderLoadError(this.options.error, () => this.options.reload());
    if (!options) return html`<p role="status">${msg('Loading…')}</p>`;
    const days = this.days.value;
    const times = this.times.value;
    const zone = this.timeZone;
    return html`<form data-book-form aria-labelledby="book-account" @submit=${this.submit} novalidate>
      <p id="book-account"><strong>${account.name}</strong> · ${account.addressLine1}, ${account.city}
        <button class="link" type="button" @click=${() => ((this.account = undefined), (this.searched = this.q.trim()))}>${msg('Another account')}</button></p>
      <div class="grid2">
        <label>${msg('Contact (Reported By)')}
          <select name="contact" required @change=${(e: Event) => this.choose({ contactId: (e.target as HTMLSelectElement).value })}>
            ${options.contacts.map((c) => html`<option value=${c.id} ?selected=${c.id === this.contactId}>${c.firstName} ${c.lastName} · ${c.email}</option>`)}
          </select>
        </label>
        ${options.assets.length
          ? html`<label>${msg('Product')}
              <select name="asset" @change=${(e: Event) => this.choose({ assetId: (e.target as HTMLSelectElement).value })}>
                <option value="" ?selected=${!this.assetId}>${msg('No specific product')}</option>
                ${options.assets.map((a) => html`<option value=${a.id} ?selected=${a.id === this.assetId}>${a.name}</option>`)}
              </select>
            </label>`
          : nothing}
        <label>${msg('Service type')}
          <select name="serviceType" required @change=${(e: Event) => this.choose({ serviceTypeId: (e.target as HTMLSelectElement).value })}>
            <option value="" ?selected=${!this.serviceTypeId} disabled>${msg('Choose a service')}</option>
            ${options.types.map((t) => html`<option value=${t.id} ?selected=${t.id === this.serviceTypeId}>${t.name}</option>`)}
          </select>
        </label>
        ${days ? html`<label>${msg('Day')}<input type="date" name="bookDate" .value=${this.date} @change=${(e: Event) => this.choose({ date: (e.target as HTMLInputElement).value })} /></label>` : nothing}
      </div>
      ${this.type?.intakeFields.length
        ? renderIntake(this, this.type, this.answers, (key, answer) => {
            const { [key]: _, ...rest } = this.answers;
            this.answers = answer === undefined ? rest : { ...rest, [key]: answer };
            this.arrivalAt = '';
          })
        : nothing}
      ${this.intakeQuery === null ? html`<p part="notice">${msg('Answer the questions to see free times.')}</p>` : nothing}
      ${this.days.error ? this.renderLoadError(this.days.error, () => this.days.reload()) : nothing}
      ${this.serviceTypeId && days
        ? html`<fieldset class="plain">
            <legend>${msg('Free times')}</legend>
            ${this.times.error
              ? this.renderLoadError(this.times.error, () => this.times.reload())
              : !times
                ? html`<p role="status">${msg('Loading times…')}</p>`
                : !times.slots.length
                  ? html`<p part="notice">${msg('No free times on this day.')}</p>`
                  : html`<div class="times" role="group" aria-label=${msg('Free times')}>
                      ${times.slots.map(
                        (s) => html`<button part="button" data-size="small" data-variant=${s.arrivalAt === this.arrivalAt ? nothing : 'secondary'} type="button" data-slot=${s.arrivalAt}
                          aria-pressed=${s.arrivalAt === this.arrivalAt ? 'true' : 'false'} @click=${() => ((this.arrivalAt = s.arrivalAt), (this.error = undefined))}>${clock(s.arrivalAt, zone)}</button>`,
                      )}
                    </div>`}
          </fieldset>`
        : nothing}
      <label>${msg('Comments')}
        <textarea name="comments" rows="2" maxlength="2000" .value=${this.comments} @input=${(e: InputEvent) => (this.comments = (e.target as HTMLTextAreaElement).value)}></textarea>
      </label>
      <p class="hint">${msg('Visits booked by staff send the customer no messages.')}</p>
      ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing}
      <div class="actions">
        <button part="button" type="submit" ?disabled=${this.busy || !this.arrivalAt || !this.contactId}>${this.busy ? msg('Saving…') : msg('Book visit')}</button>
      </div>
    </form>`;
  }
}
