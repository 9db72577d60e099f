import { html, nothing, type PropertyValues } from 'lit';
import { msg, str } from '@lit/localize';
import type { BookingStatus, TechnicianVisit } from '@arrivo/core';
import { ArrivoElement } from '../../base/arrivo-element';
import { NOTHING } from '../../base/data';
import { ApiError } from '../../api/api-error';
import * as technician from '../../api/technician';
import { signOut } from '../../api/session';
import '../../arrivo-sign-in';
import { ArrivoSignedOutEvent } from '../../events/session';
import { ArrivoLocationSharingChangedEvent, ArrivoVisitStatusChangedEvent } from '../../events/technician';
import { browserTimeZone, formatDay, todayIn } from '../../format';
import { currentLocale } from '../../localization';
import { errorText, type Messages } from '../../messages';
import { staffMessages } from '../../area-messages/staff';
import { trackingMessages } from '../../area-messages/tracking';
import { LocationSharing, type GeolocationSource, type SharingState } from './location-sharing';
import { technicianAppStyles } from './technician-app.styles';

const messages = (): Messages => ({ ...staffMessages(), ...trackingMessages() });

/** The moves a technician makes, in the order they come (cancel last). */
const MOVES = ['traveling', 'in_progress', 'completed', 'canceled'] as const;
type Move = (typeof MOVES)[number];

/** The calendar date of an instant in a zone, 'YYYY-MM-DD'. */
const dayIn = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

/** "9:00 – 10:00 AM PST" (or one time). */
function timeRange(from: string, until: string | null, timeZone: string): string {
  const f = new Intl.DateTimeFormat(currentLocale(), { hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone });
  return until ? f.formatRange(new Date(from), new Date(until)) : f.format(new Date(from));
}

/** Android opens `geo:` in the person's maps app; elsewhere (desktop, iOS Safari) a web maps URL works. */
const prefersGeoUri = () => /Android/i.test(navigator.userAgent);

/**
 * @tag arrivo-technician-app
 * @summary The technician's app, phone first: sign in, today's and upcoming visits in order (address,
 * customer, service type, product, comments, intake answers, directions), the status buttons
 * **Start traveling → Arrived / Start work → Complete** (and **Cancel visit** with a reason where the
 * business allows it), each confirmed, and location sharing while traveling.
 *
 * Location is watched only while one of the technician's visits is Traveling (when several are, the
 * one last set off for in this app), sent at most every
 * 5 s or 50 m moved, kept while offline and sent in order when back, and stopped on arrival. The bar
 * at the top always says whether it is on, with the accuracy of the last fix.
 *
 * @event arrivo-visit-status-changed - `detail: {visit, from}` after a status change made here.
 * @event arrivo-location-sharing-changed - `detail: {bookingId, problem}` when sharing starts, stops or hits a problem.
 * @event arrivo-signed-in - `detail: {session, via}` from the sign-in form inside.
 * @event arrivo-signed-out - After "Sign out".
 * @event arrivo-error - A failure the element shows; `detail: {code, message}`.
 *
 * @csspart header - The top bar with the technician's name and Sign out.
 * @csspart sharing - The location-sharing bar (`data-state`: on, off, problem).
 * @csspart day - Each day's heading.
 * @csspart visit - Each visit card (`data-status` holds its status).
 * @csspart directions - The directions link of a visit.
 * @csspart button - Buttons (primary, and `data-variant="secondary"`).
 * @csspart dialog - The confirmation dialog.
 * @csspart error - Error messages.
 * @csspart notice - Empty states and hints.
 * @csspart skeleton - Placeholders while loading.
 *
 * @cssproperty --arrivo-accent - Buttons, links, focus rings, the sharing bar when on.
 * @cssproperty --arrivo-accent-contrast - Text on the accent colour.
 * @cssproperty --arrivo-error-color - Errors and the sharing bar when it has a problem.
 * @cssproperty --arrivo-radius - Corner radius.
 * @cssproperty --arrivo-font - Font family.
 */
export class ArrivoTechnicianApp extends ArrivoElement {
  static override properties = {
    timeZone: { attribute: 'time-zone' },
    days: { type: Number },
    geolocation: { attribute: false },
    sharingState: { state: true },
    confirming: { state: true },
    note: { state: true },
    dialogError: { state: true },
    busy: { state: true },
  };

  static override styles = technicianAppStyles;

  /** Time zone that decides what "today" is; defaults to the browser's (set the business's zone). */
  timeZone = '';

  /** How many days of visits to list, from today. */
  days = 7;

  /** Where positions come from; the device's geolocation unless a test or host page sets another. */
  geolocation?: GeolocationSource;

