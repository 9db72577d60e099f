import { css } from 'lit';

// The console maps' own rules (the live map's look: a plain background where tiles are missing).
export const adminMapStyles = css`
  .field-error {
    display: block;
    font-size: 0.875rem;
    font-weight: 400;
    color: var(--arrivo-error-color, #b3261e);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem;
  }
  textarea.code {
    font-family: ui-monospace, monospace;
    font-size: 0.8125rem;
  }
  fieldset {
    display: grid;
    gap: 0.5rem;
  }
  .frame {
    position: relative;
  }
  [part~='map'] {
    block-size: var(--arrivo-map-height, 18rem);
    border-radius: var(--arrivo-radius, 0.5rem);
    overflow: hidden;
    background: var(--arrivo-map-background, color-mix(in srgb, currentColor 8%, #e8eef2));
    cursor: crosshair;
  }
  [part~='map']:focus-visible {
    outline: 2px solid var(--arrivo-accent, #0b57d0);
    outline-offset: 2px;
  }
  .arrivo-overlay {
    position: absolute;
    inset-block-start: 0;
    inset-inline-start: 0;
    pointer-events: none;
    overflow: visible;
  }
  [part~='area'] {
    fill: var(--arrivo-accent, #0b57d0);
    fill-opacity: 0.15;
    stroke: var(--arrivo-accent, #0b57d0);
    stroke-width: 3;
    stroke-linejoin: round;
  }
  polyline[part~='area'] {
    fill: none;
  }
  [part~='other-area'] {
    fill: #5f6368;
    fill-opacity: 0.08;
    stroke: #5f6368;
    stroke-dasharray: 4 4;
  }
  [part~='radius-handle'] {
    fill: #fff;
    stroke: var(--arrivo-accent, #0b57d0);
    stroke-width: 3;
    pointer-events: auto;
    cursor: ew-resize;
    touch-action: none;
  }
  [part~='point-marker-dot'],
  [part~='technician-marker-dot'],
  [part~='vertex-dot'] {
    fill: var(--arrivo-accent, #0b57d0);
    stroke: #fff;
    stroke-width: 3;
  }
  [part~='destination-marker-dot'] {
    fill: #fff;
    stroke: #1d1d1f;
    stroke-width: 4;
  }
  .zoom {
    position: absolute;
    inset-block-start: 0.5rem;
    inset-inline-end: 0.5rem;
    display: grid;
    gap: 0.25rem;
  }
  .zoom button {
    inline-size: 2.25rem;
    block-size: 2.25rem;
    font-size: 1.25rem;
    border-radius: 0.375rem;
    border: 1px solid #0003;
    background: #fff;
    color: #1d1d1f;
    cursor: pointer;
  }
  .attribution {
    position: absolute;
    inset-block-end: 0;
    inset-inline-end: 0;
    margin: 0;
    padding: 0.125rem 0.375rem;
    font-size: 0.75rem;
    background: #fffd;
    color: #1d1d1f;
  }
  .attribution a {
    color: inherit;
  }
`;
