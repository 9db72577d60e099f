import { css } from 'lit';

export const appointmentListStyles = css`
  :host {
    display: grid;
    gap: 1rem;
  }
  h2 {
    font-size: 1.125rem;
    margin-block-end: 0.5rem;
  }
  .cards {
    display: grid;
    gap: 0.75rem;
  }
  [part~='appointment'] {
    display: grid;
    gap: 0.375rem;
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--arrivo-radius, 0.5rem);
  }
  .active [part~='appointment'] {
    border-color: var(--_accent);
    border-inline-start-width: 4px;
  }
  [part~='appointment'][data-status='in_progress'] {
    opacity: 0.72;
    background: color-mix(in srgb, currentColor 4%, transparent);
  }
  [part~='appointment'] header {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.5rem;
    align-items: baseline;
  }
  h3 {
    margin: 0;
    font-size: 1rem;
  }
  .asset {
    font-weight: 400;
  }
  .status {
    font-size: 0.8125rem;
    font-weight: 600;
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    background: color-mix(in srgb, var(--_accent) 12%, transparent);
  }
  [data-status='canceled'] .status {
    background: color-mix(in srgb, currentColor 10%, transparent);
  }
  .when {
    font-weight: 600;
  }
  [part~='dialog'] {
    inline-size: min(42rem, calc(100vw - 2rem));
    max-block-size: calc(100dvh - 2rem);
    border: 0;
    border-radius: var(--arrivo-radius, 0.5rem);
    padding: 1.25rem;
    color: inherit;
    background: var(--arrivo-surface, #fff);
  }
  [part~='dialog']::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  [part~='skeleton'] span.tall {
    block-size: 7rem;
  }
`;
