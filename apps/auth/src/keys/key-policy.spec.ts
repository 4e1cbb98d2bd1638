import { DomainError } from '@lfc/common';
import { MANAGEMENT_SCOPES } from '@lfc/contracts';
import { Holdings, OPERATOR_HOLDINGS, holdingsOf } from '../access/actor';
import { KeyGrant, assertWithinCreator, holdsScope, normaliseAllowList } from './key-policy';

const key = (holds: Partial<Holdings>): Holdings => ({
  via: 'api_key',
  scopes: ['*'],
  allowedIps: [],
  confirmDestructiveCalls: false,
  limits: { perMinute: 100, perHour: 1000 },
  expiresAt: null,
  authTime: null,
  ...holds,
});

function refusal(holds: Holdings, grant: KeyGrant): DomainError | undefined {
  try {
    assertWithinCreator(holds, grant);
    return undefined;
  } catch (error) {
    return error as DomainError;
  }
}

describe('holdsScope', () => {
  it('grants a management scope only to a holder of it, whatever tool globs it has', () => {
    expect(holdsScope(['*'], 'admin:keys')).toBe(false);
    expect(holdsScope(['*', 'admin:keys'], 'admin:keys')).toBe(true);
    expect(holdsScope(['admin:keys'], 'admin:users')).toBe(false);
  });

  it('grants a tool glob to a holder of * or of the same glob, and a literal tool name a held glob matches', () => {
    expect(holdsScope(['*'], 'get_*')).toBe(true);
    expect(holdsScope(['get_*'], 'get_*')).toBe(true);
    expect(holdsScope(['get_*'], 'get_system_status')).toBe(true);
    expect(holdsScope(['ping'], '*')).toBe(false);
    expect(holdsScope(['get_*'], 'g*')).toBe(false);
    expect(holdsScope(['get_*'], 'get_?')).toBe(false);
    expect(holdsScope(['ping'], 'pong')).toBe(false);
  });
});

