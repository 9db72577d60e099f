import { css } from 'lit';
import { formStyles } from '../../styles/form.styles';

// Desk first, down to a tablet (768 px): the navigation goes above the screen when narrow.
export const adminConsoleStyles = [
  formStyles,
  css`
    :host {
      --_muted: color-mix(in srgb, currentColor 60%, transparent);
      --_surface: var(--arrivo-surface, #f4f5f7);
    }
    [part='header'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.75rem;
      margin-block-end: 1rem;
    }
    .layout {
      display: grid;
      grid-template-columns: 12rem minmax(0, 1fr);
      gap: 1.5rem;
      align-items: start;
    }
    @media (max-width: 900px) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    [part='nav'] ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    @media (max-width: 900px) {
      [part='nav'] ul {
        flex-direction: row;
        flex-wrap: wrap;
      }
    }
    [part~='nav-item'] {
      inline-size: 100%;
      text-align: start;
      padding: 0.625rem 0.875rem;
      border: 1px solid transparent;
      background: transparent;
      color: inherit;
      font-weight: 600;
    }
    [part~='nav-item'][aria-current='page'] {
      border-color: var(--_accent);
      background: color-mix(in srgb, var(--_accent) 10%, transparent);
      color: var(--_accent);
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 0.5rem;
      margin-block: 0.75rem 1rem;
    }
    .toolbar h2 {
      margin-inline-end: auto;
    }
    [part~='button'][data-size='small'] {
      padding: 0.375rem 0.75rem;
      font-size: 0.875rem;
    }
    /* The board: one row per technician, a track with hour marks, segments placed by time. */
    [part='board'] {
      display: grid;
      gap: 0.5rem;
    }
    [part='technician'] {
      display: grid;
      grid-template-columns: 9rem minmax(0, 1fr);
      gap: 0.5rem;
      align-items: stretch;
    }
    [part='technician'] h3 {
      margin: 0;
      font-size: 0.9375rem;
      align-self: center;
    }
    [part='technician'] .off {
      display: block;
      font-weight: 400;
      font-size: 0.8125rem;
      color: var(--_muted);
    }
    [part='track'] {
      position: relative;
      min-block-size: 3.5rem;
      margin: 0;
      padding: 0;
      list-style: none;
      border: 1px solid var(--_border);
      border-radius: var(--arrivo-radius, 0.5rem);
      background: repeating-linear-gradient(to right, transparent 0, transparent calc(var(--_hour) - 1px), var(--_border) calc(var(--_hour) - 1px), var(--_border) var(--_hour));
      overflow: hidden;
    }
    :host(:dir(rtl)) [part='track'] {
      background: repeating-linear-gradient(to left, transparent 0, transparent calc(var(--_hour) - 1px), var(--_border) calc(var(--_hour) - 1px), var(--_border) var(--_hour));
    }
    .hours,
    .away {
      position: absolute;
      inset-block: 0;
      background: color-mix(in srgb, var(--_accent) 5%, transparent);
    }
    .away {
      background: repeating-linear-gradient(45deg, transparent 0 6px, color-mix(in srgb, currentColor 10%, transparent) 6px 12px);
    }
    [part~='visit'] {
      position: absolute;
      inset-block: 0.375rem;
      display: flex;
      padding: 0;
      border: 0;
      background: none;
      color: inherit;
      text-align: start;
      min-inline-size: 1.5rem;
      overflow: hidden;
      border-radius: 0.375rem;
    }
    [part~='travel'] {
      flex: none;
      background: color-mix(in srgb, var(--_status) 25%, var(--arrivo-background, #fff));
      border-start-start-radius: 0.375rem;
      border-end-start-radius: 0.375rem;
    }
    [part~='work'] {
      flex: 1;
      min-inline-size: 0;
      padding: 0.25rem 0.375rem;
      background: var(--_status);
      color: #fff;
      font-size: 0.75rem;
      line-height: 1.2;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      border-radius: 0.375rem;
    }
    [data-status] {
      --_status: var(--arrivo-status-scheduled, #2454d6);
    }
    [data-status='traveling'] {
      --_status: var(--arrivo-status-traveling, #8a4b00);
    }
    [data-status='in_progress'] {
      --_status: var(--arrivo-status-in-progress, #6b2fb3);
    }
    [data-status='completed'] {
      --_status: var(--arrivo-status-completed, #1d6b38);
    }
    [data-status='canceled'] {
      --_status: var(--arrivo-status-canceled, #5f6368);
    }
    [part~='visit'][data-status='canceled'] {
      text-decoration: line-through;
    }
    .axis {
      display: grid;
      grid-template-columns: 9rem minmax(0, 1fr);
      gap: 0.5rem;
      font-size: 0.75rem;
      color: var(--_muted);
    }
    .axis ol {
      position: relative;
      block-size: 1rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .axis li {
      position: absolute;
      white-space: nowrap;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      font-size: 0.8125rem;
      margin-block-start: 0.75rem;
    }
    .swatch {
      display: inline-block;
      inline-size: 0.75rem;
      block-size: 0.75rem;
      border-radius: 0.2rem;
      margin-inline-end: 0.25rem;
      vertical-align: middle;
      background: var(--_status);
    }
    .swatch.travel {
      background: color-mix(in srgb, var(--_accent) 25%, var(--arrivo-background, #fff));
    }
    .live {
      font-size: 0.8125rem;
      color: var(--_muted);
    }
    dialog {
      inline-size: min(36rem, calc(100vw - 2rem));
      border: 1px solid var(--_border);
      border-radius: var(--arrivo-radius, 0.5rem);
      padding: 1.25rem;
      color: inherit;
      background: var(--arrivo-background, #fff);
    }
    dl {
      display: grid;
      grid-template-columns: max-content minmax(0, 1fr);
      gap: 0.375rem 1rem;
      margin: 0.75rem 0;
    }
    dt {
      font-weight: 600;
    }
    dd {
      margin: 0;
    }
    table {
      inline-size: 100%;
      border-collapse: collapse;
      font-size: 0.9375rem;
    }
    th,
    td {
      text-align: start;
      padding: 0.5rem;
      border-block-end: 1px solid var(--_border);
      vertical-align: top;
    }
    .split {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr);
      gap: 1.5rem;
      align-items: start;
    }
    @media (max-width: 1100px) {
      .split {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .stack {
      display: grid;
      gap: 1rem;
    }
    .grid2 {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: 0.75rem;
      align-items: start;
    }
    [part~='panel'] {
      display: grid;
      gap: 1rem;
      padding: 1rem;
      border: 1px solid var(--_border);
      border-radius: var(--arrivo-radius, 0.5rem);
    }
    [part~='badge'] {
      display: inline-block;
      padding: 0.125rem 0.5rem;
      border-radius: 1rem;
      font-size: 0.8125rem;
      background: var(--_surface);
      color: inherit;
    }
    .visually-hidden {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    h3 {
      margin: 0;
      font-size: 1.0625rem;
    }
    ul.plain {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.5rem;
    }
  `,
];
