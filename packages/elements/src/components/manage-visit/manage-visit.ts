import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { CustomerBooking } from '@arrivo/core';
import { ArrivoElement } from '../../base/arrivo-element';
import { NOTHING } from '../../base/data';
import '../../arrivo-booking-form';
import type { VisitChanges } from '../booking-form/booking-form';
import { ArrivoCanceledEvent } from '../../events/booking';
import * as manage from '../../api/manage';
import { clearFragment, readFragment } from '../../fragment';
import { browserTimeZone, formatWhen } from '../../format';
import { schedulingMessages } from '../../area-messages/scheduling';
import { formStyles } from '../../styles/form.styles';
import { manageVisitStyles } from './manage-visit.styles';

/**
 * @tag arrivo-manage-visit
 * @summary One visit opened from the "Manage your visit" link of a confirmation, reminder or
 * rescheduled email, without signing in: its details, and **Modify** and **Cancel appointment**
 * while the business still allows changes. Opening it changes nothing; only pressing a button does.
 * The token comes from `token`, else from `#arrivo-manage=<token>` in the page's address (then taken
 * out of the address bar).
 * `<arrivo-portal>` shows it when opened with that address.
 *
 * @event arrivo-rescheduled - `detail: {booking}` after Modify.
 * @event arrivo-canceled - `detail: {booking}` after Cancel appointment.
 * @event arrivo-error - A failure the element shows; `detail: {code, message}`.
 *
 * @csspart appointment - The visit card (`data-status` holds its status).
 * @csspart button - Action buttons.
 * @csspart form - The cancel form.
 * @csspart error - Error messages.
 * @csspart notice - Hints.
 * @csspart skeleton - Placeholder while loading.
 *
 * @cssproperty --arrivo-accent - Buttons, focus rings.
 * @cssproperty --arrivo-error-color - Errors.
 * @cssproperty --arrivo-radius - Corner radius.
 * @cssproperty --arrivo-font - Font family.
 */
export class ArrivoManageVisit extends ArrivoElement {
  static override properties = {
    token: {},
    timeZone: { attribute: 'time-zone' },
    mode: { state: true },
    reason: { state: true },
    formError: { state: true },
    busy: { state: true },
  };

  static override styles = [formStyles, manageVisitStyles];

  /** The manage link's token; read from `#arrivo-manage=` in the page's address when not set. */
  token = '';

  /** Time zone to show times in; defaults to the browser's. */
  timeZone = '';

  private mode: 'view' | 'modify' | 'cancel' = 'view';
  private reason = '';
  private formError?: string;
  private busy = false;

  private readonly visit = this.data(([token], signal) => (token ? manage.visit(this.connection, token, signal) : Promise.resolve(NOTHING)), {
    args: () => [this.token] as const,
    signedOut: true,
    reset: () => (this.mode = 'view'),
    onError: (err) => this.report(err, schedulingMessages),
  });

