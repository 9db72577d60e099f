import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { addDays, type BookableServiceType, type CustomerBooking, type SlotDays, type Slots, type SlotView } from '@arrivo/core';
import { ArrivoElement } from '../../base/arrivo-element';
import { NOTHING } from '../../base/data';
import { ApiError } from '../../api/api-error';
import { ArrivoBookedEvent, ArrivoRescheduledEvent } from '../../events/booking';
import * as pub from '../../api/public';
import * as scheduling from '../../api/scheduling';
import { browserTimeZone, formatDay, formatTime, formatWhen, todayIn, zoneName } from '../../format';
import { schedulingMessages } from '../../area-messages/scheduling';
import { formStyles } from '../../styles/form.styles';
import { bookingFormStyles } from './booking-form.styles';
import type { ClientPlugin } from '@arrivo/sdk/client';

const DAYS_SHOWN = 14;

type Answer = string | number | boolean;
const blank = (v: Answer | undefined) => v === undefined || v === '' || v === false;
/** The questions' renderer: a chunk of its own, loaded only once a service type with questions is chosen. */
let intakeView: typeof import('./booking-intake') | undefined;

/** Free times for one visit and its move, from somewhere other than the signed-in customer's API. */
export interface VisitChanges {
  slotDays(q: { from: string; to: string }, signal: AbortSignal): Promise<SlotDays>;
  slots(q: { date: string }, signal: AbortSignal): Promise<Slots>;
  reschedule(change: { arrivalAt: string }): Promise<CustomerBooking>;
}

/**
 * @tag arrivo-booking-form
 * @summary Book a visit — choose the product and service type, pick a day, and the free arrival
 * times appear at once; add a comment; Book. With a `booking` it modifies that visit instead
 * (new day and time only); with `changes` as well it does so through those (a manage link's),
 * without anyone signed in. `service-type-id` and `asset-id` preselect a service type and product
 * (a follow-up visit after a low rating opens it so). A service type's intake questions (text,
 * number, choice, yes/no) are asked with it and sent with the booking; when its length depends on
 * the answers, free times appear once the required ones are answered. Client plugins (`plugins`,
 * or registered page-wide) may show a question with their own widget, translate it, and give the
 * service type an icon.
 *
 * @event arrivo-booked - `detail: {booking}` once booked; the form then shows the confirmation.
 * @event arrivo-rescheduled - `detail: {booking}` once a visit was moved.
 * @event arrivo-error - A failure the element shows; `detail: {code, message}`.
 *
 * @csspart form - The form.
 * @csspart intake - The service type's questions.
 * @csspart intake-summary - A client plugin's one-line summary of the answers, under the questions.
 * @csspart days - The row of days; `day` each day button.
 * @csspart times - The grid of arrival times; `time` each time button.
 * @csspart button - Book, Save, Try again.
 * @csspart error - Error messages.
 * @csspart notice - Hints and the confirmation.
 * @csspart confirmation - The booked visit's details.
 * @csspart skeleton - Placeholders while loading.
 *
 * @cssproperty --arrivo-accent - Selected day/time, buttons, focus rings.
 * @cssproperty --arrivo-accent-contrast - Text on the accent colour.
 * @cssproperty --arrivo-error-color - Errors.
 * @cssproperty --arrivo-radius - Corner radius.
 * @cssproperty --arrivo-font - Font family.
 */
export class ArrivoBookingForm extends ArrivoElement {
  static override properties = {
    timeZone: { attribute: 'time-zone' },
    initialServiceTypeId: { attribute: 'service-type-id' },
    initialAssetId: { attribute: 'asset-id' },
    booking: { attribute: false },
    changes: { attribute: false },
    plugins: { attribute: false },
    serviceTypeId: { state: true },
    assetId: { state: true },
    comments: { state: true },
    answers: { state: true },
    firstDay: { state: true },
    date: { state: true },
    arrivalAt: { state: true },
    alternatives: { state: true },
    error: { state: true },
    busy: { state: true },
    confirmed: { state: true },
  };

  static override styles = [formStyles, bookingFormStyles];

  /** Time zone to show times in; defaults to the browser's. */
  timeZone = '';

  /** Preselect this service type (its id), e.g. for a follow-up visit; ignored if it cannot be booked here. */
  initialServiceTypeId = '';

  /** Preselect this product (asset id) of the customer's; ignored when the business books no specific products. */
  initialAssetId = '';

