import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import * as setup from '../../../api/admin-setup';
import { setupStyles } from './setup.styles';
import { fieldError, invalidFields, outcome } from './shared';

type Settings = setup.SchedulingSettings;
type NumberKey = { [K in keyof Settings]: Settings[K] extends number ? K : never }[keyof Settings];
type FlagKey = { [K in keyof Settings]: Settings[K] extends boolean ? K : never }[keyof Settings];

/** A number setting: its label and the range the API takes (said next to the field when refused). */
interface NumberField {
  key: NumberKey;
  label: string;
  min: number;
  max: number;
  step?: number;
}

/**
 * Self-scheduling settings (admins, as the API says) and embedding: the booking rules customers
 * meet, travel, the technician card, tracking and the survey; the allowed embed origins, the portal
 * URL, and the snippet that puts the portal on the business's website. The server judges the
 * values (the form does not block): a refused field says so beside it and keeps what was typed.
 * @tag arrivo-admin-scheduling-settings
 */
@localized()
export class ArrivoAdminSchedulingSettings extends ArrivoElement {
  static override styles = setupStyles;

  @state() private notice?: string;
  @state() private formError?: string;
  @state() private invalid = new Set<string>();
  @state() private accessNotice?: string;
  @state() private accessError?: string;
  @state() private accessInvalid = new Set<string>();
  @state() private copied?: string;
  @state() private busy = false;

  private readonly settings = this.data((_, signal) => Promise.all([setup.schedulingSettings(this.connection, signal), setup.accessSettings(this.connection, signal)]), {
    onError: (err) => this.report(err),
  });

