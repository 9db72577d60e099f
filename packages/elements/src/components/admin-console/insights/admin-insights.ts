import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import { tabbedHeading } from '../setup/shared';
import { insightsStyles } from './insights.styles';

type Tab = 'counts' | 'deliveries' | 'feedback';

/**
 * Insights (staff): simple counts over the business's days, the delivery log of customer
 * messages, and feedback with its averages.
 * @tag arrivo-admin-insights
 */
@localized()
export class ArrivoAdminInsights extends ArrivoElement {
  static override styles = insightsStyles;

  @state() private tab: Tab = 'counts';

  override render() {
    const tabs: [Tab, string][] = [
      ['counts', msg('Bookings and cancellations')],
      ['deliveries', msg('Delivery log')],
      ['feedback', msg('Feedback')],
    ];
    const a = { api: this.api, business: this.business, locale: this.locale || nothing, theme: this.theme };
    return html`${tabbedHeading(msg('Insights'), tabs, this.tab, (t) => (this.tab = t))}
      ${this.tab === 'counts'
        ? html`<arrivo-admin-counts api=${a.api} business=${a.business} locale=${a.locale} theme=${a.theme}></arrivo-admin-counts>`
        : this.tab === 'deliveries'
          ? html`<arrivo-admin-delivery-log api=${a.api} business=${a.business} locale=${a.locale} theme=${a.theme}></arrivo-admin-delivery-log>`
          : html`<arrivo-admin-feedback api=${a.api} business=${a.business} locale=${a.locale} theme=${a.theme}></arrivo-admin-feedback>`}`;
  }
}
