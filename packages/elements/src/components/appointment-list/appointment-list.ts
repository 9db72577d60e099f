import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { isFinal, type CustomerBooking } from '@arrivo/core';
import { ArrivoElement } from '../../base/arrivo-element';
import '../../arrivo-booking-form';
import { ArrivoCanceledEvent, ArrivoFeedbackRequestedEvent, ArrivoViewLiveMapEvent } from '../../events/booking';
import * as scheduling from '../../api/scheduling';
import { liveSource } from '../../api/tracking';
import { coalesce, LiveController } from '../../live/controller';
import { browserTimeZone, formatWhen } from '../../format';
import { schedulingMessages } from '../../area-messages/scheduling';
import { formStyles } from '../../styles/form.styles';
import { tabStyles } from '../../styles/tab.styles';
import { appointmentListStyles } from './appointment-list.styles';

type Tab = 'upcoming' | 'past';

/**
 * @tag arrivo-appointment-list
 * @summary The customer's visits as the seeds' home page shows them: the **Active appointment**
 * (technician on the way), **Upcoming appointments** and a **Past appointments** tab. Modify and
 * Cancel appear only where allowed; in-progress visits are greyed out; traveling visits offer
 * **View Live Map**, which opens `<arrivo-live-map>` in a dialog (loaded only then). Status changes
 * arrive on the page's live stream: visits move between Active, Upcoming and Past without a reload.
 * Completed visits waiting for the customer's rating offer **Send feedback**: it tells the page
 * (`arrivo-feedback-requested`), which shows `<arrivo-feedback-survey booking-id=…>` (the portal
 * opens it as a page of its own).
 *
 * @event arrivo-rescheduled - `detail: {booking}` after Modify.
 * @event arrivo-canceled - `detail: {booking}` after Cancel appointment.
 * @event arrivo-view-live-map - `detail: {booking}`; cancelable (call preventDefault to show your own map).
 * @event arrivo-feedback-requested - `detail: {booking}`: Send feedback was chosen on a completed
 * visit; show `<arrivo-feedback-survey booking-id=${booking.id}>`, then call `refresh()` on
 * `arrivo-feedback-submitted` (the button goes away once the visit is rated).
 * @event arrivo-error - A failure the element shows; `detail: {code, message}`.
 *
 * @csspart appointment - Each visit card (`data-status` holds its status).
 * @csspart tabs - The Upcoming / Past tab list; `tab` each tab.
 * @csspart button - Action buttons.
 * @csspart dialog - The Modify, Cancel and live map dialogs; `live-map` the map inside.
 * @csspart technician-rating - The technician's average rating, when the business shows it.
 * @csspart error - Error messages.
 * @csspart notice - Empty states and hints.
 * @csspart skeleton - Placeholders while loading.
 *
 * @cssproperty --arrivo-accent - Buttons, tabs, focus rings.
 * @cssproperty --arrivo-error-color - Errors.
 * @cssproperty --arrivo-radius - Corner radius.
 * @cssproperty --arrivo-font - Font family.
 */
export class ArrivoAppointmentList extends ArrivoElement {
  static override properties = {
    timeZone: { attribute: 'time-zone' },
    mapTiles: { attribute: 'map-tiles' },
    mapAttribution: { attribute: 'map-attribution' },
    tab: { state: true },
    modifying: { state: true },
    canceling: { state: true },
    reason: { state: true },
    dialogError: { state: true },
    busy: { state: true },
    mapping: { state: true },
  };

  static override styles = [formStyles, tabStyles, appointmentListStyles];

  /** Time zone to show times in; defaults to the browser's. */
  timeZone = '';

  /** The live map's XYZ tile URL template (its host must be in the page's CSP `img-src`); default OpenStreetMap's. */
  mapTiles = '';

  /** Attribution of `map-tiles`, as text; default OpenStreetMap's. */
  mapAttribution = '';

  private tab: Tab = 'upcoming';
  private modifying?: CustomerBooking;
  private canceling?: CustomerBooking;
  private reason = '';
  private dialogError?: string;
  private busy = false;
  private mapping?: CustomerBooking;

  private get modifyDialog() {
    return this.renderRoot.querySelector<HTMLDialogElement>('#modify-dialog') ?? undefined;
  }
  private get cancelDialog() {
    return this.renderRoot.querySelector<HTMLDialogElement>('#cancel-dialog') ?? undefined;
  }
  private get mapDialog() {
    return this.renderRoot.querySelector<HTMLDialogElement>('#map-dialog') ?? undefined;
  }

