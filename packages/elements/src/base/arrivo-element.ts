import { html, LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { ApiError } from '../api/api-error';
import type { Connection } from '../api/http';
import { ArrivoErrorEvent, type ArrivoEvent } from '../events/arrivo-event';
import { errorText, type Messages } from '../messages';
import { ApiController, SessionController } from './controllers';
import { Data, type DataOptions, type Loader } from './data';
import { isRightToLeft, setArrivoLocale } from '../localization';
import type { SessionStore, StoredSession } from '../session/session-store';
import { VERSION } from '../version';

/**
 * Base of every Arrivo element: the connection attributes, the session and API access (as
 * controllers, from an enclosing `<arrivo-portal>` when there is one), data keyed on them, typed
 * events, and a define guard that tolerates the same element being loaded twice.
 */
export class ArrivoElement extends LitElement {
  static override properties: PropertyDeclarations = {
    api: { reflect: true },
    business: { reflect: true },
    locale: {},
    theme: { reflect: true },
  };

  static readonly version: string = VERSION;

  /** Base URL of the Arrivo API, e.g. `https://book.example.com/api` or `/api`. */
  api = '/api';

  /** The business's public slug, e.g. `rose-city`. */
  business = '';

  /**
   * Language of the element, as a BCP 47 tag (`en`, `es`, `ar`…); the closest translation is used
   * and right-to-left languages are laid out right to left. Default: English.
   */
  locale = '';

  /** `light` (default) or `dark`: the colour defaults; `--arrivo-*` properties set by the page win. */
  theme: 'light' | 'dark' = 'light';

  private readonly sessionController = new SessionController(this);
  private readonly apiController = new ApiController(this, this.sessionController);

  constructor() {
    super();
    // Every element shows translated text: each re-renders when the locale changes.
    updateWhenLocaleChanges(this);
  }

  /** Where the signed-in session lives; shared by every element for the same API and business. */
  protected get store(): SessionStore {
    return this.sessionController.store;
  }

  /** The signed-in session, if any. Elements re-render when it changes. */
  protected get session(): StoredSession | undefined {
    return this.sessionController.session;
  }

  /** The API connection the area modules (`api/*.ts`) call over. */
  protected get connection(): Connection {
    return this.apiController.connection;
  }

  /**
   * Data this element shows, keyed on `[api, business, session]` (and `options.args`): it loads
   * when someone signs in, is dropped and loads again for another person, business or API, and
   * is empty while signed out. Create it in a field initializer.
   */
  protected data<T, A extends readonly unknown[] = []>(load: Loader<T, A>, options: DataOptions<A> = {}): Data<T, A> {
    return new Data(() => [this.connection.api, this.connection.business, this.session?.token], load, options, this);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('locale') && this.locale) {
      void setArrivoLocale(this.locale);
      this.lang = this.locale;
      this.dir = isRightToLeft(this.locale) ? 'rtl' : 'ltr';
    }
  }

  /** Dispatch one of Arrivo's event classes; returns false if a listener called preventDefault. */
  protected emit(event: ArrivoEvent<unknown>): boolean {
    return this.dispatchEvent(event);
  }

  /**
   * Tell the page about a failure this element shows (`arrivo-error`, with its code and the
   * person's message); returns that message. `area`: the element's own error messages.
   */
  protected report(err: unknown, area?: () => Messages): string {
    const message = errorText(err, area);
    this.emit(new ArrivoErrorEvent({ code: err instanceof ApiError ? err.code : 'internal', message }));
    return message;
  }

  /** What went wrong loading something, and Try again. */
  protected renderLoadError(err: unknown, retry: () => unknown, area?: () => Messages) {
    return html`<p part="error" role="alert">${errorText(err, area)}</p>
      <div class="actions"><button part="button" type="button" @click=${retry}>${msg('Try again')}</button></div>`;
  }

  /**
   * Register `tag` for this class. If the tag is taken by another copy of Arrivo (two bundles on
   * one page) the first definition wins and a different version is reported, never thrown.
   */
  static define(tag: string): void {
    const existing = customElements.get(tag) as (CustomElementConstructor & { version?: string }) | undefined;
    if (!existing) {
      customElements.define(tag, this);
    } else if (existing !== this && existing.version !== this.version) {
      console.warn(`<${tag}> is already defined by Arrivo ${existing.version ?? '(unknown)'}; version ${this.version} was not registered.`);
    }
  }
}
