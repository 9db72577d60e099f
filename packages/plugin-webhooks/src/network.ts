// Where a webhook may go. A business admin picks the URL, so without a check the server could be
// made to POST to its own network: the database's host, a cloud's metadata service, an admin panel
// on localhost. Addresses are checked twice: when an endpoint is saved (its IP, or what its name
// resolves to then) and at every delivery against the address actually connected to — the name is
// resolved once, every answer checked, and the connection goes to a checked address, so a name that
// resolves to a public address when checked and to 127.0.0.1 a moment later (DNS rebinding) cannot
// get through.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const blocked = new BlockList();
// IPv4: "this network", private (RFC 1918), shared/CGNAT (RFC 6598, includes Alibaba's metadata
// 100.100.100.200), loopback, link-local (includes the 169.254.169.254 metadata service), IETF
// protocol assignments, documentation, benchmarking, multicast, reserved and broadcast.
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
// IPv6: unspecified and loopback, discard-only, documentation, unique-local (fc00::/7, includes
// AWS's fd00:ec2::254 metadata), link-local, the deprecated site-local, multicast. Addresses that
// embed an IPv4 address (mapped, compatible, NAT64, 6to4) are checked by the IPv4 inside.
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

/** An IPv6 address as its eight 16-bit groups (an embedded dotted IPv4 tail included), or undefined. */
function groups(ip: string): number[] | undefined {
  let text = ip.replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const parts = v4[1]!.split('.').map(Number);
    text = `${text.slice(0, -v4[1]!.length)}${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail, ...rest] = text.split('::');
  if (rest.length) return undefined;
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...t].map((g) => Number.parseInt(g, 16));
  return all.length === 8 && all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : undefined;
}

const dotted = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;

/** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
function embeddedIPv4(g: number[]): string | undefined {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return dotted(g[6]!, g[7]!); // ::ffff:a.b.c.d
  if (zeros(0, 6) && (g[6] !== 0 || g[7]! > 1)) return dotted(g[6]!, g[7]!); // ::a.b.c.d (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return dotted(g[6]!, g[7]!);
  if (g[0] === 0x2002) return dotted(g[1]!, g[2]!);
  return undefined;
}

/**
 * Is this IP address one a webhook must not reach: private, loopback, link-local, unique-local,
 * metadata, multicast or otherwise not on the public internet (IPv4 and IPv6, IPv4 inside IPv6
 * included)? Anything that is not an IP address counts as not public.
 */
export function isNonPublicAddress(ip: string): boolean {
  const address = ip.replace(/^\[|\]$/g, '');
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const g = groups(address);
  if (!g) return true;
  const v4 = embeddedIPv4(g);
  if (v4 !== undefined && blocked.check(v4, 'ipv4')) return true;
  return blocked.check(g.map((x) => x.toString(16)).join(':'), 'ipv6');
}

/** A delivery refused because of where it would go (never retried into success by waiting). */
export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
}

/** Every address `host` resolves to (an IP literal is itself). */
export function resolveAll(host: string): Promise<LookupAddress[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family) return Promise.resolve([{ address: bare, family }]);
  return new Promise((resolve, reject) => dnsLookup(bare, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}

/**
 * Why `url` may not receive webhooks, or undefined when it may: its host is (or resolves to) a
 * non-public address. A name that does not resolve now, or not within `timeoutMs`, is let through
 * (every delivery checks again, against the address it connects to).
 */
export async function refusedDestination(url: string, timeoutMs = 1000): Promise<string | undefined> {
  const host = new URL(url).hostname;
  let addresses: LookupAddress[];
  let timer: NodeJS.Timeout | undefined;
  try {
    addresses = await Promise.race([
      resolveAll(host),
      new Promise<LookupAddress[]>((resolve) => {
        timer = setTimeout(() => resolve([]), timeoutMs);
      }),
    ]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
  const bad = addresses.find((a) => isNonPublicAddress(a.address));
  return bad ? `${host} is ${bad.address === host.replace(/^\[|\]$/g, '') ? 'a' : `${bad.address}, a`} private or local network address; webhooks go only to public addresses.` : undefined;
}

/**
 * A `lookup` for node:http that resolves once, refuses when any answer is not public, and hands
 * the socket only the checked addresses — the connection goes where the check looked.
 */
const checkedLookup: LookupFunction = (hostname, options, callback) => {
  resolveAll(hostname).then(
    (addresses) => {
      const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
      const bad = wanted.find((a) => isNonPublicAddress(a.address));
      if (bad) return callback(Object.assign(new BlockedAddressError(`${hostname} resolves to ${bad.address}, a private or local network address`), { code: 'EBLOCKED' }), '', 4);
      if (!wanted.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 4);
      if (options.all) return (callback as unknown as (err: null, addresses: LookupAddress[]) => void)(null, wanted);
      callback(null, wanted[0]!.address, wanted[0]!.family);
    },
    (err: NodeJS.ErrnoException) => callback(err, '', 4),
  );
};

export interface PostResult {
  status: number;
  headers: IncomingHttpHeaders;
}

/**
 * POST `body` to `url` without following redirects; the answer's body is discarded. Unless
 * `allowPrivate`, the host's addresses are checked (an IP literal before connecting, a name in the
 * socket's own lookup) and a non-public one fails with `BlockedAddressError`.
 */
export function post(url: string, init: { headers: Record<string, string>; body: string; signal: AbortSignal; allowPrivate: boolean }): Promise<PostResult> {
  const target = new URL(url);
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (!init.allowPrivate && isIP(literal) && isNonPublicAddress(literal)) {
    return Promise.reject(new BlockedAddressError(`${literal} is a private or local network address`));
  }
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
        signal: init.signal,
        ...(init.allowPrivate ? {} : { lookup: checkedLookup }),
        // A fresh connection per delivery: a pooled socket could outlive the check that opened it.
        agent: false,
      },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The longest a receiver's `Retry-After` may hold a delivery back. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * When the next attempt may go, from a `Retry-After` header (delay seconds or an HTTP date),
 * capped at `MAX_RETRY_AFTER_MS` from `now`; undefined when there is none or it is not valid.
 */
export function retryAfter(header: string | string[] | undefined, now: Date): Date | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  let at: number;
  if (/^\d+$/.test(value)) at = now.getTime() + Number(value) * 1000;
  else {
    // HTTP dates only (IMF-fixdate and the obsolete forms Date.parse reads), never a bare number.
    if (!/[a-z]/i.test(value)) return undefined;
    at = Date.parse(value);
    if (Number.isNaN(at)) return undefined;
  }
  return new Date(Math.min(Math.max(at, now.getTime()), now.getTime() + MAX_RETRY_AFTER_MS));
}
