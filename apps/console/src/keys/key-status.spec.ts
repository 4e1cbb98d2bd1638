import { ApiKeyView } from '@lfc/contracts';
import { keyStatus, limitOf, linesOf, scopesOf } from './key-status';

const key: ApiKeyView = {
  id: '0d9a3c0e-0b5e-4a55-9d0f-6b8f3c2a1e11',
  name: 'ci',
  prefix: 'lfc_ab',
  userId: '9a7c1f0e-2d3b-4c5a-8e9f-0a1b2c3d4e5f',
  role: 'developer',
  scopes: ['*'],
  rateLimits: { perMinute: null, perHour: null },
  allowedIps: [],
  confirmDestructiveCalls: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  replacedBy: null,
};
const now = Date.parse('2026-06-01T00:00:00.000Z');

describe('keyStatus', () => {
  it('calls a key without end dates active', () => expect(keyStatus(key, now)).toBe('active'));
  it('calls a key past its expiry expired', () =>
    expect(keyStatus({ ...key, expiresAt: '2026-05-01T00:00:00.000Z' }, now)).toBe('expired'));
  it('calls a replaced key in its grace period rotating', () =>
    expect(keyStatus({ ...key, replacedBy: key.userId, expiresAt: '2026-06-02T00:00:00.000Z' }, now)).toBe('rotating'));
  it('calls a revoked key revoked, even when this clock is behind the server', () =>
    expect(keyStatus({ ...key, revokedAt: '2026-06-01T00:00:05.000Z' }, now)).toBe('revoked'));
});

describe('form values', () => {
  it('joins checked tools and typed globs without repeats', () =>
    expect(scopesOf(['read_file', 'list_files'], 'list_files, cost_*  get_?')).toEqual([
      'read_file',
      'list_files',
      'cost_*',
      'get_?',
    ]));
  it('reads one address a line, ignoring blank lines', () =>
    expect(linesOf(' 10.0.0.0/8\n\n192.168.1.4 \n')).toEqual(['10.0.0.0/8', '192.168.1.4']));
  it('leaves a blank limit to the server and passes anything else to the schema', () => {
    expect(limitOf('  ')).toBeUndefined();
    expect(limitOf('60')).toBe(60);
    expect(limitOf('six')).toBeNaN();
  });
});
