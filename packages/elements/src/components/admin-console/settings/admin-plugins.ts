import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import { ApiError } from '../../../api/api-error';
import * as api from '../../../api/admin-settings';
import { fieldError, outcome } from '../setup/shared';
import { settingsStyles } from './settings.styles';

/** What one plugin's form says after it acted. */
interface Outcome {
  notice?: string;
  error?: string;
  /** The settings' refused fields as the plugin's schema named them (`country: …`), or why the JSON was not read. */
  settings?: string[];
}

/**
 * The plugins installed on this server (admins): each on or off for the business, and its settings
 * as JSON, checked by the plugin's own schema on the server (what it refuses is listed beside the
 * settings, and what was typed is kept).
 * @tag arrivo-admin-plugins
 */
@localized()
export class ArrivoAdminPlugins extends ArrivoElement {
  static override styles = settingsStyles;

  @state() private outcomes = new Map<string, Outcome>();
  @state() private busy = false;

  private readonly plugins = this.data((_, signal) => api.plugins(this.connection, signal), { onError: (err) => this.report(err) });

  private said(id: string, o: Outcome) {
    this.outcomes = new Map([...this.outcomes, [id, o]]);
  }

  private async save(e: SubmitEvent, plugin: api.BusinessPlugin) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const patch: { enabled: boolean; settings?: Record<string, unknown> } = { enabled: data.get('enabled') === 'on' };
    if (plugin.configurable) {
      const text = String(data.get('settings') ?? '').trim();
      if (text) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          this.said(plugin.id, { error: msg('The settings are not a JSON object.'), settings: [msg('Write the settings as a JSON object, such as {"country": "US"}.')] });
          return;
        }
        patch.settings = parsed as Record<string, unknown>;
      }
    }
    this.busy = true;
    this.said(plugin.id, {});
    try {
      const saved = await api.updatePlugin(this.connection, plugin.id, patch);
      await this.plugins.reload();
      this.said(plugin.id, { notice: saved.enabled ? msg(str`${plugin.id} is on for your business.`) : msg(str`${plugin.id} is off for your business.`) });
    } catch (err) {
      const issues = err instanceof ApiError && err.code === 'validation_failed' ? (err.issues ?? []).filter((i) => i.path[0] === 'json' && i.path[1] === 'settings') : [];
      this.said(plugin.id, {
        error: this.report(err),
        settings: issues.length ? issues.map((i) => (i.path.length > 2 ? `${i.path.slice(2).join('.')}: ${i.message}` : i.message)) : undefined,
      });
    } finally {
      this.busy = false;
    }
  }

  private renderPlugin(p: api.BusinessPlugin) {
    const o = this.outcomes.get(p.id) ?? {};
    const errorId = `${p.id}-settings`;
    return html`<form part="form panel" novalidate data-plugin=${p.id} aria-labelledby=${`${p.id}-title`} @submit=${(e: SubmitEvent) => this.save(e, p)}>
      <h3 id=${`${p.id}-title`}>${p.id} <span part="badge">${p.enabled ? msg('On') : msg('Off')}</span></h3>
      <p class="hint">${msg(str`Version ${p.version}`)}</p>
      <label class="check"><input type="checkbox" name="enabled" .checked=${p.enabled} />${msg('Use this plugin for your business')}</label>
      ${p.configurable
        ? html`<label>${msg('Settings (JSON)')}
            <textarea name="settings" rows="6" class="code" spellcheck="false" .value=${p.settings === null ? '' : JSON.stringify(p.settings, null, 2)}
              aria-invalid=${o.settings ? 'true' : nothing} aria-describedby=${o.settings ? `${errorId}-error` : nothing}></textarea>
            ${fieldError(errorId, o.settings ? o.settings.join(' · ') : undefined)}
          </label>`
        : html`<p class="hint">${msg('This plugin has no settings.')}</p>`}
      ${outcome(o.error, o.notice)}
      <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Save')}</button></div>
    </form>`;
  }

  override render() {
    if (this.plugins.error) return this.renderLoadError(this.plugins.error, () => this.plugins.reload());
    const list = this.plugins.value;
    if (!list) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span class="tall"></span></div>`;
    if (!list.length) return html`<p part="notice">${msg('No plugins are installed on this server.')}</p>`;
    return html`<div class="stack">${list.map((p) => this.renderPlugin(p))}</div>`;
  }
}