  private sharingState?: SharingState;
  private confirming?: { visit: TechnicianVisit; to: Move };
  /** What the technician typed in the dialog (the cancel reason); kept after a failed attempt. */
  private note = '';
  private dialogError?: string;
  private busy = false;

  private get dialog() {
    return this.renderRoot.querySelector<HTMLDialogElement>('#confirm-dialog');
  }

  /** Visits the server refused fixes for (409 not_traveling): not shared again until they change here. */
  private readonly refused = new Set<string>();
  private sharing?: LocationSharing;
  /** The visit sharing was last started for. */
  private sharingFor?: string;
  /**
   * The visit last set off for in this app: shared before any other Traveling visit (one left
   * Traveling elsewhere, by a dispatcher or another device, must not take the customer's map).
   */
  private startedHere?: string;
  private refreshTimer?: ReturnType<typeof setInterval>;

  private readonly visits = this.data(
    (_, signal) => (this.isTechnician ? technician.visits(this.connection, { from: todayIn(this.zone), days: this.days }, signal) : Promise.resolve(NOTHING)),
    {
      args: () => [this.zone, this.days, this.isTechnician] as const,
      reset: () => {
        this.dialog?.close();
        this.confirming = undefined;
        this.refused.clear();
        this.startedHere = undefined;
        this.sharing?.stop();
      },
      onError: (err) => this.report(err, messages),
    },
  );

  private get zone() {
    return this.timeZone || browserTimeZone();
  }

  private get isTechnician() {
    return Boolean(this.session?.roles.includes('technician'));
  }

