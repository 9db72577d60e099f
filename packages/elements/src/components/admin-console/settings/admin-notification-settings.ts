import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import * as api from '../../../api/admin-settings';
import { fieldError, invalidFields, outcome } from '../setup/shared';
import { setStyle } from '../set-style';
import { issueMessages } from './shared';
import { settingsStyles } from './settings.styles';

type Switch = Exclude<keyof api.NotificationSettings, 'excludedAccountIds' | 'excludedServiceTypeIds'>;

/**
 * The messages customers get (admins): each booking message on or off, how long before a visit
 * the reminder goes, and the colours of the emails with the contrast the server measured. A
 * refused value says so beside its field and keeps what was typed.
 * @tag arrivo-admin-notification-settings
 */
@localized()
export class ArrivoAdminNotificationSettings extends ArrivoElement {
  static override styles = settingsStyles;

  @state() private notice?: string;
  @state() private formError?: string;
  @state() private invalid = new Set<string>();
  @state() private brandNotice?: string;
  @state() private brandError?: string;
  @state() private brandIssues = new Map<string, string>();
  @state() private busy = false;

  private readonly settings = this.data(
    (_, signal) => Promise.all([api.notificationSettings(this.connection, signal), api.schedulingSettings(this.connection, signal), api.branding(this.connection, signal)]),
    { onError: (err) => this.report(err) },
  );

  private switches(): [Switch, string][] {
    return [
      ['confirmation', msg('Confirmation when a visit is booked')],
      ['reminder', msg('Reminder before the visit')],
      ['rescheduled', msg('Visit moved')],
      ['canceled', msg('Visit canceled')],
      ['onTheWay', msg('Technician on the way')],
      ['arriving', msg('Technician arriving')],
      ['completed', msg('Thank you after the visit (with the survey link when surveys are on)')],
    ];
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const lead = String(data.get('reminderLeadMinutes') ?? '').trim();
    const patch = Object.fromEntries(this.switches().map(([key]) => [key, data.get(key) === 'on'])) as Record<Switch, boolean>;
    this.busy = true;
    this.notice = this.formError = undefined;
    try {
      // The lead first: it is the one value the server may refuse.
      await api.updateSchedulingSettings(this.connection, { reminderLeadMinutes: (lead === '' ? null : Number(lead)) as number });
      await api.updateNotificationSettings(this.connection, patch);
      this.invalid = new Set();
      await this.settings.reload();
      this.notice = msg('Notification settings saved.');
    } catch (err) {
      this.invalid = invalidFields(err);
      this.formError = this.report(err);
    } finally {
      this.busy = false;
    }
  }

  private async saveBranding(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const color = (key: string) => String(data.get(key) ?? '').trim() || null;
    this.busy = true;
    this.brandNotice = this.brandError = undefined;
    try {
      const saved = await api.updateBranding(this.connection, { brandColor: color('brandColor'), brandTextColor: color('brandTextColor') });
      this.brandIssues = new Map();
      await this.settings.reload();
      this.brandNotice = msg(str`Colours saved. Contrast ${saved.effective.contrast}:1.`);
    } catch (err) {
      this.brandIssues = issueMessages(err);
      this.brandError = this.report(err);
    } finally {
      this.busy = false;
    }
  }

  /** What is wrong with a colour: too little contrast (with the server's ratio), or not #rrggbb. */
  private colourError(issue: string | undefined) {
    if (!issue) return undefined;
    const ratio = /contrast of ([\d.]+):1/.exec(issue)?.[1];
    return ratio ? msg(str`The text has a contrast of ${ratio}:1 on the brand colour; at least 4.5:1 is needed. Leave the text colour empty for white or black.`) : msg('Enter a colour as #rrggbb, or leave it empty for the default.');
  }

  override render() {
    if (this.settings.error) return this.renderLoadError(this.settings.error, () => this.settings.reload());
    const loaded = this.settings.value;
    if (!loaded) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span class="tall"></span></div>`;
    const [switches, scheduling, brand] = loaded;
    const badLead = this.invalid.has('reminderLeadMinutes');
    const badBrand = this.brandIssues.get('brandColor');
    const badText = this.brandIssues.get('brandTextColor');
    return html`<div class="stack">
      <form part="form panel" novalidate aria-labelledby="notification-settings-title" @submit=${this.save}>
        <h3 id="notification-settings-title">${msg('Messages customers get')}</h3>
        <fieldset class="plain">
          <legend>${msg('Send these emails')}</legend>
          ${this.switches().map(([key, label]) => html`<label class="check"><input type="checkbox" name=${key} .checked=${switches[key]} />${label}</label>`)}
        </fieldset>
        <label>${msg('Send the reminder this many minutes before the visit (0: no reminder)')}
          <input name="reminderLeadMinutes" type="number" inputmode="numeric" min="0" max="20160" .value=${String(scheduling.reminderLeadMinutes)}
            aria-invalid=${badLead ? 'true' : nothing} aria-describedby=${badLead ? 'reminderLeadMinutes-error' : nothing} />
          ${fieldError('reminderLeadMinutes', badLead ? msg('Enter a whole number of minutes from 0 to 20160 (14 days).') : undefined)}
        </label>
        ${outcome(this.formError, this.notice)}
        <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Save notification settings')}</button></div>
      </form>
      <form part="form panel" novalidate aria-labelledby="branding-title" @submit=${this.saveBranding}>
        <h3 id="branding-title">${msg('Colours of your emails')}</h3>
        <p class="hint">${msg('The header and buttons of every email. Leave a colour empty for the default.')}</p>
        <div class="grid2">
          <label>${msg('Brand colour (#rrggbb)')}
            <input name="brandColor" maxlength="7" placeholder=${brand.effective.background} .value=${brand.brandColor ?? ''}
              aria-invalid=${badBrand ? 'true' : nothing} aria-describedby=${badBrand ? 'brandColor-error' : nothing} />
            ${fieldError('brandColor', this.colourError(badBrand))}
          </label>
          <label>${msg('Text on it (#rrggbb; empty: white or black)')}
            <input name="brandTextColor" maxlength="7" placeholder=${brand.effective.text} .value=${brand.brandTextColor ?? ''}
              aria-invalid=${badText ? 'true' : nothing} aria-describedby=${badText ? 'brandTextColor-error' : nothing} />
            ${fieldError('brandTextColor', this.colourError(badText))}
          </label>
        </div>
        <p data-contrast>
          <span class="swatch-sample" ${setStyle({ background: brand.effective.background, color: brand.effective.text })}>${msg('Sample button')}</span>
          ${msg(str`Contrast ${brand.effective.contrast}:1 (at least 4.5:1 is needed).`)}
        </p>
        ${outcome(this.brandError, this.brandNotice)}
        <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Save colours')}</button></div>
      </form>
    </div>`;
  }
}
