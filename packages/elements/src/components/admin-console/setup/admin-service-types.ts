import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import * as setup from '../../../api/admin-setup';
import { setupStyles } from './setup.styles';
import { fieldError, invalidFields, outcome, trimmed } from './shared';
import { intakeIssues, type ArrivoAdminIntakeFields } from './admin-intake-fields';

const NO_FIELDS: setup.ServiceType['intakeFields'] = [];

/**
 * Service types of the scheduling setup (the seeds' incident types): name, key, duration, the
 * skills required, whether customers may book it online, whether it is in use at all, and its intake
 * questions (an editor of their own, `<arrivo-admin-intake-fields>`).
 * @tag arrivo-admin-service-types
 */
@localized()
export class ArrivoAdminServiceTypes extends ArrivoElement {
  static override styles = setupStyles;

  /** The service type in the form; 'new' for a new one. */
  @state() private selected?: string;
  @state() private notice?: string;
  @state() private formError?: string;
  @state() private invalid = new Set<string>();
  /** Intake questions the API refused, as `index.prop`. */
  @state() private invalidIntake: ReadonlySet<string> = new Set();
  @state() private busy = false;

  private readonly list = this.data((_, signal) => Promise.all([setup.serviceTypes(this.connection, signal), setup.skills(this.connection, signal)]), {
    onError: (err) => this.report(err),
  });

  private open(id: string) {
    this.selected = id;
    this.notice = this.formError = undefined;
    this.invalid = new Set();
    this.invalidIntake = new Set();
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const intakeFields = form.querySelector<ArrivoAdminIntakeFields>('arrivo-admin-intake-fields')!.value;
    if (!intakeFields) return;
    const body = {
      name: trimmed(data, 'name'),
      key: trimmed(data, 'key'),
      durationMinutes: Number(trimmed(data, 'durationMinutes')),
      description: trimmed(data, 'description') || null,
      requiredSkillIds: data.getAll('requiredSkillIds').map(String),
      selfSchedulingEnabled: data.get('selfSchedulingEnabled') === 'on',
      active: data.get('active') === 'on',
      intakeFields,
    };
    this.busy = true;
    this.notice = this.formError = undefined;
    try {
      const saved = this.selected === 'new' ? await setup.createServiceType(this.connection, body) : await setup.updateServiceType(this.connection, this.selected!, body);
      this.invalid = new Set();
      this.invalidIntake = new Set();
      await this.list.reload();
      this.selected = saved.id;
      this.notice = msg(str`Service type ${saved.name} saved.`);
    } catch (err) {
      this.invalid = invalidFields(err);
      this.invalidIntake = intakeIssues(err);
      this.formError = this.report(err, () => ({ conflict: msg('Another service type already uses this key.') }));
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (this.list.error) return this.renderLoadError(this.list.error, () => this.list.reload());
    const loaded = this.list.value;
    if (!loaded) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span></span></div>`;
    const [types, skills] = loaded;
    const names = new Map(skills.map((s) => [s.id, s.name]));
    return html`<div class="toolbar">
        <h3>${msg('Service types')}</h3>
        <button part="button" type="button" data-action="new-service-type" @click=${() => this.open('new')}>${msg('New service type')}</button>
      </div>
      <div class="split">
        ${types.length
          ? html`<table>
              <thead>
                <tr><th scope="col">${msg('Service type')}</th><th scope="col">${msg('Duration')}</th><th scope="col">${msg('Online booking')}</th></tr>
              </thead>
              <tbody>
                ${types.map(
                  (t) => html`<tr data-service-type=${t.key}>
                    <td>
                      <button class="link" type="button" @click=${() => this.open(t.id)}>${t.name}</button>
                      <br /><span class="hint">${t.requiredSkillIds.map((id) => names.get(id)).filter(Boolean).join(', ') || msg('No skills required')}</span>
                    </td>
                    <td>${msg(str`${t.durationMinutes} min`)}</td>
                    <td>
                      <span part="badge">${!t.active ? msg('Not in use') : t.selfSchedulingEnabled ? msg('Customers can book') : msg('Staff only')}</span>
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p part="notice">${msg('No service types yet.')}</p>`}
        <div class="stack">${this.renderForm(types, skills)}</div>
      </div>`;
  }

  private renderForm(types: setup.ServiceType[], skills: setup.Skill[]) {
    if (!this.selected) return html`<p part="notice">${msg('Choose a service type, or create one.')}</p>`;
    const t = types.find((x) => x.id === this.selected);
    const err = (name: string, message: string) => (this.invalid.has(name) ? message : undefined);
    const described = (name: string) => (this.invalid.has(name) ? `${name}-error` : nothing);
    const bad = (name: string) => (this.invalid.has(name) ? 'true' : nothing);
    return html`${outcome(this.formError, this.notice)}
      ${keyed(this.selected, html`<form part="form panel" aria-labelledby="service-type-title" @submit=${this.save}>
        <h4 id="service-type-title">${t ? t.name : msg('New service type')}</h4>
        <label>${msg('Name')}<input name="name" required maxlength="120" .value=${t?.name ?? ''} aria-invalid=${bad('name')} aria-describedby=${described('name')} />
          ${fieldError('name', err('name', msg('Enter a name.')))}</label>
        <label>${msg('Key (used by the API and embeds)')}
          <input name="key" required maxlength="63" pattern="[a-z0-9][a-z0-9_\\-]*" .value=${t?.key ?? ''} aria-invalid=${bad('key')} aria-describedby=${described('key')} />
          ${fieldError('key', err('key', msg('Lowercase letters, digits, - and _ only, starting with a letter or digit.')))}</label>
        <label>${msg('Duration (minutes)')}
          <input name="durationMinutes" type="number" min="5" max="1440" step="5" required .value=${String(t?.durationMinutes ?? 60)} aria-invalid=${bad('durationMinutes')} aria-describedby=${described('durationMinutes')} />
          ${fieldError('durationMinutes', err('durationMinutes', msg(str`Enter a whole number from ${5} to ${1440}.`)))}</label>
        <label>${msg('Description')}<textarea name="description" maxlength="2000" rows="3" .value=${t?.description ?? ''}></textarea></label>
        <fieldset class="plain">
          <legend>${msg('Required skills')}</legend>
          ${skills.length
            ? skills.map(
                (s) => html`<label class="check"><input type="checkbox" name="requiredSkillIds" value=${s.id} .checked=${t?.requiredSkillIds.includes(s.id) ?? false} />${s.name}</label>`,
              )
            : html`<p class="hint">${msg('Add skills first, under Skills.')}</p>`}
        </fieldset>
        <label class="check"><input type="checkbox" name="selfSchedulingEnabled" .checked=${t?.selfSchedulingEnabled ?? true} />${msg('Customers can book it online (self-scheduling)')}</label>
        <label class="check"><input type="checkbox" name="active" .checked=${t?.active ?? true} />${msg('In use')}</label>
        <arrivo-admin-intake-fields .fields=${t?.intakeFields ?? NO_FIELDS} .invalid=${this.invalidIntake} locale=${this.locale || nothing}></arrivo-admin-intake-fields>
        <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${t ? msg('Save service type') : msg('Create service type')}</button></div>
      </form>`)}`;
  }
}
