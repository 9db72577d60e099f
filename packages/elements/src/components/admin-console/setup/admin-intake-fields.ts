import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { IntakeField } from '@arrivo/core';
import { ArrivoElement } from '../../../base/arrivo-element';
import { ApiError } from '../../../api/api-error';
import { setupStyles } from './setup.styles';
import { fieldError } from './shared';

type Row = { uid: number; field: IntakeField; optionsText: string };
type Prop = 'key' | 'label' | 'options';
let uids = 0;

/** The intake fields' errors a validation failure names (`['json', 'intakeFields', index, prop]`), as `index.prop`. */
export function intakeIssues(err: unknown): Set<string> {
  const found = new Set<string>();
  if (err instanceof ApiError && err.code === 'validation_failed')
    for (const { path } of err.issues ?? []) if (path[0] === 'json' && path[1] === 'intakeFields' && typeof path[2] === 'number') found.add(`${path[2]}.${String(path[3] ?? 'key')}`);
  return found;
}

/**
 * The intake questions of a service type, asked when a customer books it: add, edit, remove and
 * reorder them (Move up / Move down keep the focus on the moved question). `invalid` marks fields
 * the API refused (`index.prop`, see `intakeIssues`); `value` is the list to save, or undefined
 * (and the problems shown) while a select has no options or two questions share a key.
 * @tag arrivo-admin-intake-fields
 */
@localized()
export class ArrivoAdminIntakeFields extends ArrivoElement {
  static override styles = setupStyles;

  @property({ attribute: false }) fields: IntakeField[] = [];
  @property({ attribute: false }) invalid: ReadonlySet<string> = new Set();

