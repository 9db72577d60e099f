// The booking form's intake questions (the kinds core defines: text, number, choice, yes/no), in a
// chunk of their own: pages whose service types ask nothing never download it.
import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { BookableServiceType } from '@arrivo/core';

type Answer = string | number | boolean;
type IntakeField = BookableServiceType['intakeFields'][number];

/** The answer an input holds, as its kind (numbers as numbers); undefined when empty. */
function answerOf(f: IntakeField, input: HTMLInputElement | HTMLSelectElement): Answer | undefined {
  if (f.kind === 'checkbox') return (input as HTMLInputElement).checked || undefined;
  if (f.kind === 'number') return input.value === '' || Number.isNaN((input as HTMLInputElement).valueAsNumber) ? undefined : (input as HTMLInputElement).valueAsNumber;
  return input.value === '' ? undefined : input.value;
}

/** `changed(key, answer)`: undefined when the answer was emptied. */
export function renderIntake(fields: IntakeField[], answers: Record<string, Answer>, changed: (key: string, answer: Answer | undefined) => void) {
  const onChange = (f: IntakeField) => (e: Event) => changed(f.key, answerOf(f, e.target as HTMLInputElement));
  return html`<fieldset part="intake" class="plain">
    <legend>${msg('About the job')}</legend>
    ${fields.map((f) => {
      const id = `intake-${f.key}`;
      const v = answers[f.key];
      if (f.kind === 'checkbox') {
        return html`<label class="check"><input id=${id} name=${f.key} type="checkbox" .checked=${v === true} @change=${onChange(f)} /> ${f.label}</label>`;
      }
      return html`<div class="field">
        <label for=${id}>${f.label}${f.required ? nothing : html` <span class="hint">${msg('(optional)')}</span>`}</label>
        ${f.kind === 'select'
          ? html`<select id=${id} name=${f.key} ?required=${f.required} @change=${onChange(f)}>
              <option value="" ?selected=${v === undefined}>${msg('Choose…')}</option>
              ${(f.options ?? []).map((o) => html`<option ?selected=${o === v}>${o}</option>`)}
            </select>`
          : html`<input id=${id} name=${f.key} type=${f.kind === 'number' ? 'number' : 'text'} ?required=${f.required} .value=${v === undefined ? '' : String(v)}
              maxlength=${f.kind === 'text' ? 2000 : nothing} @change=${onChange(f)} />`}
      </div>`;
    })}
  </fieldset>`;
}
