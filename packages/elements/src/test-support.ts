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

// All test files share the browser's one client address: start each file with fresh per-address
// windows (redeem, password reset, sign-in), or their sum over the files trips the limits.
await executeServerCommand('arrivo-forget-address-limits');

/** The newest email the server sent to `to` (one containing `contains`, if given), as plain text. */
export async function lastMail(to: string, contains?: string): Promise<string> {
  const text = await executeServerCommand<string | null, { to: string; contains?: string }>('arrivo-last-mail', { to, contains });
  if (!text) throw new Error(`no email to ${to}`);
  return text;
}

/** The "Manage your visit" token of a visit's confirmation email (found by its work order number). */
export async function manageLinkToken(to: string, workOrderNumber: string): Promise<string> {
  const token = /#arrivo-manage=([\w-]+)/.exec(await lastMail(to, `WO-${workOrderNumber}`))?.[1];
  if (!token) throw new Error(`no manage link in the confirmation of WO-${workOrderNumber}`);
  return token;
}

export const codeIn = (text: string) => /code: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})/.exec(text)?.[1];

/** Forget the stored session (locally), so a test starts signed out. */
export function forgetSessions() {
  SessionStore.for(API, BUSINESS).clear();
}

/** Move a visit along as the technician would (test-only hook of the test API server). */
export async function setStatus(id: string, status: 'scheduled' | 'traveling' | 'in_progress' | 'completed'): Promise<void> {
  await executeServerCommand('arrivo-set-status', { id, status });
}

/** Keep `customer`'s session (its token, from {@link newCustomer}) where the elements look for it. */
export async function useCustomer(customer: { token: string }) {
  const res = await fetch(`${API}/businesses/${BUSINESS}/session`, { headers: { authorization: `Bearer ${customer.token}` } });
  if (!res.ok) throw new Error(`session check failed: ${res.status}`);
  SessionStore.for(API, BUSINESS).set({ ...(await res.json()), token: customer.token });
}

/**
 * A visit of the customer with `token`, booked through the real API and then Completed (survey
 * setup). Booked on the fifth open day: the other tests' bookings take the second day's times.
 */
export async function completedVisit(token: string, pick = 0) {
  const { booking } = await bookVisit(token, pick, 4);
  await setStatus(booking.id, 'completed');
  return booking as { id: string; serviceType: { id: string }; asset: { id: string } | null };
}

/** A survey link's token for a completed visit, as its Completed message would carry (test-only hook). */
export async function surveyLink(id: string): Promise<string> {
  return executeServerCommand('arrivo-survey-link', { id });
}

/** A location fix from the visit's technician (it must be Traveling), as their app would send it. */
export async function sendFix(id: string, fix: { lat: number; lon: number; recordedAt?: string }): Promise<{ accepted: number; eta: unknown }> {
  return executeServerCommand('arrivo-fix', { id, ...fix });
}

/**
 * Sign in through the real API and keep the session where the elements look for it. A session
 * from an earlier test file is reused while it is valid, as a browser would: the server limits
 * sign-ins to 10 per email per 15 minutes, and these tests must not trip it.
 */
export async function signIn(email = 'linh.nguyen@example.com', password = DEMO_PASSWORD) {
  const session = await apiSignIn(email, password);
  SessionStore.for(API, BUSINESS).set(session as never);
  return session;
}

/** A session through the real API, reused across test files while valid, not stored for elements. */
export async function apiSignIn(email: string, password = DEMO_PASSWORD): Promise<{ token: string }> {
  const key = `arrivo-test:session:${email}`;
  const kept = localStorage.getItem(key);
  if (kept) {
    const session = JSON.parse(kept) as { token: string };
    const check = await fetch(`${API}/businesses/${BUSINESS}/session`, { headers: { authorization: `Bearer ${session.token}` } });
    if (check.ok) return session;
  }
  const res = await fetch(`${API}/businesses/${BUSINESS}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const session = await res.json();
  localStorage.setItem(key, JSON.stringify(session));
  return session as { token: string };
}

/** Book through the real API (setup for list tests), on the `day`-th open day (from 0). */
export async function bookVisit(token: string, pick = 0, day = 1) {
  const auth = { authorization: `Bearer ${token}` };
  const types = await (await fetch(`${API}/businesses/${BUSINESS}/me/service-types`, { headers: auth })).json();
  const serviceTypeId = types.find((t: { key: string }) => t.key === 'drain-cleaning').id as string;
  const today = new Date().toISOString().slice(0, 10);
  const later = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const days = await (await fetch(`${API}/businesses/${BUSINESS}/me/slot-days?serviceTypeId=${serviceTypeId}&from=${today}&to=${later}`, { headers: auth })).json();
  const date = days.days[day].date as string;
  const { slots } = await (await fetch(`${API}/businesses/${BUSINESS}/me/slots?serviceTypeId=${serviceTypeId}&date=${date}`, { headers: auth })).json();
  const res = await fetch(`${API}/businesses/${BUSINESS}/me/bookings`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ serviceTypeId, arrivalAt: slots[pick].arrivalAt }),
  });
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${await res.text()}`);
  return { booking: await res.json(), serviceTypeId, date, slots: slots as { arrivalAt: string }[] };
}

