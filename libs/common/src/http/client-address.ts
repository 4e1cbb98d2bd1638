import { BlockList, isIP } from 'node:net';

/** Trusted proxies as a BlockList (CIDR blocks or single addresses, IPv4 and IPv6). */
export function trustedProxyList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = '', prefix] = cidr.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(address) === 0) throw new Error(`${cidr} is not an IP address or CIDR block`);
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export function addressIn(list: BlockList, address: string): boolean {
  const version = isIP(address);
  return version !== 0 && list.check(address, version === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address: the direct peer, unless the peer is a trusted proxy, in which case the
 * right-most untrusted hop of X-Forwarded-For. A header from an untrusted peer is ignored, so it
 * cannot be spoofed past an allow-list.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: BlockList,
): string {
  let current = normaliseAddress(peer ?? '');
  if (!addressIn(trusted, current) || forwardedFor === undefined) return current;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((hop) => normaliseAddress(hop.trim()))
    .filter((hop) => hop.length > 0);
  while (hops.length > 0 && addressIn(trusted, current)) {
    const next = hops.pop() as string;
    if (isIP(next) === 0) return current;
    current = next;
  }
  return current;
}

/** What the resolver reads of a request (a Fastify request, or Node's own). */
export interface RequestOrigin {
  raw: { socket: { remoteAddress?: string; encrypted?: boolean } };
  headers: Record<string, string | string[] | undefined>;
}

const LOOPBACK = trustedProxyList(['127.0.0.0/8', '::1']);

/** A client on this machine (127.0.0.0/8, ::1, or an IPv4-mapped loopback address). */
export function isLoopback(address: string): boolean {
  return addressIn(LOOPBACK, normaliseAddress(address));
}

/** Resolves the client address of a request through the configured trusted proxies. */
export class ClientAddressResolver {
  private readonly trusted: BlockList | undefined;

  constructor(trustedProxies: readonly string[]) {
    this.trusted = trustedProxies.length > 0 ? trustedProxyList(trustedProxies) : undefined;
  }

  of(request: RequestOrigin): string {
    const peer = request.raw.socket.remoteAddress;
    // Without trusted proxies the header is never believed, so there is nothing to look up.
    if (!this.trusted) return normaliseAddress(peer ?? '');
    return clientAddress(peer, request.headers['x-forwarded-for'], this.trusted);
  }

  /**
   * The scheme the client used: what the nearest proxy says in X-Forwarded-Proto (its last value)
   * when that proxy is trusted, otherwise the connection's own. Like X-Forwarded-For, the header
   * of anyone else is ignored.
   */
  protocolOf(request: RequestOrigin): 'http' | 'https' {
    const own = request.raw.socket.encrypted === true ? 'https' : 'http';
    const peer = normaliseAddress(request.raw.socket.remoteAddress ?? '');
    if (!this.trusted || !addressIn(this.trusted, peer)) return own;
    const header = request.headers['x-forwarded-proto'];
    const said = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').pop()?.trim().toLowerCase();
    return said === 'https' || said === 'http' ? said : own;
  }
}
