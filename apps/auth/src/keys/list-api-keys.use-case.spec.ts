import { CLI_ACTOR } from '../access/actor';
import { apiActor, inMemoryAuth } from '../testing/in-memory';
import { ListApiKeysUseCase } from './list-api-keys.use-case';

describe('ListApiKeysUseCase', () => {
  let auth: ReturnType<typeof inMemoryAuth>;
  let list: ListApiKeysUseCase;
  let mine: string;
  let theirs: string;

  const keyOf = (userId: string, name: string) =>
    auth.keys.create({
      userId,
      keyHash: name.padEnd(64, '0'),
      keyPrefix: 'lfc_x',
      name,
      role: 'developer',
      scopes: ['*'],
      rateLimitPerMinute: null,
      rateLimitPerHour: null,
      allowedIps: [],
      confirmDestructiveCalls: false,
      expiresAt: null,
      createdBy: null,
    });

  beforeEach(async () => {
    auth = inMemoryAuth();
    list = new ListApiKeysUseCase(auth.keys);
    mine = auth.users.add({ role: 'developer' }).id;
    theirs = auth.users.add({ role: 'developer' }).id;
    await keyOf(mine, 'a');
    await keyOf(theirs, 'b');
  });

  it('shows an admin every key, or one user’s, never the hash', async () => {
    expect((await list.execute(CLI_ACTOR, {})).map((key) => key.name)).toEqual(['a', 'b']);
    const [only] = await list.execute(CLI_ACTOR, { userId: theirs });
    expect(only).toMatchObject({ name: 'b', userId: theirs });
    expect(only).not.toHaveProperty('keyHash');
  });

  it('shows a developer their own keys only, and refuses them another user’s', async () => {
    const developer = apiActor({ userId: mine, role: 'developer' });
    expect((await list.execute(developer, {})).map((key) => key.name)).toEqual(['a']);
    await expect(list.execute(developer, { userId: theirs })).rejects.toMatchObject({ code: 'insufficient_role' });
  });

  it('refuses users and actors without a user', async () => {
    await expect(list.execute(apiActor({ userId: mine, role: 'user' }), {})).rejects.toMatchObject({
      code: 'insufficient_role',
    });
    await expect(list.execute(apiActor({ userId: null, role: 'developer' }), {})).rejects.toMatchObject({
      code: 'insufficient_role',
    });
  });
});
