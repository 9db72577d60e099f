import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiClient } from '../api/client';
import { apiClientContext } from '../context';
import type { ArrivoEvent } from '../events';
import { VERSION } from '../version';

/**
 * Base of every Arrivo element: the connection attributes, the API client (from an enclosing
 * `<arrivo-portal>` when there is one, else built from the attributes), typed events and a
 * define guard that tolerates the same element being loaded twice.
 */
export class ArrivoElement extends LitElement {
  static readonly version: string = VERSION;

  /** Base URL of the Arrivo API, e.g. `https://book.example.com/api` or `/api`. */
  @property({ reflect: true }) api = '/api';

  /** The business's public slug, e.g. `rose-city`. */
  @property({ reflect: true }) business = '';

  @consume({ context: apiClientContext, subscribe: true })
  @state()
  private providedClient?: ApiClient;

  private ownClient?: ApiClient;

  /** The client to use: the provided one, or one matching this element's attributes. */
  protected get client(): ApiClient {
    if (this.providedClient) return this.providedClient;
    if (!this.ownClient || this.ownClient.api !== this.api || this.ownClient.business !== this.business) {
      this.ownClient = new ApiClient({ api: this.api, business: this.business });
    }
    return this.ownClient;
  }

  /** Dispatch one of Arrivo's event classes; returns false if a listener called preventDefault. */
  protected emit(event: ArrivoEvent<unknown>): boolean {
    return this.dispatchEvent(event);
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
