// Which address a request comes from, for rate limits. Without a trusted proxy it is the TCP
// peer. Behind proxies, X-Forwarded-For is read from the right: every proxy appends the address
// it received the request from, so the right-most entries were written by our own proxies and
// everything left of the first untrusted hop was written by the client (and can say anything).
import { BlockList, isIP } from 'node:net';

/** `TRUST_PROXY`: how many proxies sit in front of us, or which addresses they have. */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; list: BlockList; source: string };

/**
 * Parse `TRUST_PROXY`: unset/`false`/`0` → none; a number N → the last N hops are our proxies
 * (`true` means 1); otherwise a comma-separated list of proxy addresses or CIDR ranges.
 * Returns a message instead when the value makes no sense.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy | string {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === 'false' || text === '0') return { kind: 'none' };
  if (text === 'true') return { kind: 'hops', hops: 1 };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= 10 ? { kind: 'hops', hops } : 'a hop count must be at most 10';
  }
  const list = new BlockList();
  for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (!family) return `"${entry}" is not an address or CIDR range (expected a hop count, or e.g. 10.0.0.0/8,::1)`;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else {
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) return `"${entry}" has a bad prefix length`;
      list.addSubnet(address, bits, type);
    }
  }
  return { kind: 'addresses', list, source: text };
}

/** `::ffff:1.2.3.4` (an IPv4 peer on a dual-stack socket) is 1.2.3.4; anything not an address is undefined. */
function normalize(address: string | undefined): string | undefined {
  const text = address?.trim();
  if (!text) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  const plain = mapped ? mapped[1]! : text;
  return isIP(plain) ? plain.toLowerCase() : undefined;
}

function trusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: the right-most hop of `[…X-Forwarded-For, socket peer]` that is not one
 * of our proxies. With a hop count N, that is the entry N places left of the peer.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trust: TrustProxy): string {
  const socket = normalize(peer) ?? 'unknown';
  if (trust.kind === 'none' || socket === 'unknown') return socket;
  // Right to left: the peer first, then what each proxy says it received the request from.
  const hops = [socket, ...(forwardedFor ?? '').split(',').reverse().map((h) => h.trim()).filter(Boolean)];
  if (trust.kind === 'hops') {
    // Fewer entries than proxies: the request skipped some of them; take the farthest we have.
    const hop = hops[Math.min(trust.hops, hops.length - 1)]!;
    return normalize(hop) ?? 'invalid';
  }
  for (const hop of hops) {
    const address = normalize(hop);
    if (!address) return 'invalid'; // garbage in a hop we were about to trust: treat as one client
    if (!trusted(trust.list, address)) return address;
  }
  return normalize(hops.at(-1)) ?? 'invalid';
}
