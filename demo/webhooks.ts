// The demo's own webhook receiver: Rose City's webhooks plugin delivers to this server, which
// verifies each signature the way any receiver would (Standard Webhooks, with the endpoint's
// secret) and lists what arrived at /webhooks.html. Only when the webhooks plugin is installed
// (arrivo.config.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import type { App, AppDeps } from '@arrivo/server';
import { newSecret, WEBHOOK_EVENTS } from '@arrivo/plugin-webhooks';
import { DEMO_SLUG } from './seed';

export const RECEIVER_PATH = '/demo/webhooks';
const DESCRIPTION = 'Demo receiver (webhooks.html)';

export interface ReceivedWebhook {
  receivedAt: string;
  id: string;
  timestamp: string;
  type: string | null;
  /** Did `webhook-signature` match the endpoint's current secret, within five minutes? */
  verified: boolean;
  body: string;
}

/** What a receiver does with the three headers and the raw body (never a re-serialized one). */
export function verifyWebhook(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string, now = Date.now()): boolean {
  if (!headers.id || !/^\d+$/.test(headers.timestamp) || Math.abs(now / 1000 - Number(headers.timestamp)) > 300) return false;
  const expected = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(`${headers.id}.${headers.timestamp}.${body}`).digest();
  return headers.signature.split(' ').some((entry) => {
    const [version, value = ''] = entry.split(',');
    const given = Buffer.from(value, 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/**
 * Give Rose City (for which `enableDemoPlugins` enabled the plugin, unless an admin turned it off)
 * one endpoint pointing at this server, then receive and list deliveries. Returns false when the
 * plugin is not installed.
 */
export async function hostWebhookReceiver(app: App, deps: Pick<AppDeps, 'sql' | 'plugins' | 'publicUrl'>): Promise<boolean> {
  if (!deps.plugins.get('webhooks')) return false;
  const { sql } = deps;
  const url = `${deps.publicUrl}${RECEIVER_PATH}`;
  const [business] = await sql<{ id: string }[]>`SELECT id FROM business WHERE slug = ${DEMO_SLUG}`;
  if (!business) return false;
  // The demo's endpoint follows the server's address from one start to the next.
  const [mine] = await sql<{ id: string }[]>`SELECT id FROM plugin_webhooks_endpoint WHERE business_id = ${business.id} AND description = ${DESCRIPTION}`;
  if (mine) await sql`UPDATE plugin_webhooks_endpoint SET url = ${url} WHERE id = ${mine.id}`;
  else {
    await sql`INSERT INTO plugin_webhooks_endpoint (id, business_id, url, description, secret, events)
      VALUES (${randomUUID()}, ${business.id}, ${url}, ${DESCRIPTION}, ${newSecret()}, ${[...WEBHOOK_EVENTS]})`;
  }

  const received: ReceivedWebhook[] = [];
  app.post(RECEIVER_PATH, async (c) => {
    const body = await c.req.text();
    const headers = { id: c.req.header('webhook-id') ?? '', timestamp: c.req.header('webhook-timestamp') ?? '', signature: c.req.header('webhook-signature') ?? '' };
    // The secret as it is now: rotating it through the staff API shows up here at once.
    const [endpoint] = await sql<{ secret: string }[]>`SELECT secret FROM plugin_webhooks_endpoint WHERE business_id = ${business.id} AND description = ${DESCRIPTION}`;
    let type: string | null = null;
    try {
      type = (JSON.parse(body) as { type?: string }).type ?? null;
    } catch {
      // not JSON: listed as it came
    }
    received.unshift({ receivedAt: new Date().toISOString(), ...headers, type, verified: endpoint ? verifyWebhook(endpoint.secret, headers, body) : false, body });
    received.length = Math.min(received.length, 50);
    return c.body(null, 204);
  });
  app.get(RECEIVER_PATH, (c) => c.json({ endpoint: url, received }));
  return true;
}
