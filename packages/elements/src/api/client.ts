import ky, { isHTTPError, isTimeoutError, type KyInstance, type ResponsePromise } from 'ky';
import type { Health, PublicBusiness } from '@arrivo/core';
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
      prefix: options.api,
      timeout: 15_000,
      retry: { limit: 2, methods: ['get'] },
      hooks: {
        beforeRequest: [
          ({ request }) => {
            const token = options.getToken?.();
            if (token) request.headers.set('Authorization', `Bearer ${token}`);
          },
        ],
      },
    });
  }

  health(signal?: AbortSignal): Promise<Health> {
    return this.json(this.http.get('health', { signal }));
  }

  publicBusiness(signal?: AbortSignal): Promise<PublicBusiness> {
    return this.json(this.http.get(`businesses/${encodeURIComponent(this.business)}`, { signal }));
  }

  private async json<T>(request: ResponsePromise): Promise<T> {
    try {
      return await request.json<T>();
    } catch (err) {
      if (isHTTPError(err)) throw ApiError.fromResponse(err.response.status, err.data);
      if (isTimeoutError(err)) throw new ApiError('timeout', 'The booking service took too long to answer.');
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError('network_error', 'Cannot reach the booking service. Check your connection and try again.');
    }
  }
}
