import { css } from 'lit';
import { setupStyles } from '../setup/setup.styles';

// The insights screens' own rules, in their lazy chunk rather than the console's entry.
export const insightsStyles = [
  setupStyles,
  css`
    .figures {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
      margin: 0;
    }
    .figures div {
      min-inline-size: 9rem;
    }
    .figures dd {
      font-size: 1.5rem;
      font-weight: 700;
      margin: 0;
    }
    .chart {
      display: flex;
      align-items: stretch;
      gap: 1px;
      block-size: 10rem;
      border-block-end: 1px solid currentColor;
    }
    .chart .bar {
      flex: 1 1 0;
      min-inline-size: 1px;
      display: flex;
      flex-direction: column;
      justify-content: flex-end;
    }
    .portal {
      background: var(--arrivo-accent, #1d4ed8);
    }
    .staff {
      background: var(--arrivo-chart-staff, #64748b);
    }
    .scroll {
      max-block-size: 24rem;
      overflow: auto;
    }
    td.number,
    th.number {
      text-align: end;
      font-variant-numeric: tabular-nums;
    }
  `,
];
