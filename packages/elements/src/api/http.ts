import ky, { HTTPError, TimeoutError, type KyInstance, type Options } from 'ky';
import { ApiError } from './api-error';

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

export interface ConnectionOptions {
  /** Base URL of the Arrivo API, absolute or relative to the page (e.g. `/api`). */
  api: string;
  /** The business's public slug. */
  business: string;
  /** Bearer token of the signed-in user; elements on third-party sites cannot rely on cookies. */
  getToken?: () => string | undefined;
}

const TIMEOUT_MS = 15_000;

// Worth another try: the server or a proxy was briefly unable to answer. Reads only; a write opts
// in with `retry: IDEMPOTENT` when it carries an Idempotency-Key (429 and 413 are never retried).
const STATUS_CODES = [408, 500, 502, 503, 504];
const RETRY = { limit: 2, methods: ['get'], statusCodes: STATUS_CODES };
/** Retry options for a write that is safe to repeat (it has an Idempotency-Key). */
export const IDEMPOTENT = { ...RETRY, methods: ['post'] };

export function connect({ api, business, getToken = () => undefined }: ConnectionOptions): Connection {
  const base = new URL(api.replace(/\/?$/, '/'), window.location.href).href;
  const root = `${base}businesses/${encodeURIComponent(business)}`;
  const http: KyInstance = ky.create({
    timeout: TIMEOUT_MS,
    retry: RETRY,
    hooks: {
      beforeRequest: [
        (request) => {
          const token = getToken();
          if (token) request.headers.set('Authorization', `Bearer ${token}`);
        },
      ],
    },
  });
  const url = (path: string) => (path ? `${root}/${path}` : root);
  return {
    api,
    business,
    url,
    async call<T>(path: string, options?: Options): Promise<T> {
      try {
        const response = await http(path.startsWith('/') ? base + path.slice(1) : url(path), options);
        return (response.status === 204 ? undefined : await response.json()) as T;
      } catch (err) {
        if (options?.signal?.aborted) throw err;
        if (err instanceof HTTPError) throw ApiError.fromResponse(err.response.status, await err.response.json().catch(() => undefined));
        if (err instanceof TimeoutError) throw new ApiError('timeout', 'The booking service took too long to answer.');
        // fetch itself failed: no answer, or one this page may not read.
        if (err instanceof TypeError) throw await unreachable(root, business);
        throw err;
      }
    },
  };
}

/**
 * Why a request got no answer we may read. A request the page may not read (no CORS) fails just
 * like one that never arrived; a `no-cors` request, which the browser lets through but keeps
 * opaque, tells them apart: if it is answered, the service is there and refused this page.
 */
async function unreachable(root: string, business: string): Promise<ApiError> {
  const reachable = await fetch(root, { mode: 'no-cors', signal: AbortSignal.timeout(5000) }).then(
    () => true,
    () => false,
  );
  const origin = window.location.origin;
  return reachable
    ? new ApiError('origin_not_allowed', `This page's origin (${origin}) is not allowed to use the booking service of "${business}".`, 0, {
        details: { origin, business },
      })
    : new ApiError('network_error', 'Cannot reach the booking service.');
}