  @state() private rows: Row[] = [];
  @state() private local = new Set<string>();
  private shown?: IntakeField[];

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (this.fields !== this.shown) {
      this.shown = this.fields;
      this.rows = this.fields.map((field) => ({ uid: ++uids, field: { ...field }, optionsText: (field.options ?? []).join('\n') }));
      this.local = new Set();
    }
  }

  /** The questions to save, or undefined when one needs fixing first (shown beside it). */
  get value(): IntakeField[] | undefined {
    const local = new Set<string>();
    const keys = new Set<string>();
    const fields = this.rows.map(({ field, optionsText }, i) => {
      const options = optionsText.split('\n').map((o) => o.trim()).filter(Boolean);
      if (field.kind === 'select' && !options.length) local.add(`${i}.options`);
      if (keys.has(field.key)) local.add(`${i}.duplicate`);
      keys.add(field.key);
      const { options: _, ...rest } = field;
      return field.kind === 'select' ? { ...rest, options } : rest;
    });
    this.local = local;
    return local.size ? undefined : fields;
  }

  private edit(index: number, patch: Partial<IntakeField> & { optionsText?: string }) {
    const { optionsText, ...field } = patch;
    this.rows = this.rows.map((r, i) => (i === index ? { ...r, field: { ...r.field, ...field }, optionsText: optionsText ?? r.optionsText } : r));
  }

  private async move(index: number, by: -1 | 1, action: string) {
    const rows = [...this.rows];
    const [row] = rows.splice(index, 1);
    rows.splice(index + by, 0, row!);
    this.rows = rows;
    await this.updateComplete;
    const target = this.renderRoot.querySelector<HTMLButtonElement>(`[data-uid="${row!.uid}"] [data-action="${action}"]`);
    (target && !target.disabled ? target : this.renderRoot.querySelector<HTMLElement>(`[data-uid="${row!.uid}"] input`))?.focus();
  }

  private async add() {
    const uid = ++uids;
    this.rows = [...this.rows, { uid, field: { key: '', label: '', kind: 'text', required: false }, optionsText: '' }];
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`[data-uid="${uid}"] input`)?.focus();
  }

  private drop(index: number) {
    this.rows = this.rows.filter((_, i) => i !== index);
    this.renderRoot.querySelector<HTMLElement>('[data-action="add-question"]')?.focus();
  }

  override render() {
    const count = this.rows.length;
    return html`<fieldset class="plain">
      <legend>${msg('Intake questions')}</legend>
      <p class="hint">${msg('Asked when a customer books this service type, in this order.')}</p>
      <ol class="plain">
        ${this.rows.map((r, i) => this.renderRow(r, i, count))}
      </ol>
      <div class="actions"><button part="button" data-variant="secondary" type="button" data-action="add-question" @click=${this.add}>${msg('Add a question')}</button></div>
    </fieldset>`;
  }

  private renderRow({ uid, field, optionsText }: Row, i: number, count: number) {
    const id = (prop: string) => `q${uid}-${prop}`;
    const bad = (prop: Prop | 'duplicate') => this.invalid.has(`${i}.${prop}`) || this.local.has(`${i}.${prop}`);
    const keyBad = bad('key') || bad('duplicate');
    const n = i + 1;
    return html`<li part="panel" data-uid=${uid} data-question=${field.key} aria-label=${msg(str`Question ${n}`)}>
      <div class="grid2">
        <label>${msg('Label (what the customer reads)')}
          <input required maxlength="200" .value=${field.label} aria-invalid=${bad('label') ? 'true' : nothing} aria-describedby=${bad('label') ? `${id('label')}-error` : nothing}
            @input=${(e: Event) => this.edit(i, { label: (e.target as HTMLInputElement).value })} />
          ${fieldError(id('label'), bad('label') ? msg('Enter the question.') : undefined)}</label>
        <label>${msg('Key (in answers and the API)')}
          <input data-field="key" maxlength="63" autocomplete="off" spellcheck="false" .value=${field.key} aria-invalid=${keyBad ? 'true' : nothing}
            aria-describedby=${keyBad ? `${id('key')}-error` : nothing} @input=${(e: Event) => this.edit(i, { key: (e.target as HTMLInputElement).value.trim() })} />
          ${fieldError(id('key'), bad('key') ? msg('A letter first, then letters, digits or _ (no spaces).') : bad('duplicate') ? msg('Another question already uses this key.') : undefined)}</label>
        <label>${msg('Answer')}
          <select .value=${field.kind} @change=${(e: Event) => this.edit(i, { kind: (e.target as HTMLSelectElement).value as IntakeField['kind'] })}>
            <option value="text" ?selected=${field.kind === 'text'}>${msg('Text')}</option>
            <option value="number" ?selected=${field.kind === 'number'}>${msg('Number')}</option>
            <option value="select" ?selected=${field.kind === 'select'}>${msg('One of a list')}</option>
            <option value="checkbox" ?selected=${field.kind === 'checkbox'}>${msg('Yes or no')}</option>
          </select></label>
        <label class="check"><input type="checkbox" .checked=${field.required} @change=${(e: Event) => this.edit(i, { required: (e.target as HTMLInputElement).checked })} />${msg('Required')}</label>
      </div>
      ${field.kind === 'select'
        ? html`<label>${msg('Choices (one per line)')}
            <textarea rows="3" maxlength="5000" .value=${optionsText} aria-invalid=${bad('options') ? 'true' : nothing} aria-describedby=${bad('options') ? `${id('options')}-error` : nothing}
              @input=${(e: Event) => this.edit(i, { optionsText: (e.target as HTMLTextAreaElement).value })}></textarea>
            ${fieldError(id('options'), bad('options') ? msg('Give at least one choice.') : undefined)}</label>`
        : nothing}
      <div class="actions">
        <button class="link" type="button" data-action="up" ?disabled=${i === 0} @click=${() => this.move(i, -1, 'up')}>${msg('Move up')}<span class="visually-hidden"> ${msg(str`question ${n}`)}</span></button>
        <button class="link" type="button" data-action="down" ?disabled=${i === count - 1} @click=${() => this.move(i, 1, 'down')}>${msg('Move down')}<span class="visually-hidden"> ${msg(str`question ${n}`)}</span></button>
        <button class="link" type="button" data-action="remove" @click=${() => this.drop(i)}>${msg('Remove')}<span class="visually-hidden"> ${msg(str`question ${n}`)}</span></button>
      </div>
    </li>`;
  }
}
