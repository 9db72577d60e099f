import { html, nothing } from 'lit';
import { ApiError } from '../../../api/api-error';

/**
 * The body fields a validation failure names (`issues[].path` is `['json', field, …]`), so a form
 * can mark each one next to its input; nested paths (a week grid's row) name their top field.
 */
export function invalidFields(err: unknown): Set<string> {
  const fields = new Set<string>();
  if (err instanceof ApiError && err.code === 'validation_failed') {
    for (const issue of err.issues ?? []) if (issue.path[0] === 'json' && typeof issue.path[1] === 'string') fields.add(issue.path[1]);
  }
  return fields;
}

/** A field's error, tied to its input with `aria-describedby="<name>-error"`. */
export const fieldError = (name: string, message: string | undefined) =>
  message ? html`<span class="field-error" id=${`${name}-error`} part="field-error">${message}</span>` : nothing;

/** What a screen says after it acted: the error (an alert) or the confirmation (a status). */
export const outcome = (error?: string, notice?: string) =>
  html`${error ? html`<p part="error" role="alert">${error}</p>` : nothing}${notice ? html`<p part="notice" role="status">${notice}</p>` : nothing}`;

export const trimmed = (data: FormData, key: string) => String(data.get(key) ?? '').trim();

/** A screen's heading and its tabs (the open one marked `aria-current="page"`); `choose` opens one. */
export function tabbedHeading<T extends string>(title: string, tabs: [T, string][], open: T, choose: (tab: T) => void) {
  return html`<h2>${title}</h2>
    <nav aria-label=${title}>
      <ul class="tabs">
        ${tabs.map(
          ([t, label]) => html`<li>
            <button part="nav-item" type="button" data-tab=${t} aria-current=${t === open ? 'page' : nothing} @click=${() => choose(t)}>${label}</button>
          </li>`,
        )}
      </ul>
    </nav>`;
}
