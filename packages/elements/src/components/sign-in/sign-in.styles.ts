import { css } from 'lit';

export const signInStyles = css`
  :host {
    max-inline-size: 28rem;
  }
  [part='tabs'] {
    display: flex;
    gap: 0.25rem;
    border-block-end: 1px solid var(--_border);
    margin-block-end: 1rem;
  }
  [part='tab'] {
    flex: 1;
    padding: 0.625rem 0.75rem;
    border: 0;
    border-block-end: 3px solid transparent;
    border-radius: 0;
    background: none;
    color: inherit;
    font-weight: 600;
  }
  [part='tab'][aria-selected='true'] {
    border-block-end-color: var(--_accent);
    color: var(--_accent);
  }
  [role='tabpanel'] {
    display: grid;
    gap: 0.875rem;
  }
  .external {
    display: grid;
    gap: 0.75rem;
    margin-block-start: 0.5rem;
    text-align: center;
  }
  .or {
    font-size: 0.8125rem;
    opacity: 0.7;
  }
`;