  /** A visit to modify: the form then offers only a new day and time. */
  booking?: CustomerBooking;

  /** Where `booking`'s free times come from and its move goes, instead of the signed-in customer's API (a manage link). */
  changes?: VisitChanges;

  /**
   * Client plugins for this form (`defineClientPlugin` of `@arrivo/sdk/client`): field widgets,
   * service type icons, strings. Those registered page-wide (`registerClientPlugin`) apply as well;
   * one given here wins over a registered one with its id.
   */
  plugins?: readonly ClientPlugin[];

  // What the person chose; dropped when someone else signs in (see `clear`).
  private serviceTypeId = '';
  private assetId = '';
  private comments = '';
  private answers: Record<string, Answer> = {};
  private firstDay = '';
  private date = '';
  private arrivalAt = '';
  private alternatives?: SlotView[];
  private error?: string;
  private busy = false;
  private confirmed?: CustomerBooking;
  private attemptKey?: string;

  /** What can be booked: the business's options, the service types and the customer's assets. */
  private readonly options = this.data(
    async ([booking, changes, initialType, initialAsset], signal) => {
      if (!this.session && !changes) return NOTHING;
      // Through a manage link only the visit's own service type and product are ever asked for.
      const [business, types, assets] = await Promise.all([
        pub.publicBusiness(this.connection, signal),
        changes ? [] : scheduling.serviceTypes(this.connection, signal),
        changes ? [] : scheduling.assets(this.connection, signal),
      ]);
      // An answer for what was asked before (another person, another visit) changes nothing here.
      if (signal.aborted) return NOTHING;
      if (booking) {
        this.serviceTypeId = booking.serviceType.id;
        this.assetId = booking.asset?.id ?? '';
      } else if (types.some((t) => t.id === initialType)) {
        this.serviceTypeId = initialType;
        if (business.selfScheduling.assetSelection && assets.some((a) => a.id === initialAsset)) this.assetId = initialAsset;
      } else if (types.length === 1) {
        this.serviceTypeId = types[0]!.id;
      }
      this.firstDay = todayIn(business.timeZone);
      return { business, types, assets };
    },
    { args: () => [this.booking, this.changes, this.initialServiceTypeId, this.initialAssetId] as const, signedOut: true, reset: () => this.clear(), onError: (err) => this.report(err, schedulingMessages) },
  );

  /** How many free times each shown day has; picks a day with free times. */
  private readonly days = this.data(
    async ([serviceTypeId, assetId, from, intake], signal) => {
      if (!serviceTypeId || !from || intake === null) return NOTHING;
      const to = addDays(from, DAYS_SHOWN - 1);
      const result = this.changes
        ? await this.changes.slotDays({ from, to }, signal)
        : await scheduling.slotDays(this.connection, { serviceTypeId, assetId: assetId || undefined, from, to, intake, bookingId: this.booking?.id }, signal);
      if (signal.aborted) return NOTHING;
      const days = new Map(result.days.map((d) => [d.date, d.slots]));
      if (!days.has(this.date)) this.date = result.days[0]?.date ?? '';
      return days;
    },
    { args: () => [this.serviceTypeId, this.assetId, this.firstDay, this.intakeQuery] as const, signedOut: true, onError: (err) => this.report(err, schedulingMessages) },
  );

  /**
   * The free arrival times of the chosen day, once the days for the chosen service type and
   * product are in (until then `date` may be a day chosen for another service type).
   */
  private readonly slots = this.data(
    async ([serviceTypeId, assetId, date, days, intake], signal) => {
      if (!serviceTypeId || !date || !days?.has(date) || intake === null) return NOTHING;
      const { slots } = this.changes
        ? await this.changes.slots({ date }, signal)
        : await scheduling.slots(this.connection, { serviceTypeId, assetId: assetId || undefined, date, intake, bookingId: this.booking?.id }, signal);
      // The newest request wins: a late answer for another day or service type changes nothing.
      if (signal.aborted) return NOTHING;
      const free = this.booking ? slots.filter((s) => s.arrivalAt !== this.booking!.arrivalAt) : slots;
      if (!free.some((s) => s.arrivalAt === this.arrivalAt)) this.arrivalAt = '';
      return free;
    },
    { args: () => [this.serviceTypeId, this.assetId, this.date, this.days.value, this.intakeQuery] as const, signedOut: true, onError: (err) => this.report(err, schedulingMessages) },
  );

