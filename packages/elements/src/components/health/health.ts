import { html } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import { ArrivoElement } from '../../base/arrivo-element';
import { ApiError } from '../../api/api-error';
import { ArrivoErrorEvent } from '../../events/arrivo-event';
import * as pub from '../../api/public';
import { errorText } from '../../messages';
import { healthStyles } from './health.styles';

type Status = 'checking' | 'online' | 'offline';

/**
 * @tag arrivo-health
 * @summary Shows whether the booking service of a business is reachable.
 *
 * @event arrivo-error - The service could not be reached; `detail` has `code` and `message`.
 *
 * @csspart base - The outer box.
 * @csspart indicator - The coloured dot.
 * @csspart label - The status text.
 * @csspart retry-button - Shown when the service is unreachable.
 *
 * @cssproperty --arrivo-ok-color - Dot colour when online.
 * @cssproperty --arrivo-error-color - Dot colour when offline.
 * @cssproperty --arrivo-accent - Colour of the retry button.
 * @cssproperty --arrivo-radius - Corner radius.
 * @cssproperty --arrivo-font - Font family.
 */
export class ArrivoHealth extends ArrivoElement {
  static override styles = healthStyles;

  private readonly internals = this.attachInternals();

  private readonly check = new Task(this, {
    // `api` is an argument so that changing it re-runs the check.
    task: async ([, business], { signal }) => {
      const [health, info] = await Promise.all([
        pub.health(this.connection, signal),
        business ? pub.publicBusiness(this.connection, signal) : Promise.resolve(undefined),
      ]);
      return { health, info };
    },
    args: () => [this.api, this.business] as const,
    onError: (err) => {
      if (err instanceof ApiError) this.emit(new ArrivoErrorEvent({ code: err.code, message: errorText(err) }));
    },
  });

  /** Mirrors the check as a custom state, so pages can style `arrivo-health:state(offline)`. */
  override updated() {
    const status: Status =
      this.check.status === TaskStatus.COMPLETE ? 'online' : this.check.status === TaskStatus.ERROR ? 'offline' : 'checking';
    for (const s of ['checking', 'online', 'offline'] as const) {
      if (s === status) this.internals.states.add(s);
      else this.internals.states.delete(s);
    }
  }

  override render() {
    return html`<div part="base" role="status" aria-live="polite">
      <span part="indicator" aria-hidden="true"></span>
      ${this.check.render({
        initial: () => html`<span part="label">Checking the booking service…</span>`,
        pending: () => html`<span part="label">Checking the booking service…</span>`,
        complete: ({ info }) => html`<span part="label">${info ? `${info.name}: ` : ''}online booking is available</span>`,
        error: (err) => {
          return html`<span part="label">${errorText(err)}</span>
            <button part="retry-button" type="button" @click=${() => this.check.run()}>Retry</button>`;
        },
      })}
    </div>`;
  }
}
