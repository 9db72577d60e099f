import { AsyncLocalStorage } from 'node:async_hooks';

// A session acts only at the business it was started at. better-auth creates session rows deep
// inside its sign-in and sign-up calls; this carries the business to its create hook, so the row
// is written with it (no window where the session exists unbound).
const current = new AsyncLocalStorage<string>();

/** Run `fn` so that every session it creates belongs to `businessId`. */
export function startingSessionsAt<T>(businessId: string, fn: () => Promise<T>): Promise<T> {
  return current.run(businessId, fn);
}

/** The business a session being created now belongs to (none for the OpenID Connect callback). */
export function businessOfNewSession(): string | undefined {
  return current.getStore();
}
