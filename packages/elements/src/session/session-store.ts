import type { Session } from '@arrivo/core';

export type StoredSession = Session & { token: string };
type Listener = (session: StoredSession | undefined) => void;

function storage(): Storage | undefined {
  try {
    return window.localStorage; // may throw in sandboxed frames or with storage blocked
  } catch {
    return undefined;
  }
}

/**
 * The signed-in session for one API and business, kept in localStorage so a reload or another
 * tab stays signed in. Every element on the page with the same `api` and `business` shares it.
 */
export class SessionStore {
  private static readonly stores = new Map<string, SessionStore>();

  static for(api: string, business: string): SessionStore {
    const key = `arrivo:session:${api}:${business}`;
    let store = SessionStore.stores.get(key);
    if (!store) SessionStore.stores.set(key, (store = new SessionStore(key)));
    return store;
  }

  private current?: StoredSession;
  private readonly listeners = new Set<Listener>();

  private constructor(private readonly key: string) {
    this.current = this.read();
    window.addEventListener('storage', (event) => {
      if (event.key !== this.key) return;
      this.current = this.read();
      this.notify();
    });
  }

  get session(): StoredSession | undefined {
    return this.current;
  }

  get token(): string | undefined {
    return this.current?.token;
  }

  /** A new session (from sign-in); or fresh details of the current one (token kept). */
  set(session: Session): void {
    const token = session.token ?? this.current?.token;
    if (!token) return;
    this.current = { ...session, token };
    storage()?.setItem(this.key, JSON.stringify(this.current));
    this.notify();
  }

  clear(): void {
    this.current = undefined;
    storage()?.removeItem(this.key);
    this.notify();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private read(): StoredSession | undefined {
    try {
      const raw = storage()?.getItem(this.key);
      return raw ? (JSON.parse(raw) as StoredSession) : undefined;
    } catch {
      return undefined;
    }
  }

  private notify() {
    for (const listener of this.listeners) listener(this.current);
  }
}
