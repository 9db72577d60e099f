import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import * as admin from '../../../api/admin';
import { fieldError, invalidFields, outcome } from '../setup/shared';
import { settingsStyles } from './settings.styles';

/**
 * Invitation settings (admins only, as the API says): automatic invitations and how long a code
 * is valid. A refused value says so beside its field and keeps what was typed.
 * @tag arrivo-admin-invitation-settings
 */
@localized()
export class ArrivoAdminInvitationSettings extends ArrivoElement {
  static override styles = settingsStyles;

  @state() private notice?: string;
  @state() private formError?: string;
  @state() private invalid = new Set<string>();
  @state() private busy = false;

  private readonly settings = this.data((_, signal) => admin.accessSettings(this.connection, signal), { onError: (err) => this.report(err) });

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const ttl = String(data.get('invitationTtlHours') ?? '').trim();
    this.busy = true;
    this.notice = this.formError = undefined;
    try {
      await admin.updateAccessSettings(this.connection, {
        autoInvite: data.get('autoInvite') as admin.AccessSettings['autoInvite'],
        // Empty is sent as null, so the server names the field rather than reading 0.
        invitationTtlHours: (ttl === '' ? null : Number(ttl)) as number,
      });
      this.invalid = new Set();
      await this.settings.reload();
      this.notice = msg('Settings saved.');
    } catch (err) {
      this.invalid = invalidFields(err);
      this.formError = this.report(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (this.settings.error) return this.renderLoadError(this.settings.error, () => this.settings.reload());
    const s = this.settings.value;
    if (!s) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span></span></div>`;
    const badTtl = this.invalid.has('invitationTtlHours');
    return html`<form part="form panel" novalidate aria-labelledby="invitation-settings-title" @submit=${this.save}>
      <h3 id="invitation-settings-title">${msg('Invitation settings')}</h3>
      <label>${msg('Invite contacts automatically')}
        <select name="autoInvite">
          <option value="all_contacts" ?selected=${s.autoInvite === 'all_contacts'}>${msg('Every contact added to an active account')}</option>
          <option value="new_contacts" ?selected=${s.autoInvite === 'new_contacts'}>${msg('Only emails never invited before')}</option>
          <option value="off" ?selected=${s.autoInvite === 'off'}>${msg('Off: staff use Create invitation')}</option>
        </select>
      </label>
      <label>${msg('An invitation code is valid for (hours)')}
        <input name="invitationTtlHours" type="number" inputmode="numeric" min="1" max="2160" .value=${String(s.invitationTtlHours)}
          aria-invalid=${badTtl ? 'true' : nothing} aria-describedby=${badTtl ? 'invitationTtlHours-error' : nothing} />
        ${fieldError('invitationTtlHours', badTtl ? msg('Enter a whole number of hours from 1 to 2160 (90 days).') : undefined)}
      </label>
      ${outcome(this.formError, this.notice)}
      <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Save settings')}</button></div>
    </form>`;
  }
}
