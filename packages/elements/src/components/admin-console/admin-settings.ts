import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { ArrivoElement } from '../../base/arrivo-element';
import * as admin from '../../api/admin';
import { adminConsoleStyles } from './admin-console.styles';

/**
 * Invitation settings (admins only, as the API says): automatic invitations and how long a code
 * is valid.
 * @tag arrivo-admin-settings
 */
@localized()
export class ArrivoAdminSettings extends ArrivoElement {
  static override styles = adminConsoleStyles;

  @state() private notice?: string;
  @state() private formError?: string;
  @state() private busy = false;

  private readonly settings = this.data((_, signal) => admin.accessSettings(this.connection, signal), { onError: (err) => this.report(err) });

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.busy = true;
    this.notice = this.formError = undefined;
    try {
      await admin.updateAccessSettings(this.connection, {
        autoInvite: data.get('autoInvite') as admin.AccessSettings['autoInvite'],
        invitationTtlHours: Number(data.get('ttl')),
      });
      await this.settings.reload();
      this.notice = msg('Settings saved.');
    } catch (err) {
      this.formError = this.report(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (this.settings.error) return this.renderLoadError(this.settings.error, () => this.settings.reload());
    const s = this.settings.value;
    if (!s) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span></span></div>`;
    return html`<form part="form panel" aria-labelledby="settings-title" @submit=${this.save}>
      <h2 id="settings-title">${msg('Invitation settings')}</h2>
      <label>${msg('Invite contacts automatically')}
        <select name="autoInvite">
          <option value="all_contacts" ?selected=${s.autoInvite === 'all_contacts'}>${msg('Every contact added to an active account')}</option>
          <option value="new_contacts" ?selected=${s.autoInvite === 'new_contacts'}>${msg('Only emails never invited before')}</option>
          <option value="off" ?selected=${s.autoInvite === 'off'}>${msg('Off: staff use Create invitation')}</option>
        </select>
      </label>
      <label>${msg('An invitation code is valid for (hours)')}
        <input name="ttl" type="number" min="1" max="2160" required .value=${String(s.invitationTtlHours)} />
      </label>
      ${this.formError ? html`<p part="error" role="alert">${this.formError}</p>` : nothing}
      ${this.notice ? html`<p part="notice" role="status">${this.notice}</p>` : nothing}
      <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Save settings')}</button></div>
    </form>`;
  }
}
