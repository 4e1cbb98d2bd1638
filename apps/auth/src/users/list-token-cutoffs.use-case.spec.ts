import { inMemoryAuth } from '../testing/in-memory';
import { ListTokenCutoffsUseCase } from './list-token-cutoffs.use-case';

describe('ListTokenCutoffsUseCase', () => {
  it('lists the cutoffs within one token lifetime (plus grace) or since the given time, whichever is later', async () => {
    let now = Date.now();
    const auth = inMemoryAuth(() => now);
    const list = new ListTokenCutoffsUseCase(auth.users, {
      issuer: 'lfc',
      audience: 'lfc',
      ttlSeconds: 900,
      rotationDays: 30,
    });
    const long = auth.users.add().id;
    const recent = auth.users.add().id;
    now = Date.now() - 2 * 3600_000;
    await auth.users.updateCuttingOffTokens(long, {});
    now = Date.now() - 60_000;
    const cut = await auth.users.updateCuttingOffTokens(recent, {});

    const all = await list.execute();
    expect(all).toMatchObject({
      cutoffs: [{ userId: recent, tokenVersion: 1, changedAt: cut.notBefore.toISOString() }],
      tokenLifetimeSeconds: 900,
    });
    expect((await list.execute(new Date(Date.now() - 30_000))).cutoffs).toEqual([]);
  });
});
