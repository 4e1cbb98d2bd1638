import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_ACTOR } from '../access/actor';
import { BootstrapSettings } from '../keys/ensure-bootstrap-key.use-case';
import { inMemoryAuth, inMemoryLoginThrottle } from '../testing/in-memory';
import { hashPassword } from '../users/passwords';
import { EnsureSetupLinkUseCase, SETUP_TOKEN_FILE } from './ensure-setup-link.use-case';
import { InspectSetupLinkUseCase, IssueSetupLinkUseCase } from './setup-link.use-cases';

const TTL_SECONDS = 86_400;
const client = { ip: '127.0.0.1', requestId: null, userAgent: null };

describe('the bootstrap admin’s setup link at start', () => {
  let now: number;
  let auth: ReturnType<typeof inMemoryAuth>;
  let ensure: EnsureSetupLinkUseCase;
  let inspect: InspectSetupLinkUseCase;
  let issue: IssueSetupLinkUseCase;
  let dataDir: string;
  let file: string;
  let adminId: string;

  beforeEach(() => {
    now = Date.UTC(2026, 5, 1, 12, 0, 0);
    const clock = () => now;
    auth = inMemoryAuth(clock);
    dataDir = join(mkdtempSync(join(tmpdir(), 'lfc-setup-link-')), 'data');
    file = join(dataDir, SETUP_TOKEN_FILE);
    const settings: BootstrapSettings = {
      configuredKey: undefined,
      adminEmail: 'admin@example.com',
      dataDir,
      rateLimitPerMinute: null,
      rateLimitPerHour: null,
    };
    ensure = new EnsureSetupLinkUseCase(
      auth.users,
      auth.setupLinks,
      auth.audit,
      auth.unitOfWork,
      settings,
      TTL_SECONDS,
      clock,
    );
    inspect = new InspectSetupLinkUseCase(auth.setupLinks, auth.users, inMemoryLoginThrottle(auth.audit, clock), clock);
    issue = new IssueSetupLinkUseCase(auth.users, auth.setupLinks, auth.audit, auth.unitOfWork, TTL_SECONDS, clock);
    adminId = auth.users.add({ email: 'admin@example.com', role: 'admin', username: 'admin' }).id;
  });

  afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  const written = () => readFileSync(file, 'utf8').trim();

  it('writes the token of a new link to a 0600 file in the data dir, and audits the issue (not the token)', async () => {
    await expect(ensure.execute()).resolves.toEqual({ kind: 'issued', file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(written()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(inspect.execute(written(), client)).resolves.toMatchObject({ email: 'admin@example.com' });
    expect(auth.audit.records).toEqual([
      expect.objectContaining({ action: 'setup_link.issue', resource: `user:${adminId}` }),
    ]);
    expect(JSON.stringify(auth.audit.records)).not.toContain(written());
  });

  it('keeps the link while it is usable, and issues a new one (overwriting the file) once it expired', async () => {
    await ensure.execute();
    const first = written();
    await expect(ensure.execute()).resolves.toEqual({ kind: 'pending' });
    expect(written()).toBe(first);
    expect(auth.setupLinks.rows).toHaveLength(1);

    now += TTL_SECONDS * 1000;
    chmodSync(file, 0o644);
    await expect(ensure.execute()).resolves.toEqual({ kind: 'issued', file });
    expect(written()).not.toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('removes a file whose link the operator replaced, and issues nothing while their link is usable', async () => {
    await ensure.execute();
    await issue.execute(CLI_ACTOR, 'admin@example.com');
    await expect(ensure.execute()).resolves.toEqual({ kind: 'pending' });
    expect(existsSync(file)).toBe(false);
    expect(auth.setupLinks.rows).toHaveLength(2);
  });

  it('removes the file once the admin has a password, and issues nothing', async () => {
    await ensure.execute();
    await auth.users.update(adminId, { passwordHash: await hashPassword('a long admin passphrase') });
    await expect(ensure.execute()).resolves.toEqual({ kind: 'not_needed' });
    expect(existsSync(file)).toBe(false);
    expect(auth.setupLinks.rows).toHaveLength(1);
  });

  it('issues nothing when the file cannot be written, so the next start tries again', async () => {
    writeFileSync(join(dataDir, '..', 'blocker'), '');
    const blocked = new EnsureSetupLinkUseCase(
      auth.users,
      auth.setupLinks,
      auth.audit,
      auth.unitOfWork,
      {
        configuredKey: undefined,
        adminEmail: 'admin@example.com',
        dataDir: join(dataDir, '..', 'blocker'),
        rateLimitPerMinute: null,
        rateLimitPerHour: null,
      },
      TTL_SECONDS,
      () => now,
    );
    await expect(blocked.execute()).rejects.toThrow();
    expect(auth.setupLinks.rows).toEqual([]);
    expect(auth.audit.records).toEqual([]);
  });
});
