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

/** Resolves the client address of a request through the configured trusted proxies. */
export class ClientAddressResolver {
  private readonly trusted: BlockList | undefined;

  constructor(trustedProxies: readonly string[]) {
    this.trusted = trustedProxies.length > 0 ? trustedProxyList(trustedProxies) : undefined;
  }

  of(request: {
    raw: { socket: { remoteAddress?: string } };
    headers: Record<string, string | string[] | undefined>;
  }): string {
    const peer = request.raw.socket.remoteAddress;
    // Without trusted proxies the header is never believed, so there is nothing to look up.
    if (!this.trusted) return normaliseAddress(peer ?? '');
    return clientAddress(peer, request.headers['x-forwarded-for'], this.trusted);
  }
}
