import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { callPing, waitFor } from './support/admin-api';
import { ROOT } from './support/processes';
import { RunningSuite } from './support/suite';

jest.setTimeout(90_000);
const run = promisify(execFile);

describe('the operator CLI (npm run lfc / kubectl exec … lfc)', () => {
  let suite: RunningSuite;

  beforeAll(async () => {
    suite = await RunningSuite.start();
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const lfc = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, [join(ROOT, 'dist', 'apps', 'auth', 'src', 'cli.js'), ...args], {
      env: suite.env,
    });
    return JSON.parse(stdout) as Record<string, unknown> & { key?: string; apiKey?: { id: string } };
  };

  it('creates a user and a limited key, sets limits, rotates and revokes it', async () => {
    const user = await lfc('users', 'create', '--email', 'ops@example.com', '--role', 'developer');
    expect(user.email).toBe('ops@example.com');

    const created = await lfc(
      'keys',
      'create',
      '--email',
      'ops@example.com',
      '--name',
      'ci',
      '--per-minute',
      '2',
      '--scopes',
      'ping',
    );
    const key = created.key as string;
    const keyId = created.apiKey!.id;
    expect(key).toMatch(/^lfc_/);
    const gateway = suite.gatewayUrl;
    expect((await callPing(gateway, { 'x-api-key': key })).status).toBe(200);

    const listed = (await lfc('keys', 'list', '--email', 'ops@example.com')) as unknown as {
      id: string;
      prefix: string;
    }[];
    expect(listed.map((entry) => entry.id)).toContain(keyId);
    expect(JSON.stringify(listed)).not.toContain(key);

    await lfc('keys', 'limits', keyId, '--per-minute', '1');
    await waitFor(async () => (await callPing(gateway, { 'x-api-key': key })).status === 429, 3000, 100);

    const rotated = await lfc('keys', 'rotate', keyId, '--grace', '0');
    expect(rotated.key).toMatch(/^lfc_/);
    await waitFor(async () => (await callPing(gateway, { 'x-api-key': key })).status === 401, 3000, 100);

    await lfc('keys', 'revoke', rotated.apiKey!.id);
    await waitFor(
      async () => (await callPing(gateway, { 'x-api-key': rotated.key as string })).status === 401,
      3000,
      100,
    );
  });

  it('explains its usage and refuses bad options without a stack trace', async () => {
    await expect(
      run(
        process.execPath,
        [join(ROOT, 'dist', 'apps', 'auth', 'src', 'cli.js'), 'keys', 'limits', 'x', '--per-minute', 'lots'],
        { env: suite.env },
      ),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/^lfc: --per-minute: a whole number or "unlimited"/),
    });
  });

  it('is an executable bin entry (shebang, mode set by the build) and runs as `npm run lfc -- …`', async () => {
    const bin = join(
      ROOT,
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { lfc: string } }).bin.lfc,
    );
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(bin).mode & 0o111).toBe(0o111);
    // Run as kubectl exec would: the file itself, no node in front.
    const direct = await run(bin, ['keys', 'list', '--email', 'ops@example.com'], { env: suite.env });
    expect((JSON.parse(direct.stdout) as unknown[]).length).toBeGreaterThan(0);

    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const help = await run(npm, ['run', 'lfc', '--', '--help'], { cwd: ROOT, env: suite.env });
    expect(help.stdout).toContain('Usage: lfc');
    const viaNpm = await run(npm, ['run', '--silent', 'lfc', '--', 'keys', 'list', '--email', 'ops@example.com'], {
      cwd: ROOT,
      env: suite.env,
    });
    // The same keys; last use is flushed by the gateways in batches, so it may move in between.
    const keys = (stdout: string) =>
      (JSON.parse(stdout) as { id: string; lastUsedAt?: unknown }[]).map(({ lastUsedAt: _lastUsedAt, ...key }) => key);
    expect(keys(viaNpm.stdout)).toEqual(keys(direct.stdout));
  });
});