  private readonly visits = this.data((_, signal) => scheduling.appointments(this.connection, signal), {
    // Another person's (or business's) visits: close whatever was open for the one before.
    reset: () => {
      this.modifyDialog?.close();
      this.cancelDialog?.close();
      this.mapDialog?.close();
      this.modifying = this.canceling = this.mapping = undefined;
      this.tab = 'upcoming';
    },
    onError: (err) => this.report(err, schedulingMessages),
  });

  // A visit moved along or changed (or the stream asks to catch up): load the list again.
  private readonly reloadSoon = coalesce(() => this.refresh());
  private readonly live = new LiveController(
    this,
    () => liveSource(this.connection, { session: this.session?.token }),
    (e) => e.type.startsWith('tracking.') || this.reloadSoon(),
  );

  private get zone() {
    return this.timeZone || browserTimeZone();
  }

  /** Load the visits again (after a booking made elsewhere on the page, say). */
  refresh(): Promise<void> {
    return this.visits.reload();
  }

  private async openModify(booking: CustomerBooking) {
    this.modifying = booking;
    await this.updateComplete;
    this.modifyDialog?.showModal();
  }

  private async openCancel(booking: CustomerBooking) {
    this.canceling = booking;
    this.reason = '';
    this.dialogError = undefined;
    await this.updateComplete;
    this.cancelDialog?.showModal();
  }

  private async confirmCancel(e: SubmitEvent) {
    e.preventDefault();
    if (this.reason.trim().length < 3) {
      this.dialogError = msg('Please tell us briefly why you are canceling.');
      return;
    }
    this.busy = true;
    this.dialogError = undefined;
    try {
      const canceled = await scheduling.cancel(this.connection, this.canceling!.id, { reason: this.reason.trim() });
      this.cancelDialog?.close();
      this.canceling = undefined;
      this.emit(new ArrivoCanceledEvent({ booking: canceled }));
      await this.refresh();
    } catch (err) {
      this.dialogError = this.report(err, schedulingMessages);
    } finally {
      this.busy = false;
    }
  }

  private async viewLiveMap(booking: CustomerBooking) {
    if (!this.emit(new ArrivoViewLiveMapEvent({ booking }))) return;
    this.mapping = booking;
    await import('../../arrivo-live-map');
    await this.updateComplete;
    if (this.isConnected && this.mapping === booking) this.mapDialog?.showModal();
  }

