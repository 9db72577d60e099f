import { css } from 'lit';
import { adminConsoleStyles } from '../admin-console.styles';

// The setup screens' own rules, in their lazy chunk rather than the console's entry.
export const setupStyles = [
  adminConsoleStyles,
  css`
    ol.plain {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.75rem;
    }
    h4 {
      margin: 0;
      font-size: 1rem;
    }
    .tabs {
      list-style: none;
      margin: 0 0 1rem;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 0.5rem;
    }
    .row > label,
    .row > input {
      flex: 1 1 10rem;
    }
    .field-error {
      display: block;
      font-size: 0.875rem;
      font-weight: 400;
      color: var(--arrivo-error-color, #b3261e);
    }
    /* The week grid: a shift on one line (From [time] to [time] Remove) while it fits. */
    .week th {
      inline-size: 7rem;
    }
    .week .row {
      align-items: center;
      margin-block-end: 0.25rem;
    }
    .week .row > label {
      display: flex;
      flex: none;
      align-items: center;
      gap: 0.375rem;
      font-weight: 400;
    }
    .week input[type='time'] {
      padding-block: 0.375rem;
    }
    td > .link {
      text-align: start;
    }
    textarea.code {
      font-family: ui-monospace, monospace;
      font-size: 0.8125rem;
    }
  `,
];
