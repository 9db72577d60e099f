import { html } from 'lit';
import { msg, str } from '@lit/localize';
import { ArrivoElement } from '../../base/arrivo-element';
import { diagnose } from '../../api/diagnose';
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

  /** The service's health and the business's name; checked again when `api` or `business` changes. */
  private readonly check = this.data(
    async (_, signal) => {
      const c = this.connection;
      try {
        const [, info] = await Promise.all([pub.health(c, signal), c.business ? pub.publicBusiness(c, signal) : undefined]);
        return { info };
      } catch (err) {
        // A status display is where telling "this site is not allowed" from "unreachable" pays off.
        throw signal.aborted ? err : await diagnose(c, err);
      }
    },
    { signedOut: true, onError: (err) => this.report(err) },
  );

  private get status(): Status {
    return this.check.error ? 'offline' : this.check.value ? 'online' : 'checking';
  }

  /** Mirrors the check as a custom state, so pages can style `arrivo-health:state(offline)`. */
  override updated() {
    for (const s of ['checking', 'online', 'offline'] as const) {
      if (s === this.status) this.internals.states.add(s);
      else this.internals.states.delete(s);
    }
  }

  override render() {
    const err = this.check.error;
    const info = this.check.value?.info;
    return html`<div part="base" role="status" aria-live="polite">
      <span part="indicator" aria-hidden="true"></span>
      ${err
        ? html`<span part="label">${errorText(err)}</span>
            <button part="retry-button" type="button" @click=${() => this.check.reload()}>${msg('Retry')}</button>`
        : html`<span part="label"
            >${this.status === 'checking'
              ? msg('Checking the booking service…')
              : info
                ? msg(str`${info.name}: online booking is available`)
                : msg('Online booking is available')}</span
          >`}
    </div>`;
  }
}
