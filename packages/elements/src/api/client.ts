import type {
  Appointments,
  Asset,
  BookableServiceType,
  BookBody,
  CustomerBooking,
  Health,
  InvitationCheck,
  Profile,
  ProfileUpdate,
  PublicBusiness,
  Session,
  SlotDays,
  Slots,
} from '@arrivo/core';
import { ApiError } from './api-error';

export interface ApiClientOptions {
  /** Base URL of the Arrivo API, absolute or relative to the page (e.g. `/api`). */
  api: string;
  /** The business's public slug. */
  business: string;
  /** Bearer token of the signed-in user; elements on third-party sites cannot rely on cookies. */
  getToken?: () => string | undefined;
}

interface RequestOptions {
  json?: unknown;
  query?: Record<string, string | undefined>;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Safe to send again after a failure: reads, and writes with an Idempotency-Key. */
  retry?: boolean;
}

const TIMEOUT_MS = 15_000;
// Worth another try: the server or a proxy was briefly unable to answer.
const RETRY_STATUS = [408, 500, 502, 503, 504];
const RETRIES = 2;

/**
 * Typed calls to the Arrivo API over `fetch`. Every failure becomes an {@link ApiError} with a
 * code; an aborted request rejects with the abort's own error.
 */
export class ApiClient {
  readonly api: string;
  readonly business: string;
  private readonly getToken: () => string | undefined;

  constructor(options: ApiClientOptions) {
    this.api = options.api;
    this.business = options.business;
    this.getToken = options.getToken ?? (() => undefined);
  }

  /** Absolute URL of a business route, for navigations (external sign-in) as well as fetches. */
  url(path: string): string {
    return new URL(`businesses/${encodeURIComponent(this.business)}${path}`, this.base()).href;
  }

  health(signal?: AbortSignal): Promise<Health> {
    return this.call('GET', new URL('health', this.base()).href, { signal, retry: true });
  }

  publicBusiness(signal?: AbortSignal): Promise<PublicBusiness> {
    return this.get('', signal);
  }

  signIn(email: string, password: string): Promise<Session> {
    return this.call('POST', this.url('/session'), { json: { email, password } });
  }

  currentSession(signal?: AbortSignal): Promise<Session> {
    return this.get('/session', signal);
  }

  async signOut(): Promise<void> {
    await this.call('DELETE', this.url('/session'));
  }

  /** Whether an invitation code can be redeemed, before the person chooses a password. */
  checkInvitation(code: string): Promise<InvitationCheck> {
    return this.call('POST', this.url('/invitations/check'), { json: { code } });
  }

  redeemInvitation(input: { code: string; password: string; firstName?: string }): Promise<Session> {
    return this.call('POST', this.url('/invitations/redeem'), { json: input });
  }

  async forgotPassword(email: string, returnTo: string): Promise<void> {
    await this.call('POST', this.url('/password/forgot'), { json: { email, returnTo } });
  }

  async resetPassword(token: string, password: string): Promise<void> {
    await this.call('POST', this.url('/password/reset'), { json: { token, password } });
  }

  exchangeExternalSignIn(code: string): Promise<Session> {
    return this.call('POST', this.url('/external-sign-in/exchange'), { json: { code } });
  }

  profile(signal?: AbortSignal): Promise<Profile> {
    return this.get('/me', signal);
  }

  saveProfile(update: ProfileUpdate): Promise<Profile> {
    return this.call('PATCH', this.url('/me'), { json: update });
  }

  serviceTypes(signal?: AbortSignal): Promise<BookableServiceType[]> {
    return this.get('/me/service-types', signal);
  }

  assets(signal?: AbortSignal): Promise<Asset[]> {
    return this.get('/me/assets', signal);
  }

  slotDays(query: { serviceTypeId: string; assetId?: string; from: string; to: string }, signal?: AbortSignal): Promise<SlotDays> {
    return this.get('/me/slot-days', signal, query);
  }

  slots(query: { serviceTypeId: string; assetId?: string; date: string }, signal?: AbortSignal): Promise<Slots> {
    return this.get('/me/slots', signal, query);
  }

  /** `idempotencyKey`: the same for retries of one attempt, so it is never booked twice. */
  book(body: BookBody, idempotencyKey: string): Promise<CustomerBooking> {
    return this.call('POST', this.url('/me/bookings'), { json: body, headers: { 'Idempotency-Key': idempotencyKey }, retry: true });
  }

  appointments(signal?: AbortSignal): Promise<Appointments> {
    return this.get('/me/bookings', signal);
  }

  reschedule(bookingId: string, arrivalAt: string): Promise<CustomerBooking> {
    return this.call('POST', this.url(`/me/bookings/${encodeURIComponent(bookingId)}/reschedule`), { json: { arrivalAt } });
  }

  cancel(bookingId: string, reason: string): Promise<CustomerBooking> {
    return this.call('POST', this.url(`/me/bookings/${encodeURIComponent(bookingId)}/cancel`), { json: { reason } });
  }

  private base(): URL {
    return new URL(this.api.replace(/\/?$/, '/'), window.location.href);
  }

  private get<T>(path: string, signal?: AbortSignal, query?: RequestOptions['query']): Promise<T> {
    return this.call('GET', this.url(path), { signal, query, retry: true });
  }

  private async call<T>(method: string, href: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(href);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const headers: Record<string, string> = { ...options.headers };
    const token = this.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    const { signal } = options;
    for (let attempt = 0; ; attempt++) {
      const last = !options.retry || attempt === RETRIES;
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers,
          body: options.json === undefined ? undefined : JSON.stringify(options.json),
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        if (signal?.aborted) throw err;
        if (err instanceof DOMException && err.name === 'TimeoutError') throw new ApiError('timeout', 'The booking service took too long to answer.');
        if (last) throw await this.unreachable();
        await pause(attempt);
        continue;
      }
      if (response.ok) return (response.status === 204 ? undefined : response.json()) as Promise<T>;
      if (last || !RETRY_STATUS.includes(response.status)) throw ApiError.fromResponse(response.status, await response.json().catch(() => undefined));
      await pause(attempt);
    }
  }

  /**
   * Why a request got no answer we may read. A request the page may not read (no CORS) fails just
   * like one that never arrived; a `no-cors` request, which the browser lets through but keeps
   * opaque, tells them apart: if it is answered, the service is there and refused this page.
   */
  private async unreachable(): Promise<ApiError> {
    const reachable = await fetch(this.url(''), { mode: 'no-cors', signal: AbortSignal.timeout(5000) }).then(
      () => true,
      () => false,
    );
    return reachable
      ? new ApiError('origin_not_allowed', `This page's origin (${window.location.origin}) is not allowed to use the booking service of "${this.business}".`, 0, {
          details: { origin: window.location.origin, business: this.business },
        })
      : new ApiError('network_error', 'Cannot reach the booking service.');
  }
}

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 300 * 2 ** attempt));
