import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import { tabbedHeading } from '../setup/shared';
import { settingsStyles } from './settings.styles';

type Tab = 'invitations' | 'notifications' | 'survey' | 'plugins';

/**
 * The business's settings (admins only, as the API says), one tab each: invitations, the messages
 * customers get (switches, the reminder, the wording per message and language with previews, the
 * emails' colours), the survey, and plugins. Tracking is set in the scheduling setup.
 * @tag arrivo-admin-settings
 */
@localized()
export class ArrivoAdminSettings extends ArrivoElement {
  static override styles = settingsStyles;

  @state() private tab: Tab = 'invitations';

  override render() {
    const tabs: [Tab, string][] = [
      ['invitations', msg('Invitations')],
      ['notifications', msg('Notifications')],
      ['survey', msg('Survey')],
      ['plugins', msg('Plugins')],
    ];
    const a = { api: this.api, business: this.business, locale: this.locale || nothing, theme: this.theme };
    return html`${tabbedHeading(msg('Settings'), tabs, this.tab, (t) => (this.tab = t))}
      <p class="hint" part="notice">${msg('Live tracking (on or off, the arriving radius, how long locations are kept) is set in Scheduling setup, under Self-scheduling and embedding.')}</p>
      ${this.tab === 'invitations'
        ? html`<arrivo-admin-invitation-settings api=${a.api} business=${a.business} locale=${a.locale} theme=${a.theme}></arrivo-admin-invitation-settings>`
        : this.tab === 'notifications'
          ? html`<arrivo-admin-notification-settings api=${a.api} business=${a.business} locale=${a.locale} theme=${a.theme}></arrivo-admin-notification-settings>
              <arrivo-admin-message-templates api=${a.api} business=${a.business} locale=${a.locale} theme=${a.theme}></arrivo-admin-message-templates>`
          : this.tab === 'survey'
            ? html`<arrivo-admin-survey-settings api=${a.api} business=${a.business} locale=${a.locale} theme=${a.theme}></arrivo-admin-survey-settings>`
            : html`<arrivo-admin-plugins api=${a.api} business=${a.business} locale=${a.locale} theme=${a.theme}></arrivo-admin-plugins>`}`;
  }
}