describe('assertWithinCreator', () => {
  it('refuses a key limited to ["ping"] giving * or a management scope, naming scopes', () => {
    const narrow = key({ scopes: ['ping'] });
    expect(refusal(narrow, { scopes: ['*'] })).toMatchObject({
      code: 'exceeds_creator',
      status: 403,
      details: { field: 'scopes' },
    });
    expect(refusal(narrow, { scopes: ['admin:keys'] })?.message).toMatch(/^scopes: admin:keys exceeds/);
    expect(refusal(narrow, { scopes: ['ping'] })).toBeUndefined();
  });

  it('keeps a key limited to CIDRs inside its own blocks, and never unrestricted', () => {
    const fenced = key({ allowedIps: ['10.0.0.0/8', '2001:db8::/32'] });
    expect(refusal(fenced, { allowedIps: [] })).toMatchObject({ details: { field: 'allowedIps' } });
    expect(refusal(fenced, { allowedIps: ['0.0.0.0/0'] })).toMatchObject({ details: { field: 'allowedIps' } });
    expect(refusal(fenced, { allowedIps: ['10.0.0.0/7'] })).toMatchObject({ details: { field: 'allowedIps' } });
    expect(refusal(fenced, { allowedIps: ['11.0.0.1/32'] })).toMatchObject({ details: { field: 'allowedIps' } });
    expect(refusal(fenced, { allowedIps: ['2001:db9::/48'] })).toMatchObject({ details: { field: 'allowedIps' } });
    expect(refusal(fenced, { allowedIps: ['10.1.2.0/24', '10.9.9.9/32', '2001:db8:1::/48'] })).toBeUndefined();
    // Unrestricted creators may restrict or not.
    expect(refusal(key({}), { allowedIps: [] })).toBeUndefined();
  });

  it('keeps confirmation of destructive calls on every key a confirming key makes or changes', () => {
    const confirming = key({ confirmDestructiveCalls: true });
    expect(refusal(confirming, { confirmDestructiveCalls: false })).toMatchObject({
      code: 'exceeds_creator',
      details: { field: 'confirmDestructiveCalls' },
    });
    expect(refusal(confirming, { confirmDestructiveCalls: true })).toBeUndefined();
    expect(refusal(confirming, { scopes: ['ping'] })).toBeUndefined();
    // A key that need not confirm may make keys that must, or not.
    expect(refusal(key({}), { confirmDestructiveCalls: false })).toBeUndefined();
    expect(refusal(key({}), { confirmDestructiveCalls: true })).toBeUndefined();
  });

  it('keeps rate limits at or below the creating key’s, and unlimited only for an unlimited creator', () => {
    const limited = key({ limits: { perMinute: 10, perHour: 100 } });
    expect(refusal(limited, { perMinute: 11 })).toMatchObject({ details: { field: 'limits' } });
    expect(refusal(limited, { perHour: null })?.message).toMatch(/^limits: unlimited per hour/);
    expect(refusal(limited, { perMinute: 10, perHour: 100 })).toBeUndefined();
    expect(
      refusal(key({ limits: { perMinute: null, perHour: null } }), { perMinute: null, perHour: null }),
    ).toBeUndefined();
  });

  it('keeps expiry no later than the creating key’s, and a creator that expires cannot make a key that never does', () => {
    const expiring = key({ expiresAt: Date.parse('2030-01-01T00:00:00Z') });
    expect(refusal(expiring, { expiresAt: null })).toMatchObject({ details: { field: 'expiresAt' } });
    expect(refusal(expiring, { expiresAt: new Date('2030-01-02T00:00:00Z') })).toMatchObject({
      details: { field: 'expiresAt' },
    });
    expect(refusal(expiring, { expiresAt: new Date('2029-12-31T00:00:00Z') })).toBeUndefined();
  });

  it('bounds a person by role: an admin grants every management scope, a developer not admin:users; neither is bound by their token’s own limits or lifetime', () => {
    const person = (role: 'admin' | 'developer') =>
      holdingsOf({
        via: 'jwt',
        userId: 'u',
        role,
        scopes: ['*'],
        keyId: null,
        keyPrefix: null,
        tenant: 'user-u',
        rateLimits: { perMinute: 100, perHour: 1000 },
        allowedIps: [],
        confirmDestructiveCalls: false,
        expiresAt: Date.now() + 60_000,
      });
    expect(
      refusal(person('admin'), { scopes: ['*', ...MANAGEMENT_SCOPES], perMinute: null, expiresAt: null }),
    ).toBeUndefined();
    expect(refusal(person('developer'), { scopes: ['admin:keys'] })).toBeUndefined();
    expect(refusal(person('developer'), { scopes: ['admin:users'] })).toMatchObject({ details: { field: 'scopes' } });
  });

  it('lets the operator (CLI, the service itself) grant anything', () => {
    expect(
      refusal(OPERATOR_HOLDINGS, {
        scopes: ['*', ...MANAGEMENT_SCOPES],
        allowedIps: [],
        confirmDestructiveCalls: false,
        perMinute: null,
        perHour: null,
        expiresAt: null,
      }),
    ).toBeUndefined();
  });
});

describe('normaliseAllowList', () => {
  it('writes each entry as address/prefix, a bare address as one host', () => {
    expect(normaliseAllowList(['10.0.0.0/8', ' 192.168.1.7 ', '2001:db8::/32', '::1'])).toEqual([
      '10.0.0.0/8',
      '192.168.1.7/32',
      '2001:db8::/32',
      '::1/128',
    ]);
  });

  // "1.2.3.4/" once read as /0: a typo that let the key in from every address.
  it.each([
    '1.2.3.4/',
    '1.2.3.4/0x20',
    '1.2.3.4/1e1',
    '1.2.3.4/ 8',
    '1.2.3.4/33',
    '1.2.3.4/8/0',
    'fe80::1%eth0/64',
    '::/129',
  ])('refuses %j naming it', (entry) => {
    expect(() => normaliseAllowList([entry])).toThrow(
      expect.objectContaining({ code: 'validation_failed', message: expect.stringContaining(entry) }),
    );
  });
});