  /** Load the visits again. */
  refresh(): Promise<void> {
    return this.visits.reload();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisible);
    // A dispatcher may add or move visits meanwhile: look again every minute while open.
    this.refreshTimer = setInterval(() => {
      if (document.visibilityState === 'visible' && this.visits.value) void this.refresh();
    }, 60_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisible);
    clearInterval(this.refreshTimer);
    this.sharing?.stop();
  }

  private readonly onVisible = () => {
    if (document.visibilityState === 'visible' && this.visits.value) void this.refresh();
  };

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.followTraveling();
  }

  /** Share location for the visit that is Traveling, and only then. */
  private followTraveling() {
    const candidates = this.session ? this.visits.value?.visits.filter((v) => v.sharingLocation && !this.refused.has(v.id)) : undefined;
    const traveling = candidates?.find((v) => v.id === this.startedHere) ?? candidates?.[0];
    if (traveling) {
      this.sharing ??= new LocationSharing({
        send: (id, fixes) => technician.sendLocations(this.connection, id, fixes),
        onChange: (s) => this.onSharing(s),
        geolocation: this.geolocation,
      });
      this.sharingFor = traveling.id;
      this.sharing.start(traveling.id);
    } else if (this.sharing?.state.bookingId) {
      this.sharing.stop();
    }
  }

  private onSharing(s: SharingState) {
    const before = this.sharingState;
    this.sharingState = s;
    if (before?.bookingId !== s.bookingId || before?.problem !== s.problem) {
      this.emit(new ArrivoLocationSharingChangedEvent({ bookingId: s.bookingId, problem: s.problem }));
    }
    if (s.problem === 'not_traveling' && before?.problem !== 'not_traveling') {
      // The visit moved on elsewhere (a dispatcher, another device): stop and show where it is now.
      if (this.sharingFor) this.refused.add(this.sharingFor);
      void this.refresh();
    }
  }

  private async open(visit: TechnicianVisit, to: Move) {
    if (this.confirming?.visit.id !== visit.id || this.confirming.to !== to) this.note = '';
    this.confirming = { visit, to };
    this.dialogError = undefined;
    await this.updateComplete;
    this.dialog?.showModal();
  }

  private async confirm(e: SubmitEvent) {
    e.preventDefault();
    const { visit, to } = this.confirming!;
    const note = this.note.trim();
    if (to === 'canceled' && !note) {
      this.dialogError = msg('Please give a reason for canceling this visit.');
      return;
    }
    this.busy = true;
    this.dialogError = undefined;
    try {
      // Fixes taken on the way go before the arrival, while the server still takes them.
      if (visit.status === 'traveling' && this.sharing?.state.bookingId === visit.id) await Promise.race([this.sharing.flush(), new Promise((r) => setTimeout(r, 3000))]);
      const moved = await technician.changeStatus(this.connection, visit.id, { status: to, ...(note ? { note } : {}) });
      this.refused.delete(visit.id);
      if (to === 'traveling') this.startedHere = visit.id;
      this.dialog?.close();
      this.confirming = undefined;
      this.note = '';
      this.emit(new ArrivoVisitStatusChangedEvent({ visit: moved, from: visit.status }));
      await this.refresh();
    } catch (err) {
      this.dialogError = this.report(err, messages);
      // Moved on meanwhile: show where it is now (what was typed stays in the dialog).
      if (err instanceof ApiError && err.code === 'status_transition_not_allowed') void this.refresh();
    } finally {
      this.busy = false;
    }
  }

  private async signOut() {
    this.sharing?.stop();
    await signOut(this.connection).catch(() => undefined);
    this.store.clear();
    this.emit(new ArrivoSignedOutEvent());
  }

  override render() {
    const session = this.session;
    if (!session) {
      return html`<h2 class="title">${msg('Technician sign-in')}</h2>
        <arrivo-sign-in api=${this.api} business=${this.business} locale=${this.locale || nothing} theme=${this.theme}></arrivo-sign-in>`;
    }
    const forbidden = this.visits.error instanceof ApiError && (this.visits.error.code === 'forbidden' || this.visits.error.status === 403);
    return html`
      <header part="header">
        <p>${msg(str`Signed in as ${this.visits.value?.technician.name || session.user.name || session.user.email}`)}</p>
        <button part="button" data-variant="secondary" type="button" @click=${this.signOut}>${msg('Sign out')}</button>
      </header>
      ${!this.isTechnician || forbidden
        ? html`<p part="error" role="alert">
            ${msg('This account is not a technician’s account at this business, so it has no visits here. Sign out and sign in with your technician account.')}
          </p>`
        : html`${this.renderSharing()} ${this.renderVisits()}`}
      ${this.renderDialog()}
    `;
  }

  private renderSharing() {
    const s = this.sharingState;
    const problem = s?.problem;
    let state: 'on' | 'off' | 'problem' = s?.bookingId && !problem ? 'on' : problem ? 'problem' : 'off';
    let body;
    if (problem === 'denied') {
      body = html`<p>${msg('Location access is blocked, so the customer cannot see you coming.')}</p>
        <p class="hint">
          ${msg('Allow location for this site in your browser’s settings (the lock or site-information icon beside the address, then Location: Allow), then try again.')}
        </p>
        <button part="button" type="button" @click=${() => this.sharing?.retry()}>${msg('Try again')}</button>`;
    } else if (problem === 'unavailable' && s?.bookingId) {
      body = html`<p>${msg('Sharing location · looking for your position…')}</p>`;
      state = 'on';
    } else if (problem === 'clock' && s?.bookingId) {
      body = html`<p>${msg('Sharing location, but your locations are being refused: this device’s clock is ahead.')}</p>
        <p class="hint">${msg('Check the device’s clock: set the date and time to automatic (from the network), and your location will reach the customer again.')}</p>`;
    } else if (problem === 'not_traveling' || problem === 'failed') {
      body = html`<p>${msg('Location sharing stopped.')} ${errorText(s!.error, messages)}</p>`;
    } else if (s?.bookingId) {
      body = html`<p>
          ${s.accuracyM == null ? msg('Sharing location · waiting for the first fix…') : msg(str`Sharing location · ±${Math.round(s.accuracyM)} m`)}
        </p>
        ${s.queued && s.offline
          ? html`<p class="hint">${msg(str`Offline: ${s.queued} locations will be sent when you are back online.`)}</p>`
          : s.queued > 1
            ? html`<p class="hint">${msg(str`${s.queued} locations waiting to be sent.`)}</p>`
            : nothing}`;
    } else {
      body = html`<p>${msg('Location sharing is off.')}</p>
        <p class="hint">${msg('It turns on when you start traveling to a visit, for that visit’s customer only, and off when you arrive.')}</p>`;
    }
    return html`<section part="sharing" data-state=${state} role="status" aria-label=${msg('Location sharing')}>${body}</section>`;
  }

  private renderVisits() {
    if (this.visits.error) return this.renderLoadError(this.visits.error, () => this.refresh(), messages);
    const loaded = this.visits.value;
    if (!loaded) return html`<div part="skeleton" role="status" aria-label=${msg('Loading your visits')}><span class="tall"></span><span class="tall"></span></div>`;
    if (!loaded.visits.length) return html`<p part="notice">${msg('No visits today or in the coming days.')}</p>`;
    // Grouped by the day of each visit's own place, in the order the server gives (by arrival).
    const groups: { day: string; visits: TechnicianVisit[] }[] = [];
    for (const v of loaded.visits) {
      const day = dayIn(v.arrivalAt, v.timeZone);
      if (groups.at(-1)?.day !== day) groups.push({ day, visits: [] });
      groups.at(-1)!.visits.push(v);
    }
    const today = todayIn(this.zone);
    const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return html`${groups.map(
      (g) => html`<section class="day" aria-labelledby="day-${g.day}">
        <h2 part="day" id="day-${g.day}">
          ${g.day === today ? msg('Today') : g.day === tomorrow ? msg('Tomorrow') : formatDay(g.day, undefined, { weekday: 'long', month: 'long', day: 'numeric' })}
        </h2>
        <ol class="visits">
          ${g.visits.map((v) => html`<li>${this.renderVisit(v)}</li>`)}
        </ol>
      </section>`,
    )}`;
  }

  private statusLabel(status: BookingStatus): string {
    return {
      scheduled: msg('Scheduled'),
      traveling: msg('Traveling'),
      in_progress: msg('In progress'),
      completed: msg('Completed'),
      canceled: msg('Canceled'),
    }[status];
  }

  private moveLabel(to: Move): string {
    return {
      traveling: msg('Start traveling'),
      in_progress: msg('Arrived / Start work'),
      completed: msg('Complete'),
      canceled: msg('Cancel visit'),
    }[to];
  }

  private renderVisit(v: TechnicianVisit) {
    const heading = `visit-${v.id}`;
    const a = v.address;
    const place = [a.line1, [a.city, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    const moves = MOVES.filter((m) => v.next.includes(m));
    return html`<article part="visit" data-status=${v.status} aria-labelledby=${heading}>
      <header>
        <h3 id=${heading}>
          <span class="time">${timeRange(v.arrivalAt, v.arrivalWindowEndsAt, v.timeZone)}</span>
          <span class="service">${v.serviceType.name}</span>
        </h3>
        <span class="status">${this.statusLabel(v.status)}</span>
      </header>
      <dl>
        <dt>${msg('Customer')}</dt>
        <dd>
          ${[v.customer.accountName, v.customer.contactName].filter(Boolean).join(' · ')}
          ${v.customer.phone ? html`<br /><a href="tel:${v.customer.phone}">${v.customer.phone}</a>` : nothing}
        </dd>
        <dt>${msg('Address')}</dt>
        <dd>
          ${place}
          <a part="directions" href=${prefersGeoUri() ? v.directions.geo : v.directions.web} target="_blank" rel="noopener"
            >${msg('Directions')}<span class="visually-hidden"> ${msg(str`to ${a.line1}`)}</span></a
          >
        </dd>
        ${v.asset ? html`<dt>${msg('Product')}</dt><dd>${v.asset.name}</dd>` : nothing}
        <dt>${msg('Work order')}</dt>
        <dd>${v.workOrderNumber}</dd>
        ${v.comments ? html`<dt>${msg('Comments')}</dt><dd class="comments">${v.comments}</dd>` : nothing}
        ${v.intakeAnswers.map((q) => html`<dt>${q.label}</dt><dd>${q.value}</dd>`)}
      </dl>
      ${moves.length
        ? html`<div class="actions">
            ${moves.map(
              (m) => html`<button part="button" type="button" data-move=${m} data-variant=${m === 'canceled' ? 'secondary' : nothing}
                @click=${() => this.open(v, m)}>${this.moveLabel(m)}</button>`,
            )}
          </div>`
        : nothing}
    </article>`;
  }

  private question(visit: TechnicianVisit, to: Move): string {
    const who = visit.customer.accountName;
    return {
      traveling: msg(str`Start traveling to ${who}? Your location is shared with the customer until you arrive.`),
      in_progress: msg(str`Arrived at ${who}? Work starts and location sharing stops.`),
      completed: msg(str`Is the work at ${who} complete?`),
      canceled: msg(str`Cancel the visit to ${who}? The customer is told.`),
    }[to];
  }

  private renderDialog() {
    const c = this.confirming;
    return html`<dialog part="dialog" id="confirm-dialog" aria-labelledby="confirm-heading" @close=${() => (this.confirming = undefined)}>
      ${c
        ? html`<form part="form" @submit=${this.confirm} novalidate>
            <h2 id="confirm-heading">${this.moveLabel(c.to)}</h2>
            <p>${this.question(c.visit, c.to)}</p>
            ${c.to === 'canceled'
              ? html`<label>${msg('Reason')}
                  <textarea name="note" rows="3" required maxlength="2000" .value=${this.note}
                    aria-invalid=${this.dialogError ? 'true' : 'false'} aria-describedby=${this.dialogError ? 'confirm-error' : nothing}
                    @input=${(e: InputEvent) => (this.note = (e.target as HTMLTextAreaElement).value)}></textarea>
                </label>`
              : nothing}
            ${this.dialogError ? html`<p part="error" role="alert" id="confirm-error">${this.dialogError}</p>` : nothing}
            <div class="actions">
              <button part="button" type="submit" ?disabled=${this.busy}>${this.moveLabel(c.to)}</button>
              <button part="button" data-variant="secondary" type="button" @click=${() => this.dialog?.close()}>${msg('Not now')}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }
}
