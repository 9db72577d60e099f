import { describe, expect, it } from 'vitest';
import { newSecret, sign, webhookHeaders } from './signing';
import { withoutSealed } from './index';

describe('Standard Webhooks signing', () => {
  it('reproduces the specification’s test vector', () => {
    expect(sign('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('makes whsec_ secrets of 32 random bytes, and headers with the attempt’s time in seconds', () => {
    const secret = newSecret();
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(newSecret()).not.toBe(secret);
    const headers = webhookHeaders(secret, 'evt', '{}', 1_700_000_000_999);
    expect(headers).toMatchObject({ 'webhook-id': 'evt', 'webhook-timestamp': '1700000000', 'webhook-signature': sign(secret, 'evt', 1_700_000_000, '{}') });
  });

  it('strips sealed tokens from a payload, however deep', () => {
    expect(withoutSealed({ bookingId: 'b', sealedSurveyToken: 's', nested: [{ sealedCode: 'c', keep: 1 }] })).toEqual({ bookingId: 'b', nested: [{ keep: 1 }] });
  });
});
