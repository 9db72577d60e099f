// The demo's webhook receiver: with the plugin installed, Rose City delivers to the demo itself,
// and the receiver verifies and lists what arrived.
import { describe, expect, it } from 'vitest';
import webhooks from '@arrivo/plugin-webhooks';
import { useTestApp } from '../packages/server/test/app';
import { makeContact } from '../packages/server/test/fixtures';
import { call, signInToken } from '../packages/server/test/http';
import { hostDemo } from './host';
import { DEMO_PASSWORD, DEMO_SLUG } from './seed';
import { verifyWebhook, type ReceivedWebhook } from './webhooks';

describe('demo webhook receiver', () => {
  const started: { webhooks?: boolean } = {};
  const web = useTestApp({ plugins: [[webhooks, { allowPrivateNetworks: true }]], configure: async (app, deps) => Object.assign(started, await hostDemo(app, deps)) });

  it('enables the plugin for Rose City, receives its signed events and lists them verified', async () => {
    expect(started.webhooks).toBe(true);
    expect((await fetch(`${web.url}/webhooks.html`)).status).toBe(200);
    const admin = await signInToken(web.url, DEMO_SLUG, 'alex@rosecity.example', DEMO_PASSWORD);
    const [business] = await web.sql<{ id: string; accountId: string }[]>`SELECT b.id, a.id AS account_id FROM business b JOIN account a ON a.business_id = b.id WHERE b.slug = ${DEMO_SLUG} LIMIT 1`;
    const { contactId } = await makeContact(web.sql, business!.id, business!.accountId, 'webhook-demo@example.com');
    const invited = await call(web.url, 'POST', `/api/businesses/${DEMO_SLUG}/admin/contacts/${contactId}/invitations`, { token: admin });
    expect(invited.status).toBe(201);
    const invitation = async () => ((await call(web.url, 'GET', '/demo/webhooks')).body.received as ReceivedWebhook[]).find((w) => w.type === 'invitation.created' && w.body.includes('webhook-demo@example.com'));
    await expect.poll(invitation, { timeout: 15_000, interval: 200 }).toBeTruthy();
    const got = (await invitation())!;
    expect(got.verified).toBe(true);
    expect(got.body).not.toMatch(/sealed/i);
    // The staff API's log shows the same delivery.
    const log = await call(web.url, 'GET', `/api/businesses/${DEMO_SLUG}/plugins/webhooks/deliveries`, { token: admin });
    expect(log.body.deliveries).toContainEqual(expect.objectContaining({ messageId: got.id, succeeded: true, statusCode: 204 }));
  });

  it('verifies as the spec says: a wrong secret, an old timestamp or a changed body fail', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    // The example of the Standard Webhooks reference libraries.
    const headers = { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: '1614265330', signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' };
    const body = '{"test": 2432232314}';
    expect(verifyWebhook(secret, headers, body, 1614265330_000)).toBe(true);
    expect(verifyWebhook(secret, headers, body, 1614265330_000 + 600_000)).toBe(false);
    expect(verifyWebhook(secret, headers, `${body} `, 1614265330_000)).toBe(false);
    expect(verifyWebhook('whsec_AAAA', headers, body, 1614265330_000)).toBe(false);
  });
});
