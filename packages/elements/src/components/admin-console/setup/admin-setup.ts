import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import { tabbedHeading } from './shared';
import { setupStyles } from './setup.styles';

type Tab = 'skills' | 'territories' | 'service-types' | 'technicians' | 'self-scheduling';

/**
 * Scheduling setup of the admin console: skills, territories, service types and technicians (staff, as the API
 * allows dispatchers too), and the self-scheduling and embedding settings (admins only).
 * @tag arrivo-admin-setup
 */
@localized()
export class ArrivoAdminSetup extends ArrivoElement {
  static override styles = setupStyles;

  @state() private tab: Tab = 'technicians';

  override render() {
    const admin = this.session?.roles.includes('admin') ?? false;
    const tabs: [Tab, string][] = [
      ['technicians', msg('Technicians')],
      ['service-types', msg('Service types')],
      ['skills', msg('Skills')],
      ['territories', msg('Territories')],
      ...(admin ? ([['self-scheduling', msg('Self-scheduling and embedding')]] as [Tab, string][]) : []),
    ];
    const open = tabs.some(([t]) => t === this.tab) ? this.tab : 'technicians';
    const attrs = { api: this.api, business: this.business, locale: this.locale || nothing, theme: this.theme };
    return html`${tabbedHeading(msg('Scheduling setup'), tabs, open, (t) => (this.tab = t))}
      ${open === 'technicians'
        ? html`<arrivo-admin-technicians api=${attrs.api} business=${attrs.business} locale=${attrs.locale} theme=${attrs.theme}></arrivo-admin-technicians>`
        : open === 'service-types'
          ? html`<arrivo-admin-service-types api=${attrs.api} business=${attrs.business} locale=${attrs.locale} theme=${attrs.theme}></arrivo-admin-service-types>`
          : open === 'skills'
            ? html`<arrivo-admin-skills api=${attrs.api} business=${attrs.business} locale=${attrs.locale} theme=${attrs.theme}></arrivo-admin-skills>`
            : open === 'territories'
              ? html`<arrivo-admin-territories api=${attrs.api} business=${attrs.business} locale=${attrs.locale} theme=${attrs.theme}></arrivo-admin-territories>`
            : html`<arrivo-admin-scheduling-settings api=${attrs.api} business=${attrs.business} locale=${attrs.locale} theme=${attrs.theme}></arrivo-admin-scheduling-settings>`}`;
  }
}
