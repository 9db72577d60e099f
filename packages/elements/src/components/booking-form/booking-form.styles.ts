import { css } from 'lit';

export const bookingFormStyles = css`
  :host {
    max-inline-size: 40rem;
  }
  .day-nav {
    display: flex;
    justify-content: space-between;
  }
  /* Every day of the strip whole and in view (rows wrap): "Later" goes on from the last one seen. */
  [part~='days'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(4.25rem, 1fr));
    gap: 0.5rem;
    padding-block: 0.25rem;
  }
  [part~='day'] {
    display: grid;
    gap: 0.125rem;
    padding: 0.5rem 0.375rem;
    border: 1px solid var(--_border);
    background: transparent;
    color: inherit;
    text-align: center;
  }
  [part~='day'] .weekday {
    font-size: 0.8125rem;
    opacity: 0.8;
  }
  [part~='day'] .date {
    font-weight: 600;
  }
  [part~='day'][disabled] {
    opacity: 0.4;
    cursor: not-allowed;
  }
  [part~='times'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(6.5rem, 1fr));
    gap: 0.5rem;
  }
  [part~='time'] {
    padding: 0.5rem;
    border: 1px solid var(--_accent);
    background: transparent;
    color: var(--_accent);
    font-weight: 600;
  }
  [aria-checked='true'][part~='day'],
  [aria-checked='true'][part~='time'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-contrast);
  }
  .alternatives {
    display: grid;
    gap: 0.5rem;
  }
  [part='confirmation'] {
    display: grid;
    gap: 0.75rem;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
  .skeleton.row span {
    block-size: 3.25rem;
  }
`;
