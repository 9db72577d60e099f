import { css } from 'lit';

/**
 * A tab strip (role="tablist" with role="tab" buttons) underlined in the accent colour; on a narrow
 * screen it stays one line and scrolls sideways.
 */
export const tabStyles = css`
  [part~='tabs'] {
    display: flex;
    gap: 0.25rem;
    border-block-end: 1px solid var(--_border);
    overflow-x: auto;
    scrollbar-width: thin;
  }
  [part~='tab'] {
    flex: none;
    white-space: nowrap;
    padding: 0.625rem 0.75rem;
    border: 0;
    border-block-end: 3px solid transparent;
    border-radius: 0;
    background: none;
    color: inherit;
    font-weight: 600;
  }
  [part~='tab'][aria-selected='true'] {
    border-block-end-color: var(--_accent);
    color: var(--_accent);
  }
`;
