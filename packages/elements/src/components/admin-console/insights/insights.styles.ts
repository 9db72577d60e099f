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
      inline-size: 100%;
      block-size: 10rem;
      display: block;
    }
    .chart .portal {
      fill: var(--arrivo-accent, #1d4ed8);
    }
    .chart .staff {
      fill: var(--arrivo-chart-staff, #94a3b8);
    }
    .legend .portal {
      background: var(--arrivo-accent, #1d4ed8);
    }
    .legend .staff {
      background: var(--arrivo-chart-staff, #94a3b8);
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
