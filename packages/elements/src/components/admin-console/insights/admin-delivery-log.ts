import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { NOTIFICATION_STATES, type NotificationLogMessage, type NotificationState } from '@arrivo/core';
import { ArrivoElement } from '../../../base/arrivo-element';
import * as api from '../../../api/admin-insights';
import { fieldError, outcome } from '../setup/shared';
import { dayRange, invalidQuery } from './shared';
import { insightsStyles } from './insights.styles';

interface Filters {
  state?: NotificationState;
  from: string;
  to: string;
}

export function messageLabel(m: NotificationLogMessage | null): string {
  if (!m) return msg('Message');
  const labels: Record<NotificationLogMessage, string> = {
    confirmation: msg('Confirmation'),
    reminder: msg('Reminder'),
    rescheduled: msg('Visit moved'),
    canceled: msg('Visit canceled'),
    on_the_way: msg('Technician on the way'),
    arriving: msg('Technician arriving'),
    completed: msg('Thank you after the visit'),
    invitation: msg('Invitation'),
    password_reset: msg('Password reset'),
    low_score_alert: msg('Low score alert'),
  };
  return labels[m];
}

/**
 * The delivery log (staff): every message sent to customers, newest first, filtered by state and
 * days; a failed or dead booking message can be sent again.
 * @tag arrivo-admin-delivery-log
 */
@localized()
export class ArrivoAdminDeliveryLog extends ArrivoElement {
  static override styles = insightsStyles;

  @state() private filters: Filters = { from: '', to: '' };
  @state() private notice?: string;
  @state() private actionError?: string;
  @state() private invalid = new Set<string>();
  @state() private busy = false;

  private readonly log = this.data(([f], signal) => api.deliveryLog(this.connection, { state: f.state, ...dayRange(f.from, f.to), limit: 200 }, signal), {
    args: () => [this.filters] as const,
    onError: (err) => {
      this.invalid = invalidQuery(err);
      this.report(err);
    },
  });

  private stateLabel(s: NotificationState) {
    return { queued: msg('Queued'), sent: msg('Sent'), failed: msg('Failed (will retry)'), dead: msg('Failed (gave up)') }[s];
  }

  private filter(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const s = String(data.get('state') ?? '');
    this.notice = this.actionError = undefined;
    this.invalid = new Set();
    this.filters = { state: s ? (s as NotificationState) : undefined, from: String(data.get('from') ?? ''), to: String(data.get('to') ?? '') };
  }

  private async resend(entry: api.LogEntry) {
    this.busy = true;
    this.notice = this.actionError = undefined;
    try {
      await api.resend(this.connection, entry.id);
      await this.log.reload();
      this.notice = msg(str`Sending again to ${entry.recipient}.`);
    } catch (err) {
      this.actionError = this.report(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const f = this.filters;
    const when = new Intl.DateTimeFormat(this.locale || undefined, { dateStyle: 'medium', timeStyle: 'short' });
    const badFrom = this.invalid.has('from');
    const badTo = this.invalid.has('to');
    return html`<section part="panel" aria-labelledby="log-title">
      <h3 id="log-title">${msg('Delivery log')}</h3>
      <form class="row" novalidate aria-label=${msg('Filter the delivery log')} @submit=${this.filter}>
        <label>${msg('State')}
          <select name="state">
            <option value="" ?selected=${!f.state}>${msg('Any')}</option>
            ${NOTIFICATION_STATES.map((s) => html`<option value=${s} ?selected=${f.state === s}>${this.stateLabel(s)}</option>`)}
          </select>
        </label>
        <label>${msg('From')}<input name="from" type="date" .value=${f.from} aria-invalid=${badFrom ? 'true' : nothing} aria-describedby=${badFrom ? 'log-from-error' : nothing} />
          ${fieldError('log-from', badFrom ? msg('Enter a date.') : undefined)}</label>
        <label>${msg('To')}<input name="to" type="date" .value=${f.to} aria-invalid=${badTo ? 'true' : nothing} aria-describedby=${badTo ? 'log-to-error' : nothing} />
          ${fieldError('log-to', badTo ? msg('Enter a date.') : undefined)}</label>
        <button part="button" type="submit">${msg('Filter')}</button>
      </form>
      ${outcome(this.actionError, this.notice)}
      ${this.log.error
        ? this.renderLoadError(this.log.error, () => this.log.reload())
        : !this.log.value
          ? html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span class="tall"></span></div>`
          : !this.log.value.length
            ? html`<p part="notice">${msg('No messages match.')}</p>`
            : html`<div class="scroll" tabindex="0" role="region" aria-label=${msg('Table of messages')}>
                <table data-log>
                  <caption class="visually-hidden">${msg('Delivery log')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">${msg('Created')}</th>
                      <th scope="col">${msg('Message')}</th>
                      <th scope="col">${msg('To')}</th>
                      <th scope="col">${msg('State')}</th>
                      <th scope="col" class="number">${msg('Attempts')}</th>
                      <th scope="col"><span class="visually-hidden">${msg('Actions')}</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${this.log.value.map(
                      (n) => html`<tr data-notification=${n.id} data-state=${n.state}>
                        <td>${when.format(new Date(n.createdAt))}</td>
                        <td>${messageLabel(n.message)}</td>
                        <td>${n.recipient}</td>
                        <td><span part="badge">${this.stateLabel(n.state)}</span>${n.lastError ? html`<br /><small>${n.lastError}</small>` : nothing}</td>
                        <td class="number">${n.attempts}</td>
                        <td>
                          ${n.resendable && (n.state === 'failed' || n.state === 'dead')
                            ? html`<button part="button" data-size="small" type="button" data-action="resend" ?disabled=${this.busy} @click=${() => this.resend(n)}
                                aria-label=${msg(str`Resend the ${messageLabel(n.message)} to ${n.recipient}`)}>${msg('Resend')}</button>`
                            : nothing}
                        </td>
                      </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`}
    </section>`;
  }
}