  /** The chosen service type (not when modifying a visit: its answers stay as booked). */
  private get type() {
    return this.booking ? undefined : this.options.value?.types.find((t) => t.id === this.serviceTypeId);
  }

  /**
   * The answers for the slots query: undefined when the times do not depend on them, null while a
   * required one is missing (no times yet), else the answers as JSON.
   */
  private get intakeQuery(): string | undefined | null {
    const type = this.type;
    if (!type?.durationFromAnswers) return undefined;
    return type.intakeFields.some((f) => f.required && blank(this.answers[f.key])) ? null : JSON.stringify(this.answers);
  }

  private get zone() {
    return this.timeZone || browserTimeZone();
  }

  private get businessZone() {
    return this.options.value?.business.timeZone ?? this.zone;
  }

  /** Forget every choice: they belonged to the person (or business) before. */
  private clear() {
    this.serviceTypeId = this.assetId = this.comments = this.firstDay = this.date = this.arrivalAt = '';
    this.answers = {};
    this.alternatives = this.error = this.confirmed = this.attemptKey = undefined;
  }

  private choose(next: { serviceTypeId?: string; assetId?: string; date?: string }) {
    if (next.serviceTypeId !== undefined && next.serviceTypeId !== this.serviceTypeId) this.answers = {};
    Object.assign(this, next);
    this.arrivalAt = '';
    this.alternatives = undefined;
    this.error = undefined;
  }

