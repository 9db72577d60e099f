import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import { ApiError } from '../../../api/api-error';
import * as api from '../../../api/admin-insights';
import { outcome } from '../setup/shared';
import { dayRange } from './shared';
import { insightsStyles } from './insights.styles';

type Scores = api.FeedbackSummary['overall'];

/**
 * Feedback (staff): the averages (rating, CSAT, NPS) overall, per technician and per service
 * type, the answers newest first, and the same feedback as a CSV file.
 * @tag arrivo-admin-feedback
 */
@localized()
export class ArrivoAdminFeedback extends ArrivoElement {
  static override styles = insightsStyles;

  @state() private range = { from: '', to: '' };
  @state() private csv?: { url: string; name: string };
  @state() private exportError?: string;
  @state() private busy = false;

  private readonly feedback = this.data(
    ([r], signal) => Promise.all([api.feedbackSummary(this.connection, dayRange(r.from, r.to), signal), api.feedback(this.connection, dayRange(r.from, r.to), signal)]),
    { args: () => [this.range] as const, onError: (err) => this.report(err) },
  );

  override disconnectedCallback() {
    super.disconnectedCallback();
    if (this.csv) URL.revokeObjectURL(this.csv.url);
  }

  private filter(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.range = { from: String(data.get('from') ?? ''), to: String(data.get('to') ?? '') };
  }

  /** The CSV needs the bearer token, so it is fetched and offered as a file from memory. */
  private async exportCsv() {
    this.busy = true;
    this.exportError = undefined;
    try {
      const res = await fetch(api.feedbackExportUrl(this.connection, dayRange(this.range.from, this.range.to)), { headers: { authorization: `Bearer ${this.session?.token ?? ''}` } });
      if (!res.ok) throw ApiError.fromResponse(res.status, await res.json().catch(() => undefined));
      if (this.csv) URL.revokeObjectURL(this.csv.url);
      // (Content-Disposition is not readable across origins: the server's name, made here.)
      const name = `feedback-${this.business}.csv`;
      this.csv = { url: URL.createObjectURL(await res.blob()), name };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLAnchorElement>('a[data-csv]')?.click();
    } catch (err) {
      this.exportError = this.report(err instanceof TypeError ? new ApiError('network_error', err.message) : err);
    } finally {
      this.busy = false;
    }
  }

  private scores(s: Scores) {
    return html`<td class="number">${s.count}</td>
      <td class="number">${s.averageRating ?? '—'}</td>
      <td class="number">${s.csat === null ? '—' : `${s.csat}%`}</td>
      <td class="number">${s.nps ?? '—'}</td>`;
  }

  private scoreHeads(first: string) {
    return html`<thead>
      <tr>
        <th scope="col">${first}</th>
        <th scope="col" class="number">${msg('Answers')}</th>
        <th scope="col" class="number">${msg('Average rating')}</th>
        <th scope="col" class="number">${msg('CSAT')}</th>
        <th scope="col" class="number">${msg('NPS')}</th>
      </tr>
    </thead>`;
  }

  override render() {
    const loaded = this.feedback.value;
    const day = new Intl.DateTimeFormat(this.locale || undefined, { dateStyle: 'medium' });
    return html`<section part="panel" aria-labelledby="feedback-title">
      <h3 id="feedback-title">${msg('Feedback')}</h3>
      <form class="row" novalidate aria-label=${msg('Filter the feedback')} @submit=${this.filter}>
        <label>${msg('Visits from')}<input name="from" type="date" .value=${this.range.from} /></label>
        <label>${msg('To')}<input name="to" type="date" .value=${this.range.to} /></label>
        <button part="button" type="submit">${msg('Filter')}</button>
        <button part="button" data-variant="secondary" type="button" data-action="export" ?disabled=${this.busy} @click=${this.exportCsv}>${msg('Export CSV')}</button>
      </form>
      ${this.csv ? html`<p><a data-csv href=${this.csv.url} download=${this.csv.name}>${msg('Download the CSV again')}</a></p>` : nothing}
      ${outcome(this.exportError)}
      ${this.feedback.error
        ? this.renderLoadError(this.feedback.error, () => this.feedback.reload())
        : !loaded
          ? html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span class="tall"></span></div>`
          : html`<table data-summary>
                <caption>${msg('Averages')}</caption>
                ${this.scoreHeads(msg('Over'))}
                <tbody>
                  <tr data-overall><th scope="row">${msg('All visits')}</th>${this.scores(loaded[0].overall)}</tr>
                  ${loaded[0].byTechnician.map((t) => html`<tr><th scope="row">${t.technician.name}</th>${this.scores(t)}</tr>`)}
                  ${loaded[0].byServiceType.map((t) => html`<tr><th scope="row">${t.serviceType.name}</th>${this.scores(t)}</tr>`)}
                </tbody>
              </table>
              ${loaded[1].length
                ? html`<div class="scroll" tabindex="0" role="region" aria-label=${msg('Table of answers')}>
                    <table data-feedback>
                      <caption>${msg('Answers, newest visit first')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">${msg('Visit')}</th>
                          <th scope="col">${msg('Customer')}</th>
                          <th scope="col">${msg('Technician')}</th>
                          <th scope="col" class="number">${msg('Rating')}</th>
                          <th scope="col">${msg('Comment')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        ${loaded[1].map(
                          (f) => html`<tr data-low=${f.lowScore ? 'true' : 'false'}>
                            <td>${day.format(new Date(f.arrivalAt))} · #${f.workOrderNumber}</td>
                            <td>${f.account.name}</td>
                            <td>${f.technician.name}</td>
                            <td class="number">${f.rating}${f.lowScore ? html` <span part="badge">${msg('Low')}</span>` : nothing}</td>
                            <td>${f.comment ?? ''}</td>
                          </tr>`,
                        )}
                      </tbody>
                    </table>
                  </div>`
                : html`<p part="notice">${msg('No feedback for these visits.')}</p>`}`}
    </section>`;
  }
}
