import { css } from 'lit';

/** Fields, buttons and messages shared by the form elements; themed with --arrivo-* properties. */
export const formStyles = css`
  /* Defaults are fallbacks, never declarations: a declared --arrivo-* on :host would hide the
     value the page sets on an enclosing element (the portal), as custom properties inherit. */
  :host {
    --_accent: var(--arrivo-accent, #2454d6);
    --_accent-contrast: var(--arrivo-accent-contrast, #ffffff);
    --_error: var(--arrivo-error-color, #b42318);
    --_border: color-mix(in srgb, currentColor 25%, transparent);
    display: block;
    font-family: var(--arrivo-font, system-ui, sans-serif);
    color: inherit;
    line-height: 1.4;
  }
  :host([hidden]) {
    display: none;
  }
  /* theme="dark": darker defaults, which elements inside (the portal's) inherit. */
  :host([theme='dark']) {
    color-scheme: dark;
    color: var(--arrivo-text, #ececf1);
    background-color: var(--arrivo-background, #17171b);
    --arrivo-field-background: #26262c;
    --arrivo-field-color: #ececf1;
    --arrivo-surface: #1d1d22;
    --arrivo-accent: #8fb0ff;
    --arrivo-accent-contrast: #10131a;
    --arrivo-error-color: #ff8a80;
  }
  [part~='form'] {
    display: grid;
    gap: 0.875rem;
  }
  label,
  .field {
    display: grid;
    gap: 0.25rem;
    font-weight: 600;
    font-size: 0.9375rem;
  }
  .hint {
    font-weight: 400;
    font-size: 0.8125rem;
    opacity: 0.8;
  }
  input,
  select,
  textarea {
    font: inherit;
    font-weight: 400;
    padding: 0.625rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--arrivo-radius, 0.5rem);
    background: var(--arrivo-field-background, #fff);
    color: var(--arrivo-field-color, #1d1d1f);
    min-inline-size: 0;
  }
  textarea {
    resize: vertical;
  }
  input[aria-invalid='true'] {
    border-color: var(--_error);
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: 400;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--arrivo-radius, 0.5rem);
  }
  [part~='button'] {
    padding: 0.625rem 1.125rem;
    border: 1px solid var(--_accent);
    background: var(--_accent);
    color: var(--_accent-contrast);
    font-weight: 600;
  }
  [part~='button'][data-variant='secondary'] {
    background: transparent;
    color: var(--_accent);
  }
  [part~='button'][disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  [part~='skeleton'] {
    display: grid;
    gap: 0.75rem;
  }
  [part~='skeleton'] span {
    display: block;
    block-size: 2.5rem;
    border-radius: var(--arrivo-radius, 0.5rem);
    background: linear-gradient(90deg, color-mix(in srgb, currentColor 6%, transparent), color-mix(in srgb, currentColor 12%, transparent), color-mix(in srgb, currentColor 6%, transparent));
    background-size: 200% 100%;
    animation: shimmer 1.2s linear infinite;
  }
  [part~='skeleton'] span.tall {
    block-size: 8rem;
  }
  @keyframes shimmer {
    to {
      background-position: -200% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [part~='skeleton'] span {
      animation: none;
    }
  }
  .link {
    border: 0;
    background: none;
    padding: 0;
    color: var(--_accent);
    text-decoration: underline;
  }
  .link:disabled {
    color: inherit;
    opacity: 0.45;
    text-decoration: none;
    cursor: not-allowed;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  [role='tab']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  [part~='error'] {
    margin: 0;
    padding: 0.625rem 0.75rem;
    border-radius: var(--arrivo-radius, 0.5rem);
    border: 1px solid var(--_error);
    color: var(--_error);
    background: color-mix(in srgb, var(--_error) 8%, transparent);
  }
  [part~='notice'] {
    margin: 0;
    padding: 0.625rem 0.75rem;
    border-radius: var(--arrivo-radius, 0.5rem);
    background: color-mix(in srgb, var(--_accent) 8%, transparent);
  }
  fieldset.plain {
    display: grid;
    gap: 0.375rem;
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    font-weight: 600;
    font-size: 0.9375rem;
    margin-block-end: 0.25rem;
    padding: 0;
  }
  h2 {
    margin: 0;
    font-size: 1.25rem;
  }
  p {
    margin: 0;
  }
`;
