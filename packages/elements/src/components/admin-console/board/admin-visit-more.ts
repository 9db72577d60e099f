import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { NotificationLogMessage, NotificationState } from '@arrivo/core';
import { ArrivoElement } from '../../../base/arrivo-element';
import { NOTHING } from '../../../base/data';
import * as staff from '../../../api/admin-booking';
import { currentLocale } from '../../../localization';
import { boardToolStyles } from './board-tools.styles';
import { ArrivoVisitChangedEvent } from './events';

export const dayOf = (iso: string, zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
export const clock = (iso: string, zone: string) => new Intl.DateTimeFormat(currentLocale(), { hour: 'numeric', minute: '2-digit', timeZone: zone }).format(new Date(iso));

const kindLabel = (m: NotificationLogMessage | null): string =>
  (m &&
    ({
      confirmation: msg('Confirmation'),
      rescheduled: msg('New time'),
      canceled: msg('Cancellation'),
      on_the_way: msg('On the way'),
      arriving: msg('Arriving'),
      reminder: msg('Reminder'),
      completed: msg('Completed'),
    } as Partial<Record<NotificationLogMessage, string>>)[m]) ??
  m ??
  '—';

const stateLabel = (s: NotificationState) => ({ queued: msg('Queued'), sent: msg('Sent'), failed: msg('Failed, retrying'), dead: msg('Not delivered') })[s];

/**
 * The board's visit dialog, beyond the details (a chunk of its own, loaded when a visit is first
 * opened): the messages sent about the visit, and moving it to another free time and technician.
 * @tag arrivo-admin-visit-more
 */
@localized()
export class ArrivoAdminVisitMore extends ArrivoElement {
  static override styles = boardToolStyles;

  @property({ attribute: false }) visit?: staff.StaffBooking;
  /** The business's technicians (the board's), to choose one and to name who would go. */
  @property({ attribute: false }) technicians: { id: string; name: string }[] = [];

  @state() private date = '';
  @state() private technicianId = '';
  @state() private arrivalAt = '';
  @state() private note = '';
  @state() private error?: string;
  @state() private busy = false;

  private readonly log = this.data(([id], signal) => (id ? staff.messages(this.connection, id, signal) : Promise.resolve(NOTHING)), {
    args: () => [this.visit?.bookingId] as const,
    onError: (err) => this.report(err),
  });

  private readonly times = this.data(
    ([id, date, technicianId, status], signal) =>
      id && date && status === 'scheduled' ? staff.moveSlots(this.connection, id, { date, technicianId: technicianId || undefined }, signal) : Promise.resolve(NOTHING),
    { args: () => [this.visit?.bookingId, this.date, this.technicianId, this.visit?.status] as const, onError: (err) => this.report(err) },
  );

  protected override willUpdate(changed: Map<PropertyKey, unknown>) {
    super.willUpdate(changed);
    const before = changed.get('visit') as staff.StaffBooking | undefined;
    if (changed.has('visit') && this.visit && before?.bookingId !== this.visit.bookingId) {
      this.date = dayOf(this.visit.arrivalAt, this.visit.timeZone);
      this.technicianId = this.arrivalAt = this.note = '';
      this.error = undefined;
    }
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.arrivalAt) {
      this.error = msg('Choose a new time first.');
      return;
    }
    this.busy = true;
    this.error = undefined;
    try {
      const booking = await staff.move(this.connection, this.visit!.bookingId, {
        arrivalAt: this.arrivalAt,
        ...(this.technicianId ? { technicianId: this.technicianId } : {}),
        ...(this.note.trim() ? { note: this.note.trim() } : {}),
      });
      this.arrivalAt = this.note = '';
      this.emit(new ArrivoVisitChangedEvent({ booking }));
      void this.log.reload();
    } catch (err) {
      this.error = this.report(err);
      void this.times.reload();
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const v = this.visit;
    if (!v) return nothing;
    return html`${this.renderMessages(v)} ${v.status === 'scheduled' ? this.renderMove(v) : nothing}`;
  }

  private renderMessages(v: staff.StaffBooking) {
    const rows = this.log.value;
    const when = (iso: string) => new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: v.timeZone }).format(new Date(iso));
    return html`<h3 id="messages-title">${msg('Messages sent')}</h3>
      ${this.log.error
        ? this.renderLoadError(this.log.error, () => this.log.reload())
        : !rows
          ? html`<p role="status">${msg('Loading…')}</p>`
          : !rows.length
            ? html`<p part="notice">${v.source === 'staff' ? msg('None: visits booked by staff send the customer no messages.') : msg('No messages about this visit yet.')}</p>`
            : html`<table data-messages aria-labelledby="messages-title">
                <thead>
                  <tr><th scope="col">${msg('Message')}</th><th scope="col">${msg('Channel')}</th><th scope="col">${msg('To')}</th><th scope="col">${msg('State')}</th><th scope="col">${msg('When')}</th></tr>
                </thead>
                <tbody>
                  ${rows.map(
                    (r) => html`<tr data-message=${r.message ?? nothing}>
                      <td>${kindLabel(r.message)}</td><td>${r.channel}</td><td>${r.recipient}</td><td>${stateLabel(r.state)}</td><td>${when(r.sentAt ?? r.createdAt)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`}`;
  }

  private renderMove(v: staff.StaffBooking) {
    const found = this.times.value;
    const names = new Map(this.technicians.map((t) => [t.id, t.name]));
    return html`<form data-move-form aria-labelledby="move-title" @submit=${this.submit} novalidate>
      <h3 id="move-title">${msg('Move visit')}</h3>
      <div class="grid2">
        <label>${msg('Day')}
          <input type="date" name="moveDate" .value=${this.date} @change=${(e: Event) => ((this.date = (e.target as HTMLInputElement).value), (this.arrivalAt = ''))} />
        </label>
        <label>${msg('Technician')}
          <select name="moveTechnician" @change=${(e: Event) => ((this.technicianId = (e.target as HTMLSelectElement).value), (this.arrivalAt = ''))}>
            <option value="" ?selected=${!this.technicianId}>${msg('Any (least travel)')}</option>
            ${this.technicians.map((t) => html`<option value=${t.id} ?selected=${t.id === this.technicianId}>${t.name}</option>`)}
          </select>
        </label>
      </div>
      <fieldset class="plain">
        <legend>${msg('Free times')}</legend>
        ${this.times.error
          ? this.renderLoadError(this.times.error, () => this.times.reload())
          : !found
            ? html`<p role="status">${msg('Loading times…')}</p>`
            : !found.slots.length
              ? html`<p part="notice">${msg('No free times on this day.')}</p>`
              : html`<div class="times" role="group" aria-label=${msg('Free times')}>
                  ${found.slots.map(
                    (s) => html`<button part="button" data-variant=${s.arrivalAt === this.arrivalAt ? nothing : 'secondary'} data-size="small" type="button" data-slot=${s.arrivalAt}
                      aria-pressed=${s.arrivalAt === this.arrivalAt ? 'true' : 'false'} @click=${() => ((this.arrivalAt = s.arrivalAt), (this.error = undefined))}>
                      ${clock(s.arrivalAt, v.timeZone)} · ${names.get(s.technicianId) ?? ''} · ${msg(str`${s.travelMinutes} min travel`)}
                    </button>`,
                  )}
                </div>`}
      </fieldset>
      <label>${msg('Note for the history (optional)')}
        <input name="moveNote" maxlength="2000" .value=${this.note} @input=${(e: InputEvent) => (this.note = (e.target as HTMLInputElement).value)} />
      </label>
      <p class="hint">${v.source === 'portal' ? msg('The customer booked this online: they are sent the new time.') : msg('Booked by staff: the customer is not sent a message.')}</p>
      ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing}
      <div class="actions">
        <button part="button" type="submit" ?disabled=${this.busy || !this.arrivalAt}>${this.busy ? msg('Saving…') : msg('Move visit')}</button>
      </div>
    </form>`;
  }
}
