import type { ReactiveController, ReactiveElement } from 'lit';
import { ContextConsumer } from '@lit/context';
import { connect, type Connection } from '../api/http';
import { connectionContext, sessionStoreContext } from '../context';
import { SessionStore, type StoredSession } from '../session/session-store';

/** What the controllers need of their element: the connection attributes. */
export type ConnectedHost = ReactiveElement & { api: string; business: string };

/**
 * The signed-in session: the store provided by an enclosing `<arrivo-portal>`, else the one shared
 * by every element on the page with the same `api` and `business`. The host re-renders when it
 * changes (a sign-in or sign-out here, in another element or another tab).
 */
export class SessionController implements ReactiveController {
  private readonly provided;
  private watched?: SessionStore;
  private unwatch?: () => void;

  constructor(private readonly host: ConnectedHost) {
    this.provided = new ContextConsumer(host, { context: sessionStoreContext, subscribe: true, callback: () => host.requestUpdate() });
    host.addController(this);
  }

  get store(): SessionStore {
    return this.provided.value ?? SessionStore.for(this.host.api, this.host.business);
  }

  get session(): StoredSession | undefined {
    return this.store.session;
  }

  hostConnected(): void {
    this.watch();
    // Back in the page: the session may have changed while it was out (no one was listening).
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    if (this.watched !== this.store) this.watch();
  }

  hostDisconnected(): void {
    this.unwatch?.();
    this.watched = this.unwatch = undefined;
  }

  private watch() {
    this.unwatch?.();
    this.watched = this.store;
    this.unwatch = this.watched.subscribe(() => this.host.requestUpdate());
  }
}

/**
 * API access: the connection provided by an enclosing `<arrivo-portal>`, else one made for the
 * host's `api` and `business`, sending the session's token.
 */
export class ApiController implements ReactiveController {
  private readonly provided;
  private own?: Connection;

  constructor(
    private readonly host: ConnectedHost,
    private readonly session: SessionController,
  ) {
    this.provided = new ContextConsumer(host, { context: connectionContext, subscribe: true, callback: () => host.requestUpdate() });
    host.addController(this);
  }

  get connection(): Connection {
    if (this.provided.value) return this.provided.value;
    const { api, business } = this.host;
    if (this.own?.api !== api || this.own.business !== business) this.own = connect({ api, business, getToken: () => this.session.store.token });
    return this.own;
  }

  hostConnected(): void {}
}
