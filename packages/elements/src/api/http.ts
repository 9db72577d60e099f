import ky, { HTTPError, TimeoutError } from 'ky';
import { ApiError } from './api-error';
import { currentLocale } from '../localization';

/**
 * The connection every API area module works over: ky set up for one API and business, with
 * the signed-in person's bearer token, a timeout, retries of what is safe to send again, and
 * every failure turned into an {@link ApiError} with a code.
 *
 * The API is split by area, one module each, so an element's bundle carries only the calls it
 * makes: `public` (health, the business), `session` (sign-in, invitations, password reset),
 * `profile`, `scheduling` (slots, bookings). Tracking, feedback, the technician app and the admin
 * console add their own modules beside these (`tracking.ts`, `feedback.ts`, `technician.ts`,
 * `admin.ts`), each a set of functions over a {@link Connection}; `npm run size` fails if a
 * customer element ever loads the technician or admin ones.
 */
export interface Connection {
  readonly api: string;
  readonly business: string;
  /** Absolute URL of a business route (`''`, `'external-sign-in'`…), for navigations as well as calls. */
  url(path: string): string;
  /** Send a request to a business route (`'me/slots'`) or, with a leading `/`, an API route (`'/health'`). */
  call<T>(path: string, options?: Options): Promise<T>;
}

/** Which failed requests are sent again: up to `limit` more times, for these methods and statuses. */
export interface Retry {
  limit: number;
  methods: readonly string[];
  statusCodes: readonly number[];
}

/** One request: the subset of ky's options Arrivo uses, with ky's names. */
export interface Options {
  method?: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** A body sent as JSON. */
  json?: unknown;
  /** Query parameters; `undefined` ones are left out. */
  searchParams?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  retry?: Retry;
  /** Milliseconds for each attempt (default 15 s). */
  timeout?: number;
}

export interface ConnectionOptions {
  /** Base URL of the Arrivo API, absolute or relative to the page (e.g. `/api`). */
  api: string;
  /** The business's public slug. */
  business: string;
  /** Bearer token of the signed-in user; elements on third-party sites cannot rely on cookies. */
  getToken?: () => string | undefined;
}

const TIMEOUT_MS = 15_000;

// Worth another try: the server or a proxy was briefly unable to answer, or no answer came. Reads
// only; a write opts in with `retry: IDEMPOTENT` when it carries an Idempotency-Key (429 and 413
// are never retried).
const RETRY: Retry = { limit: 2, methods: ['get'], statusCodes: [408, 500, 502, 503, 504] };
/** Retry options for a write that is safe to repeat (it has an Idempotency-Key). */
export const IDEMPOTENT: Retry = { ...RETRY, methods: ['post'] };

export function connect({ api, business, getToken = () => undefined }: ConnectionOptions): Connection {
  const base = new URL(api.replace(/\/?$/, '/'), window.location.href).href;
  const root = `${base}businesses/${encodeURIComponent(business)}`;
  const url = (path: string) => (path ? `${root}/${path}` : root);
  const client = ky.create({
    hooks: {
      beforeRequest: [
        (request) => {
          const token = getToken();
          if (token) request.headers.set('authorization', `Bearer ${token}`);
          // The page's language, so a plugin's veto comes in it (the browser's own otherwise).
          const locale = currentLocale();
          if (locale) request.headers.set('accept-language', locale);
        },
      ],
    },
  });
  return {
    api,
    business,
    url,
    async call<T>(path: string, { method = 'get', json, searchParams = {}, headers, signal, retry = RETRY, timeout = TIMEOUT_MS }: Options = {}): Promise<T> {
      const target = path.startsWith('/') ? base + path.slice(1) : url(path);
      const query = Object.fromEntries(Object.entries(searchParams).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined));
      try {
        const response = await client(target, {
          method,
          json,
          // None at all rather than an empty one, which ky would send as a bare `?`.
          searchParams: Object.keys(query).length ? query : undefined,
          headers,
          signal,
          timeout,
          // The server says when to come back (a brief database outage) with Retry-After on 503:
          // honoured if that is sooner than the timeout.
          retry: { limit: retry.limit, methods: [...retry.methods], statusCodes: [...retry.statusCodes], afterStatusCodes: [503], maxRetryAfter: timeout, backoffLimit: 5_000 },
        });
        return (response.status === 204 ? undefined : await response.json()) as T;
      } catch (err) {
        if (signal?.aborted) throw err;
        if (err instanceof HTTPError) throw ApiError.fromResponse(err.response.status, await err.response.json().catch(() => undefined));
        if (err instanceof TimeoutError) throw new ApiError('timeout', 'The booking service took too long to answer.');
        // fetch itself failed: no answer, or one this page may not read. Which of the two is only
        // worth finding out where it is shown as a diagnosis (see `diagnose.ts`); a connection
        // dropped on the way is not a refusal.
        if (err instanceof TypeError) throw new ApiError('network_error', 'Cannot reach the booking service.');
        throw err;
      }
    },
  };
}
