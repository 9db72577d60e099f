// The booking form's intake questions (the kinds core defines: text, number, choice, yes/no), in a
// chunk of their own: pages whose service types ask nothing never download it. Client plugins are
// looked up here too (the form's `plugins`, then the page-wide registry), so the form's entry
// carries none of it: a field with a `widget` is shown by its plugin's renderer, labels and choices
// in the plugin's strings for the current locale, the service type's icon beside its questions and
// its summary of the answers under them.
// A missing plugin or a renderer that throws leaves the plain input of the field's kind.
import { html, nothing, type ReactiveElement } from 'lit';
import { msg } from '@lit/localize';
import type { BookableServiceType } from '@arrivo/core';
import { CLIENT_PLUGINS_CHANGED, clientPluginsFor, translator, type ClientPlugin } from '@arrivo/sdk/client';
import { currentLocale } from '../../localization';

type Answer = string | number | boolean;
type IntakeField = BookableServiceType['intakeFields'][number];
type Host = ReactiveElement & { plugins?: readonly ClientPlugin[] };

/** The answer an input holds, as its kind (numbers as numbers); undefined when empty. */
function answerOf(f: IntakeField, input: HTMLInputElement | HTMLSelectElement): Answer | undefined {
  if (f.kind === 'checkbox') return (input as HTMLInputElement).checked || undefined;
  if (f.kind === 'number') return input.value === '' || Number.isNaN((input as HTMLInputElement).valueAsNumber) ? undefined : (input as HTMLInputElement).valueAsNumber;
  return input.value === '' ? undefined : input.value;
}

// A plugin registered after a form was shown (its script loaded later) shows in that form at once;
// after a change of locale the form renders once more, when `currentLocale()` has caught up (it
// changes just after the elements' own strings), for the plugins' strings.
const following = new WeakSet<Host>();
function follow(host: Host) {
  if (following.has(host)) return;
  following.add(host);
  const ref = new WeakRef(host);
  const again = () => {
    if (ref.deref()) return ref.deref()!.requestUpdate();
    globalThis.removeEventListener(CLIENT_PLUGINS_CHANGED, again);
    globalThis.removeEventListener('lit-localize-status', later);
  };
  const later = () => setTimeout(again);
  globalThis.addEventListener(CLIENT_PLUGINS_CHANGED, again);
  globalThis.addEventListener('lit-localize-status', later);
}

// One console error per failing renderer, not one per render.
const reported = new Set<string>();
/** `render()`, or undefined (logged with the plugin's id) when it throws or gives nothing. */
function attempt<T>(plugin: ClientPlugin, what: string, render: () => T): T | undefined {
  try {
    const result = render();
    if (result != null) return result;
    throw new Error('it rendered nothing');
  } catch (err) {
    if (!reported.has(`${plugin.id} ${what}`)) console.error(`[arrivo] client plugin "${plugin.id}": ${what} failed; showing the plain field instead.`, err);
    reported.add(`${plugin.id} ${what}`);
    return undefined;
  }
}

/** `changed(key, answer)`: undefined when the answer was emptied. */
export function renderIntake(host: Host, type: BookableServiceType, answers: Record<string, Answer>, changed: (key: string, answer: Answer | undefined) => void) {
  follow(host);
  const plugins = clientPluginsFor(host.plugins);
  const locale = currentLocale() ?? 'en';
  // The plugin that declares this service type, by its key: its strings translate the questions.
  const owner = [...plugins.values()].find((p) => p.serviceTypes?.[type.key]);
  const t = translator(owner, locale);
  const icon = owner && owner.serviceTypes![type.key]!.icon;
  const onChange = (f: IntakeField) => (e: Event) => changed(f.key, answerOf(f, e.target as HTMLInputElement));
  return html`<fieldset part="intake" class="plain">
    <legend>${icon ? (attempt(owner, `the icon of ${type.key}`, () => icon({ html, nothing, locale, t })) ?? nothing) : nothing} ${msg('About the job')}</legend>
    ${type.intakeFields.map((f) => {
      const id = `intake-${f.key}`;
      const v = answers[f.key];
      const [pluginId, name] = f.widget?.split(':') ?? [];
      const plugin = pluginId ? plugins.get(pluginId) : undefined;
      const widget = plugin && name ? plugin.fields?.[name] : undefined;
      if (widget) {
        const rendered = attempt(plugin!, `widget ${name} (${f.key})`, () =>
          widget({
            html,
            nothing,
            key: f.key,
            id,
            label: f.label,
            kind: f.kind,
            required: f.required,
            options: f.options,
            value: v,
            locale,
            t: translator(plugin, locale),
            onChange: (answer) => changed(f.key, answer === '' || answer === false ? undefined : answer),
          }),
        );
        if (rendered) return html`<div class="field" data-widget=${f.widget!}>${rendered}</div>`;
      }
      if (f.kind === 'checkbox') {
        return html`<label class="check"><input id=${id} name=${f.key} type="checkbox" .checked=${v === true} @change=${onChange(f)} /> ${t(f.label)}</label>`;
      }
      return html`<div class="field">
        <label for=${id}>${t(f.label)}${f.required ? nothing : html` <span class="hint">${msg('(optional)')}</span>`}</label>
        ${f.kind === 'select'
          ? html`<select id=${id} name=${f.key} ?required=${f.required} @change=${onChange(f)}>
              <option value="" ?selected=${v === undefined}>${msg('Choose…')}</option>
              ${(f.options ?? []).map((o) => html`<option value=${o} ?selected=${o === v}>${t(o)}</option>`)}
            </select>`
          : html`<input id=${id} name=${f.key} type=${f.kind === 'number' ? 'number' : 'text'} ?required=${f.required} .value=${v === undefined ? '' : String(v)}
              maxlength=${f.kind === 'text' ? 2000 : nothing} @change=${onChange(f)} />`}
      </div>`;
    })}
    ${summary(owner, type, answers, locale, t)}
  </fieldset>`;
}

/** The owning plugin's one-line summary of the answers, once every required question is answered. */
function summary(owner: ClientPlugin | undefined, type: BookableServiceType, answers: Record<string, Answer>, locale: string, t: ReturnType<typeof translator>) {
  const summarize = owner?.serviceTypes?.[type.key]?.summarize;
  if (!summarize || type.intakeFields.some((f) => f.required && answers[f.key] === undefined)) return nothing;
  const line = attempt(owner!, `the summary of ${type.key}`, () => summarize(answers, { html, nothing, locale, t }));
  return line ? html`<p part="intake-summary" class="hint" role="status">${line}</p>` : nothing;
}
