// Shared by the element tests (not part of the bundle): where the real API is, and its mailbox.
import { executeServerCommand } from '@web/test-runner-commands';
import { SessionStore } from './session/session-store';

declare global {
  interface Window {
    ARRIVO_TEST_API: string;
  }
}

/** The real API server, on another origin than the test page (CORS and bearer, as embedded). */
export const API = window.ARRIVO_TEST_API;
export const BUSINESS = 'rose-city';
export const DEMO_PASSWORD = 'arrivo-demo-2026';

/** The newest email the server "sent" to `to`, as plain text. */
export async function lastMail(to: string): Promise<string> {
  const text = await executeServerCommand<string | null, { to: string }>('arrivo-last-mail', { to });
  if (!text) throw new Error(`no email to ${to}`);
  return text;
}

export const codeIn = (text: string) => /code: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})/.exec(text)?.[1];

/** Forget the stored session (locally), so a test starts signed out. */
export function forgetSessions() {
  SessionStore.for(API, BUSINESS).clear();
}
