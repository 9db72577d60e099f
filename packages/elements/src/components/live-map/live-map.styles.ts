import { css } from 'lit';

export const liveMapStyles = css`
  :host {
    --_warning: var(--arrivo-warning-color, #9a6700);
  }
  [part~='base'] {
    display: grid;
    gap: 0.625rem;
  }
  [part~='eta'] {
    font-size: 1.125rem;
    font-weight: 600;
  }
  .frame {
    position: relative;
  }
  [part~='map'] {
    block-size: var(--arrivo-map-height, 20rem);
    border-radius: var(--arrivo-radius, 0.5rem);
    overflow: hidden;
    background: var(--arrivo-map-background, color-mix(in srgb, currentColor 8%, #e8eef2));
  }
  [part~='map']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .arrivo-overlay {
    position: absolute;
    inset-block-start: 0;
    inset-inline-start: 0;
    pointer-events: none;
    overflow: visible;
  }
  [part~='route'] {
    fill: none;
    stroke: var(--_accent);
    stroke-width: 4;
    stroke-linecap: round;
    stroke-linejoin: round;
    stroke-opacity: 0.7;
  }
  [part~='destination-marker'] {
    fill: #fff;
    stroke: #1d1d1f;
    stroke-width: 4;
  }
  [part~='technician-halo'] {
    fill: var(--_accent);
    fill-opacity: 0.2;
  }
  [part~='technician-dot'] {
    fill: var(--_accent);
    stroke: #fff;
    stroke-width: 3;
  }
  [part~='zoom'] {
    position: absolute;
    inset-block-start: 0.5rem;
    inset-inline-end: 0.5rem;
    display: grid;
    gap: 0.25rem;
  }
  [part~='zoom'] button {
    inline-size: 2.25rem;
    block-size: 2.25rem;
    font: inherit;
    font-size: 1.25rem;
    line-height: 1;
    border: 1px solid var(--_border);
    background: var(--arrivo-field-background, #fff);
    color: var(--arrivo-field-color, #1d1d1f);
  }
  [part~='zoom'] button:focus-visible {
    outline: 2px solid var(--_accent);
  }
  [part~='attribution'] {
    position: absolute;
    inset-block-end: 0;
    inset-inline-end: 0;
    padding: 0.125rem 0.375rem;
    font-size: 0.75rem;
    background: color-mix(in srgb, #fff 85%, transparent);
    color: #1d1d1f;
    border-start-start-radius: var(--arrivo-radius, 0.5rem);
  }
  [part~='attribution'] a {
    color: inherit;
  }
  [part~='updated'] {
    font-size: 0.875rem;
    opacity: 0.85;
  }
  [part~='stale'] {
    opacity: 1;
    color: var(--_warning);
    font-weight: 600;
  }
  [part~='technician'] {
    display: grid;
    grid-template-columns: auto 1fr;
    align-items: center;
    column-gap: 0.75rem;
  }
  [part~='technician-photo'] {
    grid-row: span 2;
    border-radius: 50%;
    object-fit: cover;
  }
  [part~='technician-name'] {
    font-weight: 600;
  }
  .contact {
    display: flex;
    gap: 1rem;
  }
  [part~='call'],
  [part~='text'] {
    color: var(--_accent);
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
