import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { loadMaps } from './load-maps';
import type { BookingStatus } from '@arrivo/core';
import { ArrivoElement } from '../../base/arrivo-element';
import { NOTHING } from '../../base/data';
import * as admin from '../../api/admin';
import { liveSource } from '../../api/tracking';
import { coalesce, LiveController } from '../../live/controller';
import { currentLocale } from '../../localization';
import { formatDay } from '../../format';
import type { Messages } from '../../messages';
import { adminConsoleStyles } from './admin-console.styles';
import { setStyle } from './set-style';
import type { ArrivoVisitChangedEvent } from './board/events';

const HOUR = 3_600_000;

// The console's own copy (not area-messages/staff): a module shared with the technician app may be
// merged by the bundler into a chunk that customer pages load.
const staffMessages = (): Messages => ({
  status_transition_not_allowed: msg('This visit has moved on meanwhile, so that change is no longer possible. Please reload the page.'),
});
const MOVES = ['traveling', 'in_progress', 'completed', 'canceled'] as const;

export function statusLabel(status: BookingStatus): string {
  return {
    scheduled: msg('Scheduled'),
    traveling: msg('Traveling'),
    in_progress: msg('In progress'),
    completed: msg('Completed'),
    canceled: msg('Canceled'),
  }[status];
}

const moveLabel = (to: (typeof MOVES)[number]) =>
  ({ traveling: msg('Start traveling'), in_progress: msg('Arrived / Start work'), completed: msg('Complete'), canceled: msg('Cancel visit') })[to];

/** The board's filters: applied to the day already loaded (empty: all). */
interface Filters {
  technician: string;
  status: string;
  serviceType: string;
  source: string;
}
const NO_FILTERS: Filters = { technician: '', status: '', serviceType: '', source: '' };
const filtering = (f: Filters) => Object.values(f).some(Boolean);

/** The visit dialog's messages and move, and booking for a customer: a chunk loaded on first use. */
let tools: Promise<unknown> | undefined;

const shiftDay = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The bookings board of the admin console: one day of the business per technician, as a timeline
 * with the travel before each visit, live statuses, and a visit's details in a dialog.
 * @tag arrivo-admin-board
 */
@localized()
export class ArrivoAdminBoard extends ArrivoElement {
  static override styles = adminConsoleStyles;

  /** The day shown (YYYY-MM-DD in the business's zone); today's until one is picked. */
  @state() private date?: string;
  @state() private opened?: string;
  @state() private reason = '';
  @state() private dialogError?: string;
  @state() private busy = false;
  @state() private filters: Filters = NO_FILTERS;
  /** The board tools' chunk has arrived (see `tools`). */
  @state() private toolsReady = false;

  private readonly day = this.data(([date], signal) => admin.board(this.connection, date, signal), {
    args: () => [this.date] as const,
    onError: (err) => this.report(err, staffMessages),
  });

  private readonly visit = this.data(([id], signal) => (id ? admin.booking(this.connection, id, signal) : Promise.resolve(NOTHING)), {
    args: () => [this.opened] as const,
    onError: (err) => this.report(err, staffMessages),
  });

  private readonly reloadSoon = coalesce(() => Promise.all([this.day.reload(), this.opened ? this.visit.reload() : undefined]));
  // Staff follow the whole business: any visit's change reloads the day (positions are not shown here).
  private readonly live = new LiveController(
    this,
    () => liveSource(this.connection, { session: this.session?.token }),
    (e) => e.type.startsWith('tracking.') || this.reloadSoon(),
  );

  /** Load the day (and an open visit) again. */
  refresh(): Promise<unknown> {
    return Promise.all([this.day.reload(), this.opened ? this.visit.reload() : undefined]);
  }

  private get dialog() {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog[data-visit]');
  }

  private loadTools() {
    tools ??= import('./board/define');
    tools.then(
      () => (this.toolsReady = true),
      (err: unknown) => ((tools = undefined), this.report(err)),
    );
  }

