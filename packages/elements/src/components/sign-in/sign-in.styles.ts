import { css } from 'lit';

export const signInStyles = css`
  :host {
    max-inline-size: 28rem;
  }
  [part='tabs'] {
    margin-block-end: 1rem;
  }
  [part='tab'] {
    flex: 1;
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