/**
 * A new customer of the demo business, made as staff would (account, contact, the emailed
 * invitation redeemed), signed in through the API but not stored where elements look. One per
 * first name in a test run (test files share it): the server allows 10 redemptions per address
 * in 15 minutes.
 */
export async function newCustomer(firstName: string): Promise<{ token: string; email: string }> {
  const key = `arrivo-test:customer:${firstName}`;
  const kept = localStorage.getItem(key);
  if (kept) {
    const customer = JSON.parse(kept) as { token: string; email: string };
    const check = await fetch(`${API}/businesses/${BUSINESS}/session`, { headers: { authorization: `Bearer ${customer.token}` } });
    if (check.ok) return customer;
  }
  const customer = await redeemNew(firstName);
  localStorage.setItem(key, JSON.stringify(customer));
  return customer;
}

async function redeemNew(firstName: string): Promise<{ token: string; email: string }> {
  const { email, code } = await invite(firstName);
  const res = await fetch(`${API}/businesses/${BUSINESS}/invitations/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, password: `${firstName} has a long password` }),
  });
  if (res.status !== 201) throw new Error(`redeem failed: ${res.status} ${await res.text()}`);
  return { token: (await res.json()).token, email };
}

/** A new contact of the demo business, invited as staff would: its email and invitation code. */
export async function invite(firstName: string): Promise<{ email: string; code: string }> {
  const staff = await apiSignIn('dana@rosecity.example', DEMO_PASSWORD);
  const admin = async (path: string, body: unknown) => {
    const res = await fetch(`${API}/businesses/${BUSINESS}/admin${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const email = `${firstName.toLowerCase()}.${crypto.randomUUID().slice(0, 8)}@example.com`;
  const account = await admin('/accounts', { name: `${firstName}'s home`, addressLine1: '4000 N Mississippi Ave', city: 'Portland', postalCode: '97227', lat: 45.5526, lon: -122.6755 });
  await admin(`/accounts/${account.id}/contacts`, { firstName, lastName: 'Test', email });
  return { email, code: codeIn(await lastMail(email))! };
}

/**
 * Holds the answer to the next request `matches` picks until `release()`, and delivers it even
 * if the request was aborted meanwhile: an answer already on its way when the element moved on.
 * `release()` resolves once the element has had every chance to act on it.
 */
/** The request a `fetch(input, init)` call makes (ky passes a Request; others a URL and init). */
export function requestOf(input: RequestInfo | URL, init?: RequestInit): Request {
  // Never build a Request from a Request: that would take its body.
  return input instanceof Request ? input : new Request(input, init);
}

export function holdNextAnswer(matches: (url: URL) => boolean) {
  const real = window.fetch;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let asked!: () => void;
  const requested = new Promise<void>((resolve) => (asked = resolve));
  window.fetch = async (input, init) => {
    const url = new URL(requestOf(input, init).url);
    if (!matches(url)) return real(input, init);
    window.fetch = real;
    asked();
    const answer = await real(url, { headers: requestOf(input, init).headers });
    const body = await answer.text();
    await gate;
    return new Response(body, { status: answer.status, headers: answer.headers });
  };
  return {
    requested,
    release: async () => {
      open();
      await new Promise((resolve) => setTimeout(resolve)); // every promise reaction in between has run
    },
    restore: () => {
      if (window.fetch !== real) window.fetch = real;
    },
  };
}
