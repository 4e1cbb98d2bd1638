import { clientAddress, trustedProxyList } from './client-address';

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
