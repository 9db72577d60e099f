import { describe, expect, it } from 'vitest';
import { isNonPublicAddress, MAX_RETRY_AFTER_MS, retryAfter } from './network';

describe('isNonPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.9.9.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254', // cloud metadata
    '100.100.100.200', // Alibaba metadata (shared address space)
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd00:ec2::254', // AWS metadata over IPv6
    'fec0::1',
    'ff02::1',
    '::ffff:127.0.0.1', // IPv4-mapped, dotted
    '::ffff:7f00:1', // IPv4-mapped, as the URL parser writes it
    '[::ffff:a9fe:a9fe]', // mapped 169.254.169.254, bracketed as in a URL
    '::ffff:10.0.0.1',
    '::127.0.0.1', // IPv4-compatible (deprecated)
    '64:ff9b::a00:1', // NAT64 of 10.0.0.1
    '2002:c0a8:101::1', // 6to4 of 192.168.1.1
    'not-an-ip',
  ])('refuses %s', (ip) => expect(isNonPublicAddress(ip)).toBe(true));

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::808:808', '2002:808:808::1'])(
    'allows %s',
    (ip) => expect(isNonPublicAddress(ip)).toBe(false),
  );
});

describe('retryAfter', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  it('reads delay seconds and HTTP dates', () => {
    expect(retryAfter('120', now)?.toISOString()).toBe('2026-12-03T12:02:00.000Z');
    expect(retryAfter(['30'], now)?.toISOString()).toBe('2026-12-03T12:00:30.000Z');
    expect(retryAfter('Thu, 03 Dec 2026 12:10:00 GMT', now)?.toISOString()).toBe('2026-12-03T12:10:00.000Z');
  });
  it('is bounded: at most an hour ahead, never in the past', () => {
    expect(retryAfter('86400', now)!.getTime() - now.getTime()).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfter('Fri, 01 Jan 2027 00:00:00 GMT', now)!.getTime() - now.getTime()).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfter('Wed, 02 Dec 2026 12:00:00 GMT', now)?.toISOString()).toBe(now.toISOString());
    expect(retryAfter('0', now)?.toISOString()).toBe(now.toISOString());
  });
  it('ignores what is not a Retry-After', () => {
    for (const bad of [undefined, '', ' ', '-5', '1.5', 'soon', '2026-12-03', []]) expect(retryAfter(bad as string | undefined, now)).toBeUndefined();
  });
});
