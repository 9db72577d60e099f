import { serve, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { Hono } from 'hono';
import { createLogger } from '../src/log';

export const silentLog = createLogger('silent');

/**
 * Serve an app over real HTTP on a free port for the duration of the test file. The port is
 * known before the app is built, so the app can be told its own URL.
 */
export function useHttp(makeApp: (url: string) => Hono<any> | Promise<Hono<any>>): { readonly url: string } {
  let server: Server | undefined;
  let url = '';
  beforeAll(async () => {
    let handle: (request: Request, bindings: HttpBindings | Http2Bindings) => Response | Promise<Response> = () => new Response('not ready', { status: 503 });
    // As the server does: Node's bindings go through, so the app sees each client's address.
    server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: (request, bindings) => handle(request, bindings), port: 0, hostname: '127.0.0.1' }, () =>
        resolve(s as Server),
      ) as Server;
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const app = await makeApp(url);
    handle = app.fetch;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
  });
  return {
    get url() {
      return url;
    },
  };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** A request from a given local address (127.0.0.2, 127.0.0.3 …: every 127/8 address is loopback). */
function requestFrom(from: string, url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method, headers: init.headers, localAddress: from }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
        }
        const status = res.statusCode ?? 0;
        resolve(new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers }));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Call the API like a client: JSON in, JSON out, optional bearer token, optional client address. */
export async function call(
  url: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string>; from?: string } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const res = options.from
    ? await requestFrom(options.from, `${url}${path}`, { method, headers, body: payload })
    : await fetch(`${url}${path}`, { method, headers, body: payload, redirect: 'manual' });
  // A live stream stays open: note that it opened, and hang up.
  if (res.status === 200 && res.headers.get('content-type')?.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, headers: res.headers, body: undefined };
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body };
}

/** Sign in through the API and return the bearer token. */
export async function signInToken(url: string, business: string, email: string, password: string): Promise<string> {
  const res = await call(url, 'POST', `/api/businesses/${business}/session`, { body: { email, password } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}
