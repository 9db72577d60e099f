import { css } from 'lit';
import { setupStyles } from '../setup/setup.styles';

// The settings screens' own rules, in their lazy chunk rather than the console's entry.
export const settingsStyles = [
  setupStyles,
  css`
    .preview {
      display: grid;
      gap: 0.5rem;
    }
    .preview iframe {
      inline-size: 100%;
      block-size: 22rem;
      border: 1px solid var(--arrivo-border-color, #c4c4c4);
      border-radius: var(--arrivo-radius, 0.5rem);
      background: #fff;
    }
    .preview pre {
      white-space: pre-wrap;
      font-family: inherit;
    }
    .placeholders code {
      font-family: ui-monospace, monospace;
      margin-inline-end: 0.375rem;
    }
    .swatch-sample {
      display: inline-block;
      padding: 0.5rem 1rem;
      border-radius: var(--arrivo-radius, 0.5rem);
      font-weight: 600;
    }
    [data-question] {
      border: 1px solid var(--arrivo-border-color, #c4c4c4);
      border-radius: var(--arrivo-radius, 0.5rem);
      padding: 0.75rem;
      display: grid;
      gap: 0.5rem;
    }
    [data-question] legend {
      font-weight: 600;
    }
  `,
];
