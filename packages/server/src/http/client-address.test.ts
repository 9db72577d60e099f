import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustProxy, type TrustProxy } from './client-address';

const trust = (value: string) => parseTrustProxy(value) as TrustProxy;

describe('client address', () => {
  it('is the socket peer without a trusted proxy, whatever X-Forwarded-For says', () => {
    expect(clientAddress('127.0.0.2', '203.0.113.9', trust(''))).toBe('127.0.0.2');
    expect(clientAddress('::ffff:127.0.0.3', undefined, trust('false'))).toBe('127.0.0.3');
    expect(clientAddress(undefined, '203.0.113.9', trust('0'))).toBe('unknown');
  });

  it('with a hop count, is the entry that many places left of the peer: never what the client wrote', () => {
    // The client wrote "1.1.1.1, 2.2.2.2"; our one proxy appended the address it saw.
    expect(clientAddress('10.0.0.5', '1.1.1.1, 2.2.2.2, 198.51.100.7', trust('1'))).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.5', '1.1.1.1, 198.51.100.7, 10.0.0.9', trust('2'))).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.5', '198.51.100.7', trust('true'))).toBe('198.51.100.7');
    // Fewer hops than proxies (the request skipped one): the farthest we have.
    expect(clientAddress('10.0.0.5', '198.51.100.7', trust('3'))).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.5', undefined, trust('1'))).toBe('10.0.0.5');
  });

  it('with proxy addresses, is the right-most hop that is not one of them', () => {
    const proxies = trust('10.0.0.0/8, ::1');
    expect(clientAddress('10.0.0.5', '6.6.6.6, 198.51.100.7, 10.1.2.3', proxies)).toBe('198.51.100.7');
    expect(clientAddress('::1', '2001:db8::1', proxies)).toBe('2001:db8::1');
    // A direct client (not a proxy) cannot choose its address with the header.
    expect(clientAddress('198.51.100.8', '6.6.6.6', proxies)).toBe('198.51.100.8');
    expect(clientAddress('10.0.0.5', 'not-an-ip', proxies)).toBe('invalid');
  });

  it('refuses settings that make no sense', () => {
    expect(parseTrustProxy('10.0.0.0/40')).toMatch(/prefix/);
    expect(parseTrustProxy('proxy.example')).toMatch(/not an address/);
    expect(parseTrustProxy('99')).toMatch(/at most 10/);
  });
});
