import { ClientAddressResolver, clientAddress, isLoopback, trustedProxyList } from './client-address';

describe('clientAddress', () => {
  const trusted = trustedProxyList(['10.0.0.0/8', '::1']);

  it('ignores X-Forwarded-For from an untrusted peer', () => {
    expect(clientAddress('203.0.113.9', '1.2.3.4', trusted)).toBe('203.0.113.9');
  });

  it('takes the right-most untrusted hop through trusted proxies', () => {
    expect(clientAddress('10.1.2.3', '198.51.100.7, 10.9.9.9', trusted)).toBe('198.51.100.7');
    expect(clientAddress('::ffff:10.1.2.3', '1.1.1.1, 198.51.100.7', trusted)).toBe('198.51.100.7');
    expect(clientAddress('::1', '2001:db8::5', trusted)).toBe('2001:db8::5');
  });

  it('stops at garbage in the header', () => {
    expect(clientAddress('10.1.2.3', 'not-an-ip', trusted)).toBe('10.1.2.3');
  });

  it('refuses invalid trusted entries at start-up', () => {
    expect(() => trustedProxyList(['nope'])).toThrow(/nope/);
  });
});

describe('isLoopback', () => {
  it('knows 127.0.0.0/8 and ::1, written any way, and nothing else', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])
      expect([address, isLoopback(address)]).toEqual([address, true]);
    for (const address of ['10.0.0.1', '128.0.0.1', '::2', '', 'localhost'])
      expect([address, isLoopback(address)]).toEqual([address, false]);
  });
});

describe('ClientAddressResolver.protocolOf', () => {
  const request = (peer: string, headers: Record<string, string> = {}, encrypted?: boolean) => ({
    raw: { socket: { remoteAddress: peer, encrypted } },
    headers,
  });
  const resolver = new ClientAddressResolver(['10.0.0.0/8']);

  it('believes X-Forwarded-Proto from a trusted proxy only, its last value', () => {
    expect(resolver.protocolOf(request('10.1.2.3', { 'x-forwarded-proto': 'https' }))).toBe('https');
    expect(resolver.protocolOf(request('10.1.2.3', { 'x-forwarded-proto': 'https, http' }))).toBe('http');
    expect(resolver.protocolOf(request('203.0.113.9', { 'x-forwarded-proto': 'https' }))).toBe('http');
    expect(new ClientAddressResolver([]).protocolOf(request('10.1.2.3', { 'x-forwarded-proto': 'https' }))).toBe(
      'http',
    );
  });

  it('falls back to the connection itself when the header is absent or nonsense', () => {
    expect(resolver.protocolOf(request('10.1.2.3', { 'x-forwarded-proto': 'gopher' }))).toBe('http');
    expect(resolver.protocolOf(request('10.1.2.3', {}, true))).toBe('https');
    expect(resolver.protocolOf(request('203.0.113.9', {}, true))).toBe('https');
  });
});
