import { ApiError } from './api-error';

/**
 * The connection every API area module works over: `fetch` set up for one API and business, with
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

/** One request (the subset of ky's options that Arrivo used, with the same names). */
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

/** Waits `ms`, or rejects when `signal` aborts. */
const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

export function connect({ api, business, getToken = () => undefined }: ConnectionOptions): Connection {
  const base = new URL(api.replace(/\/?$/, '/'), window.location.href).href;
  const root = `${base}businesses/${encodeURIComponent(business)}`;
  const url = (path: string) => (path ? `${root}/${path}` : root);
  return {
    api,
    business,
    url,
    async call<T>(path: string, { method = 'get', json, searchParams = {}, headers, signal, retry = RETRY, timeout = TIMEOUT_MS }: Options = {}): Promise<T> {
      const target = new URL(path.startsWith('/') ? base + path.slice(1) : url(path));
      for (const [key, value] of Object.entries(searchParams)) if (value !== undefined) target.searchParams.set(key, String(value));
      const retries = retry.methods.includes(method) ? retry.limit : 0;
      for (let attempt = 0; ; attempt++) {
        const timer = AbortSignal.timeout(timeout);
        let failure: ApiError;
        let wait = 300 * 2 ** attempt;
        try {
          const token = getToken();
          const response = await fetch(target, {
            method: method.toUpperCase(),
            headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
            body: json === undefined ? undefined : JSON.stringify(json),
            signal: signal ? AbortSignal.any([signal, timer]) : timer,
          });
          if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
          failure = ApiError.fromResponse(response.status, await response.json().catch(() => undefined));
          if (!retry.statusCodes.includes(response.status)) throw failure;
          // The server says when to come back (a brief database outage): if that is soon.
          const after = Number(response.headers.get('retry-after')) * 1000;
          if (after > 0 && after < timeout) wait = after;
        } catch (err) {
          if (err instanceof ApiError || signal?.aborted) throw err;
          if (timer.aborted) throw new ApiError('timeout', 'The booking service took too long to answer.');
          if (!(err instanceof TypeError)) throw err;
          // fetch itself failed: no answer, or one this page may not read. Which of the two is
          // only worth finding out where it is shown as a diagnosis (see `diagnose.ts`); a connection
          // dropped on the way is not a refusal.
          failure = new ApiError('network_error', 'Cannot reach the booking service.');
        }
        if (attempt >= retries) throw failure;
        await pause(wait, signal);
      }
    },
  };
}