  private async openBooking() {
    this.loadTools();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLDialogElement>('dialog[data-book]')?.showModal();
  }

  /** A visit was moved or booked (the tools' event): show its day, and it. */
  private async changed(e: ArrivoVisitChangedEvent) {
    const { booking } = e.detail;
    this.renderRoot.querySelector<HTMLDialogElement>('dialog[data-book]')?.close();
    this.date = new Intl.DateTimeFormat('en-CA', { timeZone: booking.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(booking.arrivalAt));
    await this.refresh();
    await this.openVisit(booking.bookingId);
  }

  private filter(key: keyof Filters, e: Event) {
    this.filters = { ...this.filters, [key]: (e.target as HTMLSelectElement).value };
  }

  private go(date: string | undefined) {
    if (date) this.date = date;
  }

  private time(iso: string, zone: string) {
    return new Intl.DateTimeFormat(currentLocale(), { hour: 'numeric', minute: '2-digit', timeZone: zone }).format(new Date(iso));
  }

  private async openVisit(id: string) {
    this.loadTools();
    this.opened = id;
    this.reason = '';
    this.dialogError = undefined;
    await this.updateComplete;
    if (!this.dialog?.open) this.dialog?.showModal();
  }

  private async move(to: (typeof MOVES)[number]) {
    if (to === 'canceled' && !this.reason.trim()) {
      this.dialogError = msg('Please give a reason for canceling this visit.');
      return;
    }
    this.busy = true;
    this.dialogError = undefined;
    try {
      await admin.changeStatus(this.connection, this.opened!, { status: to, ...(to === 'canceled' ? { note: this.reason.trim() } : {}) });
      this.reason = '';
      await this.refresh();
    } catch (err) {
      this.dialogError = this.report(err, staffMessages);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const board = this.day.value;
    const date = board?.date ?? this.date;
    return html`
      <div class="toolbar">
        <h2 id="board-title">${msg('Bookings board')}</h2>
        <button part="button" data-variant="secondary" data-size="small" type="button" ?disabled=${!date} @click=${() => this.go(date && shiftDay(date, -1))}>
          ${msg('Previous day')}
        </button>
        <label>
          <span class="visually-hidden">${msg('Day')}</span>
          <input type="date" .value=${date ?? ''} @change=${(e: Event) => this.go((e.target as HTMLInputElement).value)} />
        </label>
        <button part="button" data-variant="secondary" data-size="small" type="button" ?disabled=${!date} @click=${() => this.go(date && shiftDay(date, 1))}>
          ${msg('Next day')}
        </button>
        <button part="button" data-variant="secondary" data-size="small" type="button" @click=${() => this.refresh()}>${msg('Refresh')}</button>
        <button part="button" data-size="small" type="button" data-action="book" @click=${this.openBooking}>${msg('Book a visit')}</button>
      </div>
      ${board ? this.renderFilters(board) : nothing}
      <p class="live">${msg('Statuses update live while this page is open.')}</p>
      <details @toggle=${loadMaps}>
        <summary data-action="live-map">${msg('Map')}</summary>
        <arrivo-admin-live-map api=${this.api} business=${this.business} locale=${this.locale || nothing}></arrivo-admin-live-map>
      </details>
      ${this.day.error
        ? this.renderLoadError(this.day.error, () => this.refresh(), staffMessages)
        : !board
          ? html`<div part="skeleton" role="status" aria-label=${msg('Loading the board')}><span></span><span></span></div>`
          : this.renderBoard(this.filtered(board))}
      ${this.renderDialog()}
      <dialog part="dialog" data-book aria-labelledby="book-heading" @arrivo-visit-changed=${this.changed}>
        <h2 id="book-heading">${msg('Book a visit for a customer')}</h2>
        ${this.toolsReady ? html`<arrivo-admin-book-visit api=${this.api} business=${this.business} locale=${this.locale || nothing} theme=${this.theme}></arrivo-admin-book-visit>` : html`<p role="status">${msg('Loading…')}</p>`}
        <div class="actions">
          <button part="button" data-variant="secondary" type="button" @click=${(e: Event) => (e.target as HTMLElement).closest('dialog')!.close()}>${msg('Close')}</button>
        </div>
      </dialog>
    `;
  }

  private renderFilters(board: admin.Board) {
    const f = this.filters;
    const types = [...new Set(board.technicians.flatMap((t) => t.visits.map((v) => v.serviceTypeName)))].sort();
    const select = (key: keyof Filters, label: string, options: [string, string][]) =>
      html`<label>${label}
        <select name=${`filter-${key}`} @change=${(e: Event) => this.filter(key, e)}>
          <option value="" ?selected=${!f[key]}>${msg('All')}</option>
          ${options.map(([value, text]) => html`<option value=${value} ?selected=${value === f[key]}>${text}</option>`)}
        </select>
      </label>`;
    return html`<div class="toolbar filters" role="group" aria-label=${msg('Filters')}>
      ${select('technician', msg('Technician'), board.technicians.map((t) => [t.id, t.name]))}
      ${select('status', msg('Status'), (['scheduled', 'traveling', 'in_progress', 'completed', 'canceled'] as const).map((s) => [s, statusLabel(s)]))}
      ${select('serviceType', msg('Service type'), types.map((t) => [t, t]))}
      ${select('source', msg('Booked'), [['portal', msg('By the customer, online')], ['staff', msg('By staff')]])}
      ${!filtering(f) ? nothing : html`<button part="button" data-variant="secondary" data-size="small" type="button" @click=${() => (this.filters = NO_FILTERS)}>${msg('Clear filters')}</button>`}
    </div>`;
  }

  /** The day with the filters applied: technicians chosen, and only their visits that match. */
  private filtered(board: admin.Board): admin.Board {
    const f = this.filters;
    if (!filtering(f)) return board;
    return {
      ...board,
      technicians: board.technicians
        .filter((t) => !f.technician || t.id === f.technician)
        .map((t) => ({
          ...t,
          visits: t.visits.filter((v) => (!f.status || v.status === f.status) && (!f.serviceType || v.serviceTypeName === f.serviceType) && (!f.source || v.source === f.source)),
        })),
    };
  }

  private renderBoard(board: admin.Board) {
    const zone = board.timeZone;
    const caption = formatDay(board.date, undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
    if (!board.technicians.length) return html`<p part="notice">${msg('No active technicians.')}</p>`;
    // The span shown: working hours and visits, at least 07:00–19:00, whole hours.
    const dayStart = Date.parse(board.startsAt);
    const dayEnd = Date.parse(board.endsAt);
    const times = board.technicians.flatMap((t) => [...t.workingHours.flatMap((h) => [h.startsAt, h.endsAt]), ...t.visits.flatMap((v) => [v.startsAt, v.endsAt])]).map(Date.parse);
    let from = Math.max(dayStart, Math.min(dayStart + 7 * HOUR, ...times));
    let to = Math.min(dayEnd, Math.max(dayStart + 19 * HOUR, ...times));
    from = dayStart + Math.floor((from - dayStart) / HOUR) * HOUR;
    to = dayStart + Math.ceil((to - dayStart) / HOUR) * HOUR;
    const span = to - from;
    const place = (a: string, b: string) => {
      const s = Math.max(from, Date.parse(a));
      const e = Math.min(to, Date.parse(b));
      return setStyle({ 'inset-inline-start': `${((s - from) / span) * 100}%`, 'inline-size': `${(Math.max(0, e - s) / span) * 100}%` });
    };
    const hours = Array.from({ length: Math.round(span / HOUR) }, (_, i) => from + i * HOUR);
    const hourWidth = setStyle({ '--_hour': `${(HOUR / span) * 100}%` });
    return html`
      <section part="board" aria-labelledby="board-title board-day">
        <p id="board-day"><strong>${caption}</strong>
          ${!filtering(this.filters) ? nothing : html` · <span role="status">${msg(str`${board.technicians.reduce((n, t) => n + t.visits.length, 0)} visits match the filters`)}</span>`}</p>
        <div class="axis" aria-hidden="true">
          <span></span>
          <ol>
            ${hours.filter((_, i) => i % 2 === 0).map((h) => html`<li ${place(new Date(h).toISOString(), new Date(h + HOUR).toISOString())}>${this.time(new Date(h).toISOString(), zone)}</li>`)}
          </ol>
        </div>
        ${board.technicians.map((t) => {
          const heading = `tech-${t.id}`;
          const working = t.workingHours.map((h) => `${this.time(h.startsAt, zone)}–${this.time(h.endsAt, zone)}`).join(', ');
          return html`<div part="technician" data-technician=${t.id}>
            <h3 id=${heading}>
              ${t.name}
              <span class="off">${working ? msg(str`Works ${working}`) : msg('Not working')}${t.active ? nothing : ` · ${msg('Inactive')}`}</span>
            </h3>
            <ol part="track" aria-labelledby=${heading} ${hourWidth}>
              ${t.workingHours.map((h) => html`<li class="hours" aria-hidden="true" ${place(h.startsAt, h.endsAt)}></li>`)}
              ${t.timeOff.map((o) => html`<li class="away" aria-hidden="true" ${place(o.startsAt, o.endsAt)}></li>`)}
              ${t.visits.length ? nothing : html`<li class="visually-hidden">${msg('No visits')}</li>`}
              ${t.visits.map((v) => this.renderVisit(v, zone, place))}
            </ol>
          </div>`;
        })}
        <p class="legend" aria-hidden="true">
          <span><span class="swatch travel"></span>${msg('Travel')}</span>
          ${(['scheduled', 'traveling', 'in_progress', 'completed', 'canceled'] as const).map(
            (s) => html`<span><span class="swatch" data-status=${s}></span>${statusLabel(s)}</span>`,
          )}
        </p>
      </section>
    `;
  }

  private renderVisit(v: admin.BoardVisit, zone: string, place: (a: string, b: string) => ReturnType<typeof setStyle>) {
    const travelShare = Date.parse(v.endsAt) > Date.parse(v.startsAt) ? ((Date.parse(v.arrivalAt) - Date.parse(v.startsAt)) / (Date.parse(v.endsAt) - Date.parse(v.startsAt))) * 100 : 0;
    const shown = `${this.time(v.arrivalAt, zone)} ${v.accountName}`;
    // The rest of what the segment means, for screen readers (its accessible name starts with what it shows).
    const more = [
      msg(str`until ${this.time(v.endsAt, zone)}`),
      v.serviceTypeName,
      statusLabel(v.status),
      v.travelMinutes ? msg(str`${v.travelMinutes} min travel before`) : '',
    ].filter(Boolean).join(', ');
    return html`<li>
      <button part="visit" type="button" data-status=${v.status} data-booking=${v.bookingId} ${place(v.startsAt, v.endsAt)} title=${`${shown}, ${more}`}
        @click=${() => this.openVisit(v.bookingId)}>
        ${travelShare > 0 ? html`<span part="travel" ${setStyle({ 'inline-size': `${travelShare}%` })}></span>` : nothing}
        <span part="work">${shown}<span class="visually-hidden">, ${more}</span></span>
      </button>
    </li>`;
  }

  private renderDialog() {
    const v = this.visit.value;
    const technicians = this.day.value?.technicians ?? [];
    return html`<dialog part="dialog" data-visit aria-labelledby="visit-heading" @close=${() => (this.opened = undefined)} @arrivo-visit-changed=${this.changed}>
      ${this.visit.error
        ? this.renderLoadError(this.visit.error, () => this.visit.reload(), staffMessages)
        : !v
          ? html`<p role="status">${msg('Loading the visit…')}</p>`
          : html`
              <h2 id="visit-heading">${v.serviceTypeName} · ${v.accountName}</h2>
              <dl>
                <dt>${msg('Status')}</dt>
                <dd><span part="badge" data-status=${v.status}>${statusLabel(v.status)}</span></dd>
                <dt>${msg('Arrival')}</dt>
                <dd>${this.time(v.arrivalAt, v.timeZone)}–${this.time(v.endsAt, v.timeZone)}</dd>
                <dt>${msg('Travel')}</dt>
                <dd>${msg(str`${v.travelMinutes} min, setting off at ${this.time(v.startsAt, v.timeZone)}`)}</dd>
                <dt>${msg('Technician')}</dt>
                <dd>${v.technician.name}</dd>
                <dt>${msg('Work order')}</dt>
                <dd>${v.workOrderNumber}</dd>
                <dt>${msg('Address')}</dt>
                <dd>${[v.address.line1, [v.address.city, v.address.postalCode].filter(Boolean).join(' ')].join(', ')}</dd>
                ${v.contact
                  ? html`<dt>${msg('Reported by')}</dt>
                      <dd>
                        ${v.contact.name}<br /><a href="mailto:${v.contact.email}">${v.contact.email}</a>
                        ${v.contact.phone ? html`<br /><a href="tel:${v.contact.phone}">${v.contact.phone}</a>` : nothing}
                      </dd>`
                  : nothing}
                ${v.asset ? html`<dt>${msg('Product')}</dt><dd>${v.asset.name}</dd>` : nothing}
                <dt>${msg('Booked')}</dt>
                <dd>${v.source === 'portal' ? msg('By the customer, online') : msg('By staff')}</dd>
                ${v.comments ? html`<dt>${msg('Comments')}</dt><dd>${v.comments}</dd>` : nothing}
                ${v.intakeAnswers.map((q) => html`<dt>${q.label}</dt><dd>${q.value}</dd>`)}
                ${v.cancelReason ? html`<dt>${msg('Cancel reason')}</dt><dd>${v.cancelReason}</dd>` : nothing}
              </dl>
              <h3>${msg('History')}</h3>
              ${v.history.length
                ? html`<ol class="plain">
                    ${v.history.map(
                      (h) => html`<li>${new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: v.timeZone }).format(new Date(h.changedAt))}
                        · ${h.from === h.to ? msg('Moved') : statusLabel(h.to)}${h.note ? ` · ${h.note}` : nothing}</li>`,
                    )}
                  </ol>`
                : html`<p>${msg('No changes yet.')}</p>`}
              ${this.toolsReady
                ? html`<arrivo-admin-visit-more api=${this.api} business=${this.business} locale=${this.locale || nothing} theme=${this.theme} .visit=${v} .technicians=${technicians}></arrivo-admin-visit-more>`
                : nothing}
              ${v.next.includes('canceled')
                ? html`<label>${msg('Reason (to cancel)')}
                    <textarea rows="2" maxlength="2000" .value=${this.reason} @input=${(e: InputEvent) => (this.reason = (e.target as HTMLTextAreaElement).value)}></textarea>
                  </label>`
                : nothing}
              ${this.dialogError ? html`<p part="error" role="alert">${this.dialogError}</p>` : nothing}
              <div class="actions">
                ${MOVES.filter((m) => v.next.includes(m)).map(
                  (m) => html`<button part="button" type="button" data-move=${m} data-variant=${m === 'canceled' ? 'secondary' : nothing} ?disabled=${this.busy} @click=${() => this.move(m)}>
                    ${moveLabel(m)}
                  </button>`,
                )}
              </div>
            `}
      <div class="actions"><button part="button" data-variant="secondary" type="button" @click=${() => this.dialog?.close()}>${msg('Close')}</button></div>
    </dialog>`;
  }
}
