import { Principal } from './principal';
import { holdsScope } from './scopes';

const principal = (via: Principal['via'], scopes: string[]): Principal => ({
  via,
  userId: 'u1',
  role: 'admin',
  scopes,
  keyId: via === 'api_key' ? 'k1' : null,
  keyPrefix: null,
  tenant: 'user-u1',
  rateLimits: { perMinute: null, perHour: null },
  allowedIps: [],
  confirmDestructiveCalls: false,
  expiresAt: null,
});

describe('holdsScope', () => {
  it('lets a key through only with the exact management scope; a tool glob, even *, holds none', () => {
    expect(holdsScope(principal('api_key', ['*', 'admin:keys']), 'admin:keys')).toBe(true);
    expect(holdsScope(principal('api_key', ['*']), 'admin:keys')).toBe(false);
    expect(holdsScope(principal('api_key', ['admin:*']), 'admin:keys')).toBe(false);
    expect(holdsScope(principal('api_key', ['admin:users']), 'admin:keys')).toBe(false);
  });

  it('lets a signed-in person through by role alone (the role is checked apart)', () => {
    expect(holdsScope(principal('jwt', ['*']), 'cost:budgets')).toBe(true);
  });
});
