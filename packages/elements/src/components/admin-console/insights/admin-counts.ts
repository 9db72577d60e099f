import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import * as api from '../../../api/admin-insights';
import { fieldError, outcome } from '../setup/shared';
import { setStyle } from '../set-style';
import { invalidQuery } from './shared';
import { insightsStyles } from './insights.styles';

/**
 * Simple counts over a range of the business's days (staff): visits per day by who booked them
 * (an accessible table and a bar chart), the self-scheduled share, and cancellations by reason.
 * @tag arrivo-admin-counts
 */
@localized()
export class ArrivoAdminCounts extends ArrivoElement {
  static override styles = insightsStyles;

  /** The range asked for; none: the server's default (the 30 days up to today). */
  @state() private range?: { from: string; to: string };
  @state() private formError?: string;
  @state() private invalid = new Set<string>();

  private readonly counts = this.data(([range], signal) => api.insights(this.connection, range ?? {}, signal), {
    args: () => [this.range] as const,
    onError: (err) => {
      this.invalid = invalidQuery(err);
      this.formError = this.report(err);
    },
  });

  private show(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.formError = undefined;
    this.invalid = new Set();
    const range = { from: String(data.get('from') ?? ''), to: String(data.get('to') ?? '') };
    if (range.from === this.range?.from && range.to === this.range.to) void this.counts.reload();
    else this.range = range;
  }

  /** A bar per day, online bookings stacked on staff ones (CSS only, heights set through the CSSOM for strict CSPs; the table says the same in words). */
  private chart(days: api.Insights['days']) {
    const max = Math.max(1, ...days.map((d) => d.bookings));
    const pct = (n: number) => `${(100 * n) / max}%`;
    return html`<div class="chart" aria-hidden="true" data-chart>
      ${days.map((d) => html`<div class="bar"><span class="portal" ${setStyle({ 'block-size': pct(d.portal) })}></span><span class="staff" ${setStyle({ 'block-size': pct(d.staff) })}></span></div>`)}
    </div>`;
  }

  override render() {
    const c = this.counts.value;
    const badFrom = this.invalid.has('from');
    const badTo = this.invalid.has('to');
    const dateFormat = new Intl.DateTimeFormat(this.locale || undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
    return html`<div class="stack">
      <form part="form panel" novalidate aria-labelledby="counts-title" @submit=${this.show}>
        <h3 id="counts-title">${msg('Bookings and cancellations')}</h3>
        <p class="hint">${msg('Visits are counted on the day they take place, in your business’s time zone; at most 366 days at a time.')}</p>
        <div class="row">
          <label>${msg('From')}
            <input name="from" type="date" .value=${this.range?.from ?? c?.from ?? ''} aria-invalid=${badFrom ? 'true' : nothing} aria-describedby=${badFrom ? 'from-error' : nothing} />
            ${fieldError('from', badFrom ? msg('Enter a date.') : undefined)}
          </label>
          <label>${msg('To')}
            <input name="to" type="date" .value=${this.range?.to ?? c?.to ?? ''} aria-invalid=${badTo ? 'true' : nothing} aria-describedby=${badTo ? 'to-error' : nothing} />
            ${fieldError('to', badTo ? msg('Enter a date on or after From, at most 366 days later.') : undefined)}
          </label>
          <button part="button" type="submit">${msg('Show')}</button>
        </div>
        ${outcome(this.formError)}
      </form>
      ${c && !this.formError ? this.renderCounts(c, dateFormat) : !this.formError ? html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span class="tall"></span></div>` : nothing}
    </div>`;
  }

  private renderCounts(c: api.Insights, dateFormat: Intl.DateTimeFormat) {
    const day = (date: string) => dateFormat.format(new Date(`${date}T00:00:00Z`));
    const share = c.totals.selfScheduledShare;
    return html`<section part="panel" aria-labelledby="totals-title" data-totals>
        <h3 id="totals-title">${msg(str`${day(c.from)} to ${day(c.to)}`)}</h3>
        <dl class="figures">
          <div><dt>${msg('Bookings')}</dt><dd data-figure="bookings">${c.totals.bookings}</dd></div>
          <div><dt>${msg('Booked by customers online')}</dt><dd data-figure="share">${share === null ? '—' : `${share}%`}</dd></div>
          <div><dt>${msg('Booked by staff')}</dt><dd data-figure="staff">${c.totals.staff}</dd></div>
          <div><dt>${msg('Canceled')}</dt><dd data-figure="canceled">${c.totals.canceled}</dd></div>
        </dl>
      </section>
      <section part="panel" aria-labelledby="per-day-title">
        <h3 id="per-day-title">${msg('Bookings per day')}</h3>
        <p class="legend"><span class="swatch portal"></span>${msg('Booked online')} <span class="swatch staff"></span>${msg('Booked by staff')}</p>
        ${this.chart(c.days)}
        <div class="scroll" tabindex="0" role="region" aria-label=${msg('Table of bookings per day')}>
          <table data-days>
            <caption class="visually-hidden">${msg('Bookings per day')}</caption>
            <thead>
              <tr>
                <th scope="col">${msg('Day')}</th>
                <th scope="col" class="number">${msg('Bookings')}</th>
                <th scope="col" class="number">${msg('Online')}</th>
                <th scope="col" class="number">${msg('By staff')}</th>
                <th scope="col" class="number">${msg('Canceled')}</th>
              </tr>
            </thead>
            <tbody>
              ${c.days.map(
                (d) => html`<tr data-day=${d.date}>
                  <th scope="row">${day(d.date)}</th>
                  <td class="number">${d.bookings}</td>
                  <td class="number">${d.portal}</td>
                  <td class="number">${d.staff}</td>
                  <td class="number">${d.canceled}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>
      <section part="panel" aria-labelledby="reasons-title">
        <h3 id="reasons-title">${msg('Cancellations by reason')}</h3>
        ${c.cancellations.length
          ? html`<table data-reasons>
              <thead>
                <tr><th scope="col">${msg('Reason')}</th><th scope="col" class="number">${msg('Visits')}</th></tr>
              </thead>
              <tbody>
                ${c.cancellations.map((r) => html`<tr><td>${r.reason}</td><td class="number">${r.count}</td></tr>`)}
              </tbody>
            </table>`
          : html`<p part="notice">${msg('No cancellations in these days.')}</p>`}
      </section>`;
  }
}