  private groups(): [string, NumberField[], [FlagKey, string][]][] {
    return [
      [
        msg('Booking'),
        [
          { key: 'minLeadMinutes', label: msg('Earliest booking, minutes from now'), min: 0, max: 43200 },
          { key: 'maxLeadDays', label: msg('Latest booking, days ahead'), min: 1, max: 365 },
          { key: 'slotIntervalMinutes', label: msg('Arrival times every (minutes)'), min: 5, max: 240 },
          { key: 'arrivalWindowMinutes', label: msg('Arrival window (minutes)'), min: 0, max: 480 },
          { key: 'changeCutoffMinutes', label: msg('Customers may change or cancel until (minutes before)'), min: 0, max: 20160 },
        ],
        [
          ['assetSelectionEnabled', msg('Customers choose the product (asset) to service')],
          ['additionalDetailsEnabled', msg('Customers may add details')],
        ],
      ],
      [
        msg('Travel'),
        [
          { key: 'maxTravelMinutes', label: msg('Longest drive to a customer (minutes)'), min: 1, max: 480 },
          { key: 'travelRoadFactor', label: msg('Road distance per straight-line distance'), min: 1, max: 3, step: 0.1 },
          { key: 'travelSpeedKmh', label: msg('Average speed (km/h)'), min: 5, max: 130 },
        ],
        [],
      ],
      [
        msg('Technician card'),
        [],
        [
          ['showTechnicianName', msg('Show the technician’s name')],
          ['showTechnicianPhoto', msg('Show the technician’s photo')],
          ['showTechnicianPhone', msg('Show the technician’s phone')],
        ],
      ],
      [
        msg('Tracking and survey'),
        [
          { key: 'arrivingRadiusM', label: msg('“Arriving” within (metres)'), min: 25, max: 5000 },
          { key: 'locationRetentionHours', label: msg('Keep locations for (hours)'), min: 1, max: 720 },
          { key: 'trackingLinkGraceMinutes', label: msg('Tracking links last after the visit starts (minutes)'), min: 0, max: 1440 },
        ],
        [
          ['trackingEnabled', msg('Customers follow the technician live')],
          ['surveyEnabled', msg('Ask customers to rate completed visits')],
        ],
      ],
    ];
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const body: Record<string, number | boolean | null> = {};
    for (const [, numbers, flags] of this.groups()) {
      // An empty field is sent as null, so the server names it rather than reading it as 0.
      for (const f of numbers) body[f.key] = String(data.get(f.key) ?? '').trim() === '' ? null : Number(data.get(f.key));
      for (const [key] of flags) body[key] = data.get(key) === 'on';
    }
    this.busy = true;
    this.notice = this.formError = undefined;
    try {
      await setup.updateSchedulingSettings(this.connection, body as setup.SchedulingSettings);
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

  private async saveAccess(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const allowedOrigins = String(data.get('allowedOrigins') ?? '').split(/\s+/).filter(Boolean);
    const portalUrl = String(data.get('portalUrl') ?? '').trim() || null;
    this.busy = true;
    this.accessNotice = this.accessError = undefined;
    try {
      await setup.updateAccessSettings(this.connection, { allowedOrigins, portalUrl });
      this.accessInvalid = new Set();
      await this.settings.reload();
      this.accessNotice = msg('Embedding settings saved.');
    } catch (err) {
      this.accessInvalid = invalidFields(err);
      this.accessError = this.report(err);
    } finally {
      this.busy = false;
    }
  }

  private async copy() {
    const text = this.renderRoot.querySelector<HTMLTextAreaElement>('textarea[name="snippet"]')!;
    try {
      await navigator.clipboard.writeText(text.value);
      this.copied = msg('Copied.');
    } catch {
      text.select();
      this.copied = msg('Selected: press Ctrl+C (⌘C) to copy.');
    }
  }

  /** The two lines a page needs: the portal's script from this server, and the element. */
  snippet(): string {
    const api = new URL(this.api, document.baseURI).href.replace(/\/$/, '');
    const script = new URL('../elements/arrivo-portal.js', `${api}/`).href;
    return `<script type="module" src="${script}"></script>\n<arrivo-portal api="${api}" business="${this.business}"></arrivo-portal>`;
  }

  override render() {
    if (this.settings.error) return this.renderLoadError(this.settings.error, () => this.settings.reload());
    const loaded = this.settings.value;
    if (!loaded) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span class="tall"></span></div>`;
    const [s, access] = loaded;
    return html`<div class="stack">${this.renderScheduling(s)}${this.renderEmbedding(access)}</div>`;
  }

  private renderScheduling(s: Settings) {
    return html`<form part="form panel" novalidate aria-labelledby="scheduling-settings-title" @submit=${this.save}>
      <h3 id="scheduling-settings-title">${msg('Self-scheduling settings')}</h3>
      ${this.groups().map(
        ([title, numbers, flags]) => html`<fieldset class="plain">
          <legend>${title}</legend>
          <div class="grid2">
            ${numbers.map((f) => {
              const bad = this.invalid.has(f.key);
              return html`<label>${f.label}
                <input name=${f.key} type="number" inputmode="decimal" min=${f.min} max=${f.max} step=${f.step ?? 1} .value=${String(s[f.key])}
                  aria-invalid=${bad ? 'true' : nothing} aria-describedby=${bad ? `${f.key}-error` : nothing} />
                ${fieldError(f.key, bad ? (f.step ? msg(str`Enter a number from ${f.min} to ${f.max}.`) : msg(str`Enter a whole number from ${f.min} to ${f.max}.`)) : undefined)}
              </label>`;
            })}
          </div>
          ${flags.map(([key, label]) => html`<label class="check"><input type="checkbox" name=${key} .checked=${s[key]} />${label}</label>`)}
        </fieldset>`,
      )}
      ${outcome(this.formError, this.notice)}
      <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Save settings')}</button></div>
    </form>`;
  }

  private renderEmbedding(access: setup.AccessSettings) {
    const badOrigins = this.accessInvalid.has('allowedOrigins');
    const badPortal = this.accessInvalid.has('portalUrl');
    return html`<form part="form panel" novalidate aria-labelledby="embedding-title" @submit=${this.saveAccess}>
        <h3 id="embedding-title">${msg('Embedding on your website')}</h3>
        <label>${msg('Websites allowed to embed the booking elements (one origin a line)')}
          <textarea name="allowedOrigins" rows="3" .value=${access.allowedOrigins.join('\n')} aria-invalid=${badOrigins ? 'true' : nothing} aria-describedby=${badOrigins ? 'allowedOrigins-error' : nothing}></textarea>
          ${fieldError('allowedOrigins', badOrigins ? msg('Each line must be an exact origin such as https://shop.example.com (no path, no wildcard).') : undefined)}
        </label>
        <label>${msg('Portal page (where emails link to)')}
          <input name="portalUrl" inputmode="url" maxlength="1000" .value=${access.portalUrl ?? ''} aria-invalid=${badPortal ? 'true' : nothing} aria-describedby=${badPortal ? 'portalUrl-error' : nothing} />
          ${fieldError('portalUrl', badPortal ? msg('An http(s) address, or a path on this server such as /book.html.') : undefined)}
        </label>
        ${outcome(this.accessError, this.accessNotice)}
        <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Save embedding settings')}</button></div>
      </form>
      <section part="panel" aria-labelledby="snippet-title">
        <h3 id="snippet-title">${msg('Embed snippet')}</h3>
        <p class="hint">${msg('Paste this where the portal should appear, on a page whose origin is allowed above.')}</p>
        <label>${msg('Snippet')}<textarea name="snippet" readonly rows="4" class="code" .value=${this.snippet()}></textarea></label>
        <div class="actions">
          <button part="button" data-variant="secondary" type="button" data-action="copy" @click=${this.copy}>${msg('Copy snippet')}</button>
          ${this.copied ? html`<span role="status">${this.copied}</span>` : nothing}
        </div>
      </section>`;
  }
}
