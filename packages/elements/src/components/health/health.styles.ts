import { css } from 'lit';

export const healthStyles = css`
  :host {
    --_ok: var(--arrivo-ok-color, #1a7f37);
    --_error: var(--arrivo-error-color, #b42318);
    --_accent: var(--arrivo-accent, #2454d6);
    display: inline-block;
    font-family: var(--arrivo-font, system-ui, sans-serif);
    font-size: 0.875rem;
    color: inherit;
  }
  [part='base'] {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.375em 0.75em;
    border: 1px solid color-mix(in srgb, currentColor 20%, transparent);
    border-radius: var(--arrivo-radius, 0.5rem);
  }
  [part='indicator'] {
    inline-size: 0.625em;
    block-size: 0.625em;
    border-radius: 50%;
    background: color-mix(in srgb, currentColor 35%, transparent);
    flex: none;
  }
  :host(:state(online)) [part='indicator'] {
    background: var(--_ok);
  }
  :host(:state(offline)) [part='indicator'] {
    background: var(--_error);
  }
  :host(:state(checking)) [part='indicator'] {
    animation: pulse 1s ease-in-out infinite alternate;
  }
  @keyframes pulse {
    to {
      opacity: 0.3;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    :host(:state(checking)) [part='indicator'] {
      animation: none;
    }
  }
  [part='retry-button'] {
    font: inherit;
    padding: 0.125em 0.625em;
    border: 1px solid var(--_accent);
    border-radius: var(--arrivo-radius, 0.5rem);
    background: transparent;
    color: var(--_accent);
    cursor: pointer;
  }
  [part='retry-button']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;
