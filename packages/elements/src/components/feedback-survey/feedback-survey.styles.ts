import { css } from 'lit';

export const feedbackSurveyStyles = css`
  :host {
    --_star: var(--arrivo-star-color, #f5a623);
    --_star-empty: var(--arrivo-star-empty-color, color-mix(in srgb, currentColor 30%, transparent));
    --_star-size: var(--arrivo-star-size, 2rem);
  }
  h2:focus {
    outline: none;
  }
  [part~='visit'] {
    display: grid;
    gap: 0.125rem;
  }
  .service,
  .when {
    font-weight: 600;
  }
  .asset {
    font-weight: 400;
  }
  fieldset {
    display: grid;
    gap: 0.375rem;
    margin: 0;
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }
  .marker {
    margin-inline-start: 0.375rem;
    font-weight: 400;
    font-size: 0.8125rem;
    opacity: 0.8;
  }
  .scale {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem;
  }
  /* The radios stay in the page (focusable, announced); their labels are what is seen. */
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    opacity: 0;
  }
  [part~='star'] {
    cursor: pointer;
    font-size: var(--_star-size);
    line-height: 1;
    color: var(--_star-empty);
    padding: 0.125rem;
    border-radius: var(--arrivo-radius, 0.5rem);
  }
  [part~='star'][data-filled] {
    color: var(--_star);
  }
  .word {
    margin-inline-start: 0.5rem;
    font-weight: 600;
  }
  [part~='score'] {
    cursor: pointer;
    min-inline-size: 2.5rem;
    padding: 0.5rem 0;
    text-align: center;
    font-weight: 600;
    border: 1px solid var(--_border);
    border-radius: var(--arrivo-radius, 0.5rem);
  }
  input:checked + [part~='score'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-contrast);
  }
  input:focus-visible + label {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .ends {
    display: flex;
    justify-content: space-between;
    gap: 1rem;
  }
  [part~='thanks'] {
    display: grid;
    gap: 0.75rem;
  }
  [part~='summary'] {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0;
  }
  [part~='summary'] dt {
    font-weight: 600;
  }
  [part~='summary'] dd {
    margin: 0;
  }
  .stars-shown {
    color: var(--_star);
  }
  .comment {
    white-space: pre-line;
  }
  [part~='follow-up'] {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
    padding: 0.75rem;
    border-radius: var(--arrivo-radius, 0.5rem);
    background: color-mix(in srgb, var(--_accent) 8%, transparent);
  }
`;