  private shiftDays(by: number) {
    const today = todayIn(this.businessZone);
    const next = addDays(this.firstDay, by);
    this.firstDay = next < today ? today : next;
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.arrivalAt) {
      this.error = msg('Choose an arrival time first.');
      return;
    }
    this.busy = true;
    this.error = undefined;
    // One key per attempt: a retry of this attempt never books twice; a new choice is a new attempt.
    this.attemptKey ??= crypto.randomUUID();
    try {
      if (this.booking) {
        const change = { arrivalAt: this.arrivalAt };
        const moved = this.changes
          ? await this.changes.reschedule(change)
          : await scheduling.reschedule(this.connection, this.booking.id, change);
        this.confirmed = moved;
        this.emit(new ArrivoRescheduledEvent({ booking: moved }));
      } else {
        const booked = await scheduling.book(
          this.connection,
          {
            serviceTypeId: this.serviceTypeId,
            ...(this.assetId ? { assetId: this.assetId } : {}),
            arrivalAt: this.arrivalAt,
            ...(this.comments.trim() ? { comments: this.comments.trim() } : {}),
            ...(this.type?.intakeFields.length ? { intake: this.answers } : {}),
          },
          this.attemptKey,
        );
        this.confirmed = booked;
        this.emit(new ArrivoBookedEvent({ booking: booked }));
      }
      this.attemptKey = undefined;
    } catch (err) {
      this.error = this.report(err, schedulingMessages);
      if (err instanceof ApiError && err.code === 'slot_taken') {
        // Someone was quicker: offer the nearest free times; everything else the person chose stays.
        this.alternatives = (err.details?.alternatives as SlotView[] | undefined) ?? [];
        this.attemptKey = undefined;
        void this.slots.reload();
      }
    } finally {
      this.busy = false;
    }
  }

  /** Arrow keys move along a row of choices (days, times), as in a radio group. */
  private onArrows(e: KeyboardEvent) {
    const keys: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    let step = keys[e.key];
    if (!step) return;
    if (getComputedStyle(this).direction === 'rtl' && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) step = -step;
    const items = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('button:not([disabled])')];
    const at = items.indexOf(e.target as HTMLButtonElement);
    const next = items[(at + step + items.length) % items.length];
    if (!next) return;
    e.preventDefault();
    next.focus();
    next.click();
  }

  /** Start over for another booking. */
  reset() {
    this.confirmed = undefined;
    this.arrivalAt = '';
    this.comments = '';
    this.answers = {};
    this.alternatives = undefined;
    this.error = undefined;
    void this.days.reload();
  }

  override render() {
    if (!this.session && !this.changes) return html`<p part="notice">${msg('Sign in to book a visit.')}</p>`;
    if (this.options.error) return this.renderLoadError(this.options.error, () => this.options.reload(), schedulingMessages);
    const options = this.options.value;
    if (!options) return this.renderSkeleton();
    if (this.confirmed) return this.renderConfirmation(this.confirmed);
    const { business, types, assets } = options;
    const booking = this.booking;
    const asset = assets.find((a) => a.id === this.assetId);
    return html`<form part="form" @submit=${this.submit} novalidate>
      ${booking
        ? html`<p part="notice" data-current>
            ${msg(str`Your ${booking.serviceType.name} visit is now ${formatWhen(booking.arrivalAt, this.zone, booking.arrivalWindowEndsAt)}. Choose a new time.`)}
          </p>`
        : nothing}
      ${!booking && business.selfScheduling.assetSelection && assets.length
        ? html`<div class="field">
            <label for="asset">${msg('Product')}</label>
            <select id="asset" name="asset" aria-describedby="asset-hint" @change=${(e: Event) => this.choose({ assetId: (e.target as HTMLSelectElement).value })}>
              <option value="" ?selected=${!this.assetId}>${msg('No specific product')}</option>
              ${assets.map((a) => html`<option value=${a.id} ?selected=${a.id === this.assetId}>${a.name}</option>`)}
            </select>
            <span class="hint" id="asset-hint">${asset ? `${asset.location.name ? `${asset.location.name}: ` : ''}${asset.location.addressLine1}, ${asset.location.city}` : msg('At your account’s address')}</span>
          </div>`
        : nothing}
      ${!booking
        ? html`<label>${msg('Service type')}
            <select name="serviceType" required @change=${(e: Event) => this.choose({ serviceTypeId: (e.target as HTMLSelectElement).value })}>
              <option value="" ?selected=${!this.serviceTypeId} disabled>${msg('Choose a service')}</option>
              ${types.map((t) => html`<option value=${t.id} ?selected=${t.id === this.serviceTypeId}>${t.name}</option>`)}
            </select>
          </label>`
        : nothing}
      ${this.type?.intakeFields.length ? this.renderIntake(this.type) : nothing}
      ${this.serviceTypeId && this.intakeQuery !== null ? this.renderDays(business.selfScheduling.maxLeadDays) : nothing}
      ${this.intakeQuery === null ? html`<p part="notice" data-intake-first>${msg('Answer the questions above to see free times.')}</p>` : nothing}
      ${this.days.value && this.date && this.intakeQuery !== null ? this.renderTimes() : nothing}
      ${!booking && business.selfScheduling.additionalDetails
        ? html`<div class="field">
            <label for="comments">${msg('Comments')}</label>
            <textarea id="comments" name="comments" rows="3" maxlength="2000" aria-describedby="comments-hint" .value=${this.comments}
              @input=${(e: InputEvent) => (this.comments = (e.target as HTMLTextAreaElement).value)}></textarea>
            <span class="hint" id="comments-hint">${msg('Optional: anything the technician should know')}</span>
          </div>`
        : nothing}
      ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing} ${this.renderAlternatives()}
      <div class="actions">
        <button part="button" type="submit" ?disabled=${this.busy || !this.arrivalAt}>
          ${this.busy ? msg('Saving…') : booking ? msg('Save new time') : msg('Book')}
        </button>
      </div>
    </form>`;
  }

  private renderIntake(type: BookableServiceType) {
    if (!intakeView) {
      void import('./booking-intake').then((m) => ((intakeView = m), this.requestUpdate()));
      return nothing;
    }
    return intakeView.renderIntake(this, type, this.answers, (key, answer) => {
      // From the answers as they are now: several may change before the next render.
      const { [key]: _, ...rest } = this.answers;
      this.answers = answer === undefined ? rest : { ...rest, [key]: answer };
      this.arrivalAt = '';
    });
  }

  private renderSkeleton() {
    return html`<div part="skeleton" class="skeleton" role="status" aria-label=${msg('Loading')}>
      <span></span><span></span><span class="tall"></span>
    </div>`;
  }

  private renderDays(maxLeadDays: number) {
    const today = todayIn(this.businessZone);
    const dates = Array.from({ length: DAYS_SHOWN }, (_, i) => addDays(this.firstDay, i));
    const days = this.days.value;
    return html`<fieldset class="plain">
      <legend>${msg('Day')}</legend>
      <div class="day-nav">
        <button class="link" type="button" ?disabled=${this.firstDay <= today} @click=${() => this.shiftDays(-DAYS_SHOWN)}>${msg('Earlier')}</button>
        <button class="link" type="button" ?disabled=${addDays(this.firstDay, DAYS_SHOWN) > addDays(today, maxLeadDays)}
          @click=${() => this.shiftDays(DAYS_SHOWN)}>${msg('Later')}</button>
      </div>
      ${this.days.error
        ? this.renderLoadError(this.days.error, () => this.days.reload(), schedulingMessages)
        : days
          ? html`<div part="days" role="radiogroup" aria-label=${msg('Day')} @keydown=${this.onArrows}>
                ${dates.map((date) => {
                  const free = days.get(date) ?? 0;
                  const selected = date === this.date;
                  return html`<button part="day" type="button" role="radio" data-date=${date} aria-checked=${selected ? 'true' : 'false'}
                    tabindex=${selected || (!this.date && free) ? 0 : -1} ?disabled=${!free} @click=${() => this.choose({ date })}>
                    <span class="weekday">${formatDay(date, undefined, { weekday: 'short' })}</span>
                    <span class="date">${formatDay(date, undefined, { month: 'short', day: 'numeric' })}</span>
                  </button>`;
                })}
              </div>
              ${days.size === 0 ? html`<p part="notice">${msg('No free times in these days. Try later dates.')}</p>` : nothing}`
          : html`<div part="skeleton" class="skeleton row" role="status" aria-label=${msg('Loading days')}><span></span></div>`}
    </fieldset>`;
  }

  private renderTimes() {
    const zone = this.zone;
    const slots = this.slots.value;
    return html`<fieldset class="plain">
      <legend>${msg(str`Arrival time on ${formatDay(this.date, undefined, { weekday: 'long', month: 'long', day: 'numeric' })}`)}</legend>
      <p class="hint" data-zone>${msg(str`Times in ${zoneName(zone)}. The technician arrives at the time you choose.`)}</p>
      ${this.slots.error
        ? this.renderLoadError(this.slots.error, () => this.slots.reload(), schedulingMessages)
        : slots === undefined
          ? html`<div part="skeleton" class="skeleton row" role="status" aria-label=${msg('Loading times')}><span></span></div>`
          : slots.length === 0
            ? html`<p part="notice">${msg('No free times left on this day.')}</p>`
            : html`<div part="times" role="radiogroup" aria-label=${msg('Arrival time')} @keydown=${this.onArrows}>
                ${slots.map((slot, i) => {
                  const selected = slot.arrivalAt === this.arrivalAt;
                  return html`<button part="time" type="button" role="radio" aria-checked=${selected ? 'true' : 'false'}
                    tabindex=${selected || (!this.arrivalAt && i === 0) ? 0 : -1}
                    @click=${() => ((this.arrivalAt = slot.arrivalAt), (this.error = undefined))}>${formatTime(slot.arrivalAt, zone)}</button>`;
                })}
              </div>`}
    </fieldset>`;
  }

  private renderAlternatives() {
    if (!this.alternatives?.length) return nothing;
    return html`<div class="alternatives">
      <p>${msg('Free times nearby:')}</p>
      <div part="times" role="group" aria-label=${msg('Free times nearby')}>
        ${this.alternatives.map(
          (slot) => html`<button part="time" type="button" @click=${() => ((this.arrivalAt = slot.arrivalAt), (this.alternatives = undefined), (this.error = undefined))}>
            ${formatWhen(slot.arrivalAt, this.zone)}
          </button>`,
        )}
      </div>
    </div>`;
  }

  private renderConfirmation(b: CustomerBooking) {
    return html`<div part="confirmation" role="status">
      <h2>${this.booking ? msg('Your visit was moved') : msg('Your visit is booked')}</h2>
      <dl>
        <dt>${msg('Service')}</dt><dd>${b.serviceType.name}</dd>
        ${b.asset ? html`<dt>${msg('Product')}</dt><dd>${b.asset.name}</dd>` : nothing}
        <dt>${msg('Arrival')}</dt><dd>${formatWhen(b.arrivalAt, this.zone, b.arrivalWindowEndsAt)}</dd>
        <dt>${msg('Address')}</dt><dd>${b.address.line1}, ${b.address.city}</dd>
        ${b.technician.name ? html`<dt>${msg('Technician')}</dt><dd>${b.technician.name}</dd>` : nothing}
        <dt>${msg('Work order')}</dt><dd>#${b.workOrderNumber}</dd>
      </dl>
      ${this.booking ? nothing : html`<button part="button" data-variant="secondary" type="button" @click=${this.reset}>${msg('Book another visit')}</button>`}
    </div>`;
  }
}