  private onTabKey(e: KeyboardEvent) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    this.tab = this.tab === 'upcoming' ? 'past' : 'upcoming';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus());
  }

  override render() {
    if (!this.session) return html`<p part="notice">${msg('Sign in to see your appointments.')}</p>`;
    if (this.visits.error) return this.renderLoadError(this.visits.error, () => this.refresh(), schedulingMessages);
    const visits = this.visits.value;
    if (!visits)
      return html`<div part="skeleton" role="status" aria-label=${msg('Loading your appointments')}><span class="tall"></span><span class="tall"></span></div>`;
    const { active, upcoming, past } = visits;
    return html`
      ${active
        ? html`<section aria-labelledby="active-heading" class="active">
            <h2 id="active-heading">${msg('Active appointment')}</h2>
            ${this.renderCard(active)}
          </section>`
        : nothing}
      <div part="tabs" role="tablist" aria-label=${msg('Appointments')} @keydown=${this.onTabKey}>
        ${this.renderTab('upcoming', msg(str`Upcoming appointments (${upcoming.length})`))}
        ${this.renderTab('past', msg(str`Past appointments (${past.length})`))}
      </div>
      <div role="tabpanel" id="panel" aria-labelledby="tab-${this.tab}" class="cards">
        ${this.tab === 'upcoming'
          ? upcoming.length
            ? upcoming.map((b) => this.renderCard(b))
            : html`<p part="notice">${msg('No upcoming appointments.')}</p>`
          : past.length
            ? past.map((b) => this.renderCard(b))
            : html`<p part="notice">${msg('No past appointments yet.')}</p>`}
      </div>
      ${this.renderDialogs()}
    `;
  }

  private renderTab(tab: Tab, label: string) {
    const selected = this.tab === tab;
    return html`<button part="tab" role="tab" id="tab-${tab}" type="button" aria-selected=${selected ? 'true' : 'false'}
      aria-controls="panel" tabindex=${selected ? 0 : -1} @click=${() => (this.tab = tab)}>${label}</button>`;
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
    const open = !isFinal(b.status);
    const headingId = `appointment-${b.id}`;
    return html`<article part="appointment" data-status=${b.status} aria-labelledby=${headingId}>
      <header>
        <h3 id=${headingId}>${b.serviceType.name}${b.asset ? html` · <span class="asset">${b.asset.name}</span>` : nothing}</h3>
        <span class="status">${this.statusLabel(b)}</span>
      </header>
      <p class="when">${formatWhen(b.arrivalAt, this.zone, b.arrivalWindowEndsAt)}</p>
      <p class="where">${b.address.line1}, ${b.address.city}</p>
      ${b.technician.name
        ? html`<p class="technician">${msg(str`Technician: ${b.technician.name}`)}${b.technician.phone ? html` · <a href="tel:${b.technician.phone}">${b.technician.phone}</a>` : nothing}${this.renderTechnicianRating(b)}</p>`
        : nothing}
      ${b.status === 'canceled' && b.cancelReason ? html`<p class="reason">${msg(str`Canceled: ${b.cancelReason}`)}</p>` : nothing}
      ${b.status === 'in_progress' ? html`<p class="hint">${msg('Work has started, so this visit can no longer be changed.')}</p>` : nothing}
      ${open
        ? html`<div class="actions">
            ${b.actions.viewLiveMap
              ? html`<button part="button" type="button" @click=${() => this.viewLiveMap(b)}>${msg('View Live Map')}</button>`
              : nothing}
            <button part="button" data-variant="secondary" type="button" ?disabled=${!b.actions.modify} @click=${() => this.openModify(b)}>${msg('Modify')}</button>
            <button part="button" data-variant="secondary" type="button" ?disabled=${!b.actions.cancel} @click=${() => this.openCancel(b)}>${msg('Cancel appointment')}</button>
          </div>`
        : nothing}
      ${b.status === 'completed' && b.actions.feedback
        ? html`<div class="actions"><button part="button" type="button" @click=${() => this.emit(new ArrivoFeedbackRequestedEvent({ booking: b }))}>${msg('Send feedback')}</button></div>`
        : nothing}
    </article>`;
  }

  private renderTechnicianRating(b: CustomerBooking) {
    const rating = b.technician.rating;
    if (!rating) return nothing;
    const average = new Intl.NumberFormat(this.locale || undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rating.average);
    return html` · <span part="technician-rating"><span aria-hidden="true">★ </span>${msg(str`Rated ${average} of 5 (${rating.count} ratings)`)}</span>`;
  }

  private renderDialogs() {
    return html`
      <dialog part="dialog" id="modify-dialog" aria-labelledby="modify-heading" @close=${() => (this.modifying = undefined)}>
        <h2 id="modify-heading">${msg('Modify appointment')}</h2>
        ${this.modifying
          ? html`<arrivo-booking-form .api=${this.api} .business=${this.business} time-zone=${this.zone} .booking=${this.modifying}
              @arrivo-rescheduled=${() => this.refresh()}></arrivo-booking-form>`
          : nothing}
        <div class="actions"><button part="button" data-variant="secondary" type="button" @click=${() => this.modifyDialog?.close()}>${msg('Close')}</button></div>
      </dialog>
      <dialog part="dialog" id="map-dialog" aria-labelledby="map-heading" @close=${() => (this.mapping = undefined)}>
        <h2 id="map-heading">${msg('Live map')}</h2>
        ${this.mapping
          ? html`<arrivo-live-map part="live-map" .api=${this.api} .business=${this.business} booking-id=${this.mapping.id} locale=${this.locale || nothing}
              tiles=${this.mapTiles || nothing} attribution=${this.mapAttribution || nothing}></arrivo-live-map>`
          : nothing}
        <div class="actions"><button part="button" data-variant="secondary" type="button" @click=${() => this.mapDialog?.close()}>${msg('Close')}</button></div>
      </dialog>
      <dialog part="dialog" id="cancel-dialog" aria-labelledby="cancel-heading" @close=${() => (this.canceling = undefined)}>
        <form part="form" @submit=${this.confirmCancel} novalidate>
          <h2 id="cancel-heading">${msg('Cancel appointment')}</h2>
          ${this.canceling ? html`<p>${this.canceling.serviceType.name} · ${formatWhen(this.canceling.arrivalAt, this.zone)}</p>` : nothing}
          <label>${msg('Why are you canceling?')}
            <textarea name="reason" rows="3" required minlength="3" maxlength="2000" .value=${this.reason}
              aria-invalid=${this.dialogError ? 'true' : 'false'} aria-describedby=${this.dialogError ? 'cancel-error' : nothing}
              @input=${(e: InputEvent) => (this.reason = (e.target as HTMLTextAreaElement).value)}></textarea>
          </label>
          ${this.dialogError ? html`<p part="error" role="alert" id="cancel-error">${this.dialogError}</p>` : nothing}
          <div class="actions">
            <button part="button" type="submit" ?disabled=${this.busy}>${msg('Cancel appointment')}</button>
            <button part="button" data-variant="secondary" type="button" @click=${() => this.cancelDialog?.close()}>${msg('Keep it')}</button>
          </div>
        </form>
      </dialog>
    `;
  }
}
