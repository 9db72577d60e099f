// A webhook receiver for the tests: a real HTTP server on 127.0.0.1 that checks every signature
// with its own implementation of the Standard Webhooks scheme (not the plugin's).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  id: string;
  timestamp: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  verified: boolean;
}

/** Verify as a receiver would, without the plugin's code: HMAC-SHA256 of `id.timestamp.body`. */
export function verify(secret: string, headers: Record<string, string | string[] | undefined>, body: string): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const timestamp = String(headers['webhook-timestamp'] ?? '');
  if (!id || !/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .some((sig) => {
      const [version, value] = sig.split(',');
      const given = Buffer.from(value ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

/**
 * A receiver on an ephemeral port; `answers` are the statuses of the next requests (then 200; 0:
 * never answer), each alone or with response headers.
 */
export async function receiver() {
  const state = { secret: '', received: [] as Received[], answers: [] as (number | [number, Record<string, string>])[] };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      state.received.push({ id: String(req.headers['webhook-id']), timestamp: Number(req.headers['webhook-timestamp']), body, headers: req.headers, verified: verify(state.secret, req.headers, body) });
      const answer = state.answers.shift() ?? 200;
      const [status, headers] = Array.isArray(answer) ? answer : [answer, {}];
      if (status) res.writeHead(status, headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, close: () => new Promise((r) => (server.close(r), server.closeAllConnections())) };
}

