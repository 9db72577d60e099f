import ky, { HTTPError, TimeoutError, type KyInstance, type ResponsePromise } from 'ky';
import type {
  Appointments,
  Asset,
  BookableServiceType,
  BookBody,
  CustomerBooking,
  Health,
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

/** Typed calls to the Arrivo API. Every failure becomes an {@link ApiError} with a code. */
export class ApiClient {
  readonly api: string;
  readonly business: string;
  private readonly http: KyInstance;

  constructor(options: ApiClientOptions) {
    this.api = options.api;
    this.business = options.business;
    this.http = ky.create({
      prefixUrl: new URL(options.api.replace(/\/?$/, '/'), window.location.href).href,
      timeout: 15_000,
      retry: { limit: 2, methods: ['get'] },
      hooks: {
        beforeRequest: [
          (request) => {
            const token = options.getToken?.();
            if (token) request.headers.set('Authorization', `Bearer ${token}`);
          },
        ],
      },
    });
  }

  /** Absolute URL of a business route, for navigations (external sign-in) rather than fetches. */
  url(path: string): string {
    const base = new URL(this.api.replace(/\/?$/, '/'), window.location.href);
    return new URL(`businesses/${encodeURIComponent(this.business)}${path}`, base).href;
  }

  health(signal?: AbortSignal): Promise<Health> {
    return this.json(this.http.get('health', { signal }));
  }

  publicBusiness(signal?: AbortSignal): Promise<PublicBusiness> {
    return this.json(this.http.get(this.path(''), { signal }));
  }

  signIn(email: string, password: string): Promise<Session> {
    return this.json(this.http.post(this.path('/session'), { json: { email, password } }));
  }

  currentSession(signal?: AbortSignal): Promise<Session> {
    return this.json(this.http.get(this.path('/session'), { signal }));
  }

  async signOut(): Promise<void> {
    await this.send(this.http.delete(this.path('/session')));
  }

  redeemInvitation(input: { code: string; password: string; firstName?: string }): Promise<Session> {
    return this.json(this.http.post(this.path('/invitations/redeem'), { json: input }));
  }

  async forgotPassword(email: string, returnTo: string): Promise<void> {
    await this.send(this.http.post(this.path('/password/forgot'), { json: { email, returnTo } }));
  }

  async resetPassword(token: string, password: string): Promise<void> {
    await this.send(this.http.post(this.path('/password/reset'), { json: { token, password } }));
  }

  exchangeExternalSignIn(code: string): Promise<Session> {
    return this.json(this.http.post(this.path('/external-sign-in/exchange'), { json: { code } }));
  }

  profile(signal?: AbortSignal): Promise<Profile> {
    return this.json(this.http.get(this.path('/me'), { signal }));
  }

  saveProfile(update: ProfileUpdate): Promise<Profile> {
    return this.json(this.http.patch(this.path('/me'), { json: update }));
  }

  serviceTypes(signal?: AbortSignal): Promise<BookableServiceType[]> {
    return this.json(this.http.get(this.path('/me/service-types'), { signal }));
  }

  assets(signal?: AbortSignal): Promise<Asset[]> {
    return this.json(this.http.get(this.path('/me/assets'), { signal }));
  }

  slotDays(query: { serviceTypeId: string; assetId?: string; from: string; to: string }, signal?: AbortSignal): Promise<SlotDays> {
    return this.json(this.http.get(this.path('/me/slot-days'), { searchParams: definedOnly(query), signal }));
  }

  slots(query: { serviceTypeId: string; assetId?: string; date: string }, signal?: AbortSignal): Promise<Slots> {
    return this.json(this.http.get(this.path('/me/slots'), { searchParams: definedOnly(query), signal }));
  }

  /** `idempotencyKey`: the same for retries of one attempt, so it is never booked twice. */
  book(body: BookBody, idempotencyKey: string): Promise<CustomerBooking> {
    return this.json(this.http.post(this.path('/me/bookings'), { json: body, headers: { 'Idempotency-Key': idempotencyKey }, retry: { limit: 2, methods: ['post'] } }));
  }

  appointments(signal?: AbortSignal): Promise<Appointments> {
    return this.json(this.http.get(this.path('/me/bookings'), { signal }));
  }

  reschedule(bookingId: string, arrivalAt: string): Promise<CustomerBooking> {
    return this.json(this.http.post(this.path(`/me/bookings/${encodeURIComponent(bookingId)}/reschedule`), { json: { arrivalAt } }));
  }

  cancel(bookingId: string, reason: string): Promise<CustomerBooking> {
    return this.json(this.http.post(this.path(`/me/bookings/${encodeURIComponent(bookingId)}/cancel`), { json: { reason } }));
  }

  private path(rest: string): string {
    return `businesses/${encodeURIComponent(this.business)}${rest}`;
  }

  private async json<T>(request: ResponsePromise): Promise<T> {
    return (await this.send(request)).json() as Promise<T>;
  }

  private async send(request: ResponsePromise): Promise<Response> {
    try {
      return await request;
    } catch (err) {
      if (err instanceof HTTPError) throw ApiError.fromResponse(err.response.status, await err.response.json().catch(() => undefined));
      if (err instanceof TimeoutError) throw new ApiError('timeout', 'The booking service took too long to answer.');
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError('network_error', 'Cannot reach the booking service. Check your connection and try again.');
    }
  }
}

function definedOnly(query: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
}
