import { css } from 'lit';
import { formStyles } from '../../styles/form.styles';

export const portalStyles = [
  formStyles,
  css`
    :host {
      max-inline-size: 48rem;
    }
    /* One line; on a phone it scrolls sideways rather than wrapping onto three. */
    [part='nav'] {
      display: flex;
      overflow-x: auto;
      scrollbar-width: thin;
      gap: 0.25rem;
      margin-block-end: 1.25rem;
      padding-block-end: 0.5rem;
      border-block-end: 1px solid var(--_border);
    }
    [part='nav-button'] {
      border: 0;
      background: none;
      color: inherit;
      padding: 0.5rem 0.75rem;
      font-weight: 600;
      flex: none;
      white-space: nowrap;
    }
    [part='nav-button'][aria-current='page'] {
      color: var(--_accent);
      box-shadow: inset 0 -3px 0 var(--_accent);
    }
    .sign-out {
      margin-inline-start: auto;
    }
    .home {
      display: grid;
      gap: 1.25rem;
    }
    .book {
      justify-self: start;
      font-size: 1.0625rem;
    }
    [part='manage'] {
      margin-block-end: 1.25rem;
    }
    [part='main'] {
      display: grid;
      gap: 1rem;
    }
  `,
];
