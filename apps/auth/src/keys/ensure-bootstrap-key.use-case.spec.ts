import { InMemoryUnitOfWork } from '@lfc/database/testing';
import { MANAGEMENT_SCOPES } from '@lfc/contracts';
import pino from 'pino';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditTrail } from '../audit/audit-trail';
import { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { hashApiKey } from './api-key-secret';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysRepository, NewApiKey } from './api-keys.repository';
import { BootstrapSettings, EnsureBootstrapKeyUseCase } from './ensure-bootstrap-key.use-case';
import { KeyEvents } from './key-events';

const key = (letter: string) => `lfc_${letter.repeat(43)}`;

/** The keys table with the semantics of the statements the use case relies on. */
class Keys implements Pick<
  ApiKeysRepository,
  | 'createIfAbsent'
  | 'findByHash'
  | 'findByOwnerAndName'
  | 'setScopesIfChanged'
  | 'setLimitsIfChanged'
  | 'revokeBootstrapKeysCreatedBefore'
> {
  readonly rows: ApiKeyEntity[] = [];
  private tick = 0;

  async createIfAbsent(key: NewApiKey) {
    if (this.rows.some((row) => row.keyHash === key.keyHash)) return;
    this.rows.push(
      Object.assign(new ApiKeyEntity(), {
        ...key,
        id: `id-${this.rows.length}`,
        isActive: true,
        revokedAt: null,
        createdAt: new Date(++this.tick),
      }),
    );
  }

  async findByHash(keyHash: string) {
    return this.rows.find((row) => row.keyHash === keyHash) ?? null;
  }

  async findByOwnerAndName(userId: string, name: string) {
    return this.rows.find((row) => row.userId === userId && row.name === name) ?? null;
  }

  async setScopesIfChanged(id: string, scopes: readonly string[]) {
    const row = this.rows.find((candidate) => candidate.id === id)!;
    if (JSON.stringify(row.scopes) === JSON.stringify(scopes)) return false;
    row.scopes = [...scopes];
    return true;
  }

  async setLimitsIfChanged() {
    return false;
  }

  async revokeBootstrapKeysCreatedBefore(before: Date, at: Date) {
    const revoked = this.rows.filter((row) => row.bootstrap && !row.revokedAt && row.createdAt < before);
    for (const row of revoked) Object.assign(row, { revokedAt: at, isActive: false });
    return revoked.map((row) => ({ id: row.id, keyHash: row.keyHash }));
  }
}

describe('EnsureBootstrapKeyUseCase', () => {
  let keys: Keys;
  let audit: { record: jest.Mock };
  let events: { changed: jest.Mock };
  const admin = Object.assign(new UserEntity(), { id: 'admin-id' });

  beforeEach(() => {
    keys = new Keys();
    audit = { record: jest.fn() };
    events = { changed: jest.fn() };
  });

  const start = (configuredKey: string | undefined) => {
    const settings: BootstrapSettings = {
      configuredKey,
      adminEmail: 'admin@example.com',
      dataDir: mkdtempSync(join(tmpdir(), 'lfc-bootstrap-')),
      rateLimitPerMinute: null,
      rateLimitPerHour: null,
    };
    const users = { findOrCreate: async () => admin } as unknown as UsersRepository;
    return new EnsureBootstrapKeyUseCase(
      users,
      keys as unknown as ApiKeysRepository,
      events as unknown as KeyEvents,
      audit as unknown as AuditTrail,
      new InMemoryUnitOfWork(),
      settings,
      pino({ level: 'silent' }),
    ).execute();
  };
  const byKey = (secret: string) => keys.rows.find((row) => row.keyHash === hashApiKey(secret))!;

  it('gives the bootstrap key every tool and every management scope, marked as the bootstrap key', async () => {
    await start(key('A'));
    expect(byKey(key('A'))).toMatchObject({ scopes: ['*', ...MANAGEMENT_SCOPES], bootstrap: true, role: 'admin' });
  });

  it('revokes the previous bootstrap key when the configured one changes: announced to gateways and audited', async () => {
    await start(key('A'));
    await start(key('B'));
    const [previous, current] = [byKey(key('A')), byKey(key('B'))];
    expect(previous.revokedAt).not.toBeNull();
    expect(current.revokedAt).toBeNull();
    expect(events.changed).toHaveBeenCalledWith(previous.id, previous.keyHash);
    expect(audit.record).toHaveBeenCalledWith(
      expect.objectContaining({ channel: 'system' }),
      'api_key.revoke',
      `api_key:${previous.id}`,
      { reason: 'bootstrap_rotated', replacedBy: current.id },
    );
  });

  it('revokes a generated key once a key is configured', async () => {
    await start(undefined);
    await start(key('C'));
    expect(keys.rows.filter((row) => !row.revokedAt).map((row) => row.keyHash)).toEqual([hashApiKey(key('C'))]);
  });

  it('leaves the newer key alone when a replica still configured with the old one starts (rolling update)', async () => {
    await start(key('A'));
    await start(key('B'));
    audit.record.mockClear();
    await start(key('A'));
    expect(byKey(key('B')).revokedAt).toBeNull();
    expect(byKey(key('A')).revokedAt).not.toBeNull();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('gives a bootstrap key seeded before management scopes existed those scopes, audited', async () => {
    await start(key('A'));
    byKey(key('A')).scopes = ['*'];
    await start(key('A'));
    expect(byKey(key('A')).scopes).toEqual(['*', ...MANAGEMENT_SCOPES]);
    expect(audit.record).toHaveBeenCalledWith(
      expect.anything(),
      'api_key.update',
      `api_key:${byKey(key('A')).id}`,
      expect.objectContaining({ changes: ['scopes'] }),
    );
  });
});