  /** The link's own way to free times and the move, for the booking form. */
  private changes?: VisitChanges;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.token) {
      // Taken out of the address bar once read (the element keeps it): the token can change the visit.
      this.token = readFragment('arrivo-manage') ?? '';
      clearFragment('arrivo-manage');
    }
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('token') || !this.changes) {
      const token = this.token;
      this.changes = {
        slotDays: (q, signal) => manage.slotDays(this.connection, token, q, signal),
        slots: (q, signal) => manage.slots(this.connection, token, q, signal),
        reschedule: (change) => manage.reschedule(this.connection, token, change),
      };
    }
    super.willUpdate(changed);
  }

  private get zone() {
    return this.timeZone || browserTimeZone();
  }

  private show(mode: 'view' | 'modify' | 'cancel') {
    this.mode = mode;
    this.reason = '';
    this.formError = undefined;
  }

  private async confirmCancel(e: SubmitEvent) {
    e.preventDefault();
    if (this.reason.trim().length < 3) {
      this.formError = msg('Please tell us briefly why you are canceling.');
      return;
    }
    this.busy = true;
    this.formError = undefined;
    try {
      const canceled = await manage.cancel(this.connection, this.token, { reason: this.reason.trim() });
      this.emit(new ArrivoCanceledEvent({ booking: canceled }));
      this.show('view');
      await this.visit.reload();
    } catch (err) {
      this.formError = this.report(err, schedulingMessages);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (!this.token) return nothing;
    if (this.visit.error) return this.renderLoadError(this.visit.error, () => this.visit.reload(), schedulingMessages);
    const b = this.visit.value?.booking;
    if (!b) return html`<div part="skeleton" role="status" aria-label=${msg('Loading your visit')}><span class="tall"></span></div>`;
    return html`<h2>${msg('Your visit')}</h2>
      ${this.renderCard(b)} ${this.mode === 'modify' ? this.renderModify(b) : this.mode === 'cancel' ? this.renderCancel() : nothing}`;
  }

  private statusLabel(b: CustomerBooking): string {
    return {
      scheduled: msg('Scheduled'),
      traveling: msg('Technician on the way'),
      in_progress: msg('In progress'),
      completed: msg('Completed'),
      canceled: msg('Canceled'),
    }[b.status];
  }

  private renderCard(b: CustomerBooking) {
    return html`<article part="appointment" data-status=${b.status} aria-labelledby="visit-heading">
      <header>
        <h3 id="visit-heading">${b.serviceType.name}${b.asset ? html` · <span class="asset">${b.asset.name}</span>` : nothing}</h3>
        <span class="status">${this.statusLabel(b)}</span>
      </header>
      <p class="when">${formatWhen(b.arrivalAt, this.zone, b.arrivalWindowEndsAt)}</p>
      <p class="where">${b.address.line1}, ${b.address.city}</p>
      ${b.technician.name ? html`<p class="technician">${msg(str`Technician: ${b.technician.name}`)}</p>` : nothing}
      ${b.status === 'canceled' && b.cancelReason ? html`<p class="reason">${msg(str`Canceled: ${b.cancelReason}`)}</p>` : nothing}
      ${b.actions.modify || b.actions.cancel
        ? this.mode === 'view'
          ? html`<div class="actions">
              <button part="button" data-variant="secondary" type="button" ?disabled=${!b.actions.modify} @click=${() => this.show('modify')}>${msg('Modify')}</button>
              <button part="button" data-variant="secondary" type="button" ?disabled=${!b.actions.cancel} @click=${() => this.show('cancel')}>${msg('Cancel appointment')}</button>
            </div>`
          : nothing
        : b.status === 'scheduled'
          ? html`<p part="notice">${msg('This visit can no longer be changed online. Please call the business.')}</p>`
          : nothing}
    </article>`;
  }

  private renderModify(b: CustomerBooking) {
    return html`<section aria-labelledby="modify-heading">
      <h2 id="modify-heading">${msg('Modify appointment')}</h2>
      <arrivo-booking-form .api=${this.api} .business=${this.business} time-zone=${this.zone} .booking=${b} .changes=${this.changes} @arrivo-rescheduled=${() => this.visit.reload()}></arrivo-booking-form>
      <div class="actions"><button part="button" data-variant="secondary" type="button" @click=${() => this.show('view')}>${msg('Close')}</button></div>
    </section>`;
  }

  private renderCancel() {
    return html`<form part="form" @submit=${this.confirmCancel} novalidate aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">${msg('Cancel appointment')}</h2>
      <label>${msg('Why are you canceling?')}
        <textarea name="reason" rows="3" required minlength="3" maxlength="2000" .value=${this.reason}
          aria-invalid=${this.formError ? 'true' : 'false'} aria-describedby=${this.formError ? 'cancel-error' : nothing}
          @input=${(e: InputEvent) => (this.reason = (e.target as HTMLTextAreaElement).value)}></textarea>
      </label>
      ${this.formError ? html`<p part="error" role="alert" id="cancel-error">${this.formError}</p>` : nothing}
      <div class="actions">
        <button part="button" type="submit" ?disabled=${this.busy}>${msg('Cancel appointment')}</button>
        <button part="button" data-variant="secondary" type="button" @click=${() => this.show('view')}>${msg('Keep it')}</button>
      </div>
    </form>`;
  }
}
