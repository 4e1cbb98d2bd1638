import { InMemoryUnitOfWork } from '@lfc/database/testing';
import { CLI_ACTOR } from '../access/actor';
import { AuditTrail } from '../audit/audit-trail';
import { apiActor, inMemoryAuth } from '../testing/in-memory';
import { RotateSigningKeyUseCase } from './rotate-signing-key.use-case';
import { SigningKeys } from './signing-keys';

/** Signing keys as a list of kids, the last one current; rolled back with the unit of work. */
class InMemorySigningKeys extends SigningKeys {
  readonly kids = ['kid-1'];

  constructor(audit: AuditTrail) {
    // Never reaches the database: `rotate` is replaced below.
    super(undefined as never, { issuer: 'lfc', audience: 'lfc', ttlSeconds: 900, rotationDays: 30 }, audit);
  }

  snapshot(): () => void {
    const saved = [...this.kids];
    return () => this.kids.splice(0, this.kids.length, ...saved);
  }

  override async rotate(): Promise<string> {
    const kid = `kid-${this.kids.length + 1}`;
    this.kids.push(kid);
    return kid;
  }
}

describe('RotateSigningKeyUseCase', () => {
  let auth: ReturnType<typeof inMemoryAuth>;
  let keys: InMemorySigningKeys;
  let rotate: RotateSigningKeyUseCase;

  beforeEach(() => {
    auth = inMemoryAuth();
    keys = new InMemorySigningKeys(auth.audit);
    rotate = new RotateSigningKeyUseCase(keys, auth.audit, new InMemoryUnitOfWork([keys, auth.audit]));
  });

  it('starts a new key and records who rotated it', async () => {
    const actor = apiActor({ role: 'admin' });
    expect(await rotate.execute(actor)).toEqual({ kid: 'kid-2' });
    expect(auth.audit.records).toEqual([
      expect.objectContaining({ actor, action: 'signing_key.rotate', resource: 'signing_key:kid-2' }),
    ]);
  });

  it('refuses anyone but an admin', async () => {
    await expect(rotate.execute(apiActor({ role: 'developer' }))).rejects.toMatchObject({ code: 'insufficient_role' });
    expect(keys.kids).toEqual(['kid-1']);
  });

  it('keeps the current key when the record fails', async () => {
    auth.audit.failNext();
    await expect(rotate.execute(CLI_ACTOR)).rejects.toThrow(/audit/);
    expect(keys.kids).toEqual(['kid-1']);
  });
});
