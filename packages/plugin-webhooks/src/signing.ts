// Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
// `${id}.${timestamp}.${body}`, keyed with the base64-decoded part of a `whsec_` secret, sent as
// `v1,<base64>`.
import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

/** A new signing secret: 32 random bytes (the spec asks for 24 to 64), base64, prefixed `whsec_`. */
export function newSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The `webhook-signature` value for one message attempt. */
export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('a webhook secret starts with whsec_');
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/**
 * The three headers of one attempt (the timestamp is the attempt's, not the event's). With more
 * than one secret (during a rotation), one signature per secret, space-separated, as the spec
 * allows: a receiver still holding the previous secret keeps verifying.
 */
export function webhookHeaders(secrets: string | readonly string[], id: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': (typeof secrets === 'string' ? [secrets] : secrets).map((secret) => sign(secret, id, timestamp, body)).join(' '),
  };
}
