import { css } from 'lit';
import { formStyles } from '../../styles/form.styles';

// Phone first: one column, large touch targets, the sharing bar kept in view while scrolling.
export const technicianAppStyles = [
  formStyles,
  css`
    :host {
      max-inline-size: 40rem;
    }
    .title {
      margin-block-end: 1rem;
    }
    [part='header'] {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.75rem;
      margin-block-end: 0.75rem;
    }
    [part='header'] p {
      font-weight: 600;
    }
    [part~='button'] {
      min-block-size: 2.75rem;
    }
    [part='sharing'] {
      position: sticky;
      inset-block-start: 0;
      z-index: 1;
      display: grid;
      gap: 0.375rem;
      margin-block-end: 1rem;
      padding: 0.75rem 0.875rem;
      border-radius: var(--arrivo-radius, 0.5rem);
      border: 1px solid var(--_border);
      background: var(--arrivo-surface, #f4f5f7);
      font-weight: 600;
    }
    [part='sharing'][data-state='on'] {
      border-color: var(--_accent);
      background: color-mix(in srgb, var(--_accent) 12%, var(--arrivo-surface, #fff));
    }
    [part='sharing'][data-state='problem'] {
      border-color: var(--_error);
      color: var(--_error);
      background: color-mix(in srgb, var(--_error) 8%, var(--arrivo-surface, #fff));
    }
    [part='sharing'] .hint {
      font-weight: 400;
      color: inherit;
      opacity: 0.85;
    }
    .day + .day {
      margin-block-start: 1.5rem;
    }
    [part='day'] {
      font-size: 1.125rem;
      margin-block-end: 0.5rem;
    }
    .visits {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.75rem;
    }
    [part='visit'] {
      display: grid;
      gap: 0.625rem;
      padding: 0.875rem;
      border: 1px solid var(--_border);
      border-radius: var(--arrivo-radius, 0.5rem);
      background: var(--arrivo-surface, transparent);
    }
    [part='visit'][data-status='traveling'],
    [part='visit'][data-status='in_progress'] {
      border-color: var(--_accent);
      border-inline-start-width: 4px;
    }
    /* Done: a dashed outline (no fading, which would fail text contrast). */
    [part='visit'][data-status='completed'],
    [part='visit'][data-status='canceled'] {
      border-style: dashed;
    }
    [part='visit'] header {
      display: flex;
      justify-content: space-between;
      align-items: start;
      gap: 0.5rem;
    }
    h3 {
      margin: 0;
      font-size: 1rem;
      display: grid;
    }
    .status {
      font-size: 0.8125rem;
      font-weight: 600;
      padding: 0.125rem 0.5rem;
      border-radius: 999px;
      border: 1px solid currentColor;
      white-space: nowrap;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.25rem 0.75rem;
      margin: 0;
    }
    dt {
      font-weight: 600;
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .comments {
      white-space: pre-line;
    }
    a {
      color: var(--_accent);
    }
    [part='directions'] {
      display: inline-block;
      margin-inline-start: 0.5rem;
      font-weight: 600;
    }
    .visually-hidden {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    .actions [part~='button'] {
      flex: 1 1 auto;
    }
    dialog {
      max-inline-size: min(32rem, calc(100vw - 2rem));
      border: 1px solid var(--_border);
      border-radius: var(--arrivo-radius, 0.5rem);
      color: inherit;
      background: var(--arrivo-background, #fff);
    }
    @media (max-width: 30rem) {
      dl {
        grid-template-columns: 1fr;
      }
      dd {
        margin-block-end: 0.25rem;
      }
    }
  `,
];
