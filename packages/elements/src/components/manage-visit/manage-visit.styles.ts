import { css } from 'lit';

// The visit card looks like the appointment list's (kept apart: sharing that file would split it
// into a chunk of its own, which every page with the list would pay a request for).
export const manageVisitStyles = css`
  :host {
    display: grid;
    gap: 1rem;
  }
  h2 {
    font-size: 1.125rem;
    margin: 0;
  }
  [part~='appointment'] {
    display: grid;
    gap: 0.375rem;
    padding: 1rem;
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_accent);
    border-radius: var(--arrivo-radius, 0.5rem);
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
  [part~='skeleton'] span.tall {
    block-size: 7rem;
  }
`;
