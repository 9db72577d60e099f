import { html } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import * as setup from '../../../api/admin-setup';
import { setupStyles } from './setup.styles';
import { outcome, trimmed } from './shared';

/**
 * Skills of the scheduling setup: what a service type requires and a technician has. Add, rename,
 * remove (the server refuses to remove one a service type still requires).
 * @tag arrivo-admin-skills
 */
@localized()
export class ArrivoAdminSkills extends ArrivoElement {
  static override styles = setupStyles;

  @state() private notice?: string;
  @state() private formError?: string;
  @state() private busy = false;

  private readonly list = this.data((_, signal) => setup.skills(this.connection, signal), { onError: (err) => this.report(err) });

  private async run(work: () => Promise<unknown>, done: string, conflict: string) {
    this.busy = true;
    this.notice = this.formError = undefined;
    try {
      await work();
      await this.list.reload();
      this.notice = done;
    } catch (err) {
      this.formError = this.report(err, () => ({ conflict }));
    } finally {
      this.busy = false;
    }
  }

  private add(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = trimmed(new FormData(form), 'name');
    void this.run(() => setup.createSkill(this.connection, name).then(() => form.reset()), msg(str`Skill ${name} added.`), msg('There is already a skill with this name.'));
  }

  private rename(e: SubmitEvent, skill: setup.Skill) {
    e.preventDefault();
    const name = trimmed(new FormData(e.target as HTMLFormElement), 'name');
    void this.run(() => setup.renameSkill(this.connection, skill.id, name), msg(str`Skill renamed to ${name}.`), msg('There is already a skill with this name.'));
  }

  private removeSkill(skill: setup.Skill) {
    void this.run(
      () => setup.removeSkill(this.connection, skill.id),
      msg(str`Skill ${skill.name} removed.`),
      msg('A service type still requires this skill: take it off the service type first.'),
    );
  }

  override render() {
    if (this.list.error) return this.renderLoadError(this.list.error, () => this.list.reload());
    const skills = this.list.value;
    if (!skills) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span></span></div>`;
    return html`<section part="panel" aria-labelledby="skills-title">
      <h3 id="skills-title">${msg('Skills')}</h3>
      <p class="hint">${msg('A service type is offered only with technicians who have every skill it requires.')}</p>
      ${outcome(this.formError, this.notice)}
      ${skills.length
        ? html`<ul class="plain">
            ${skills.map(
              (s) => html`<li data-skill=${s.id}>
                <form class="row" @submit=${(e: SubmitEvent) => this.rename(e, s)}>
                  <input name="name" required maxlength="120" aria-label=${msg(str`Name of the skill ${s.name}`)} .value=${s.name} />
                  <button part="button" data-variant="secondary" data-size="small" type="submit" ?disabled=${this.busy}>${msg('Rename')}<span class="visually-hidden"> ${s.name}</span></button>
                  <button part="button" data-variant="secondary" data-size="small" type="button" data-action="remove" ?disabled=${this.busy} @click=${() => this.removeSkill(s)}>
                    ${msg('Remove')}<span class="visually-hidden"> ${s.name}</span>
                  </button>
                </form>
              </li>`,
            )}
          </ul>`
        : html`<p part="notice">${msg('No skills yet.')}</p>`}
      <form part="form" class="row" aria-labelledby="add-skill-title" @submit=${this.add}>
        <h4 id="add-skill-title" class="visually-hidden">${msg('Add a skill')}</h4>
        <label>${msg('New skill')}<input name="name" required maxlength="120" autocomplete="off" /></label>
        <button part="button" type="submit" ?disabled=${this.busy}>${msg('Add skill')}</button>
      </form>
    </section>`;
  }
}
