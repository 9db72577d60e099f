import { css } from 'lit';
import { adminConsoleStyles } from '../admin-console.styles';

export const boardToolStyles = [
  adminConsoleStyles,
  css`
    .times {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }
    [data-messages] td:last-child {
      white-space: nowrap;
    }
    form + form,
    h3 {
      margin-block-start: 1rem;
    }
  `,
];
