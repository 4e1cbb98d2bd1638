import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, freePort, stopProcess } from './support/processes';
import { describeSuiteBehaviour } from './support/suite-behaviour';

jest.setTimeout(120_000);

describe('npm start on embedded defaults (PGlite, in-process stores, local blob folder)', () => {
  let launcher: ChildProcess;
  let output = '';
  let gatewayUrl = '';
  let apiKey = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'lfc-embedded-'));
  const setupTokenFile = join(dataDir, 'bootstrap-setup-token');

  beforeAll(async () => {
    const [gateway, executor, auth, cost] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const unset = new Set([
      'DATABASE_URL',
      'REDIS_URL',
      'LFC_BOOTSTRAP_API_KEY',
      'LFC_SERVICE_PRIVATE_KEY',
      'LFC_SERVICE_PUBLIC_KEYS',
    ]);
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !unset.has(name)));
    // What auth leaves for the bootstrap admin on a first start (auth may write its own over it).
    writeFileSync(setupTokenFile, `${'S'.repeat(40)}e_-\n`, { mode: 0o600 });
    launcher = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
      cwd: ROOT,
      env: {
        ...env,
        LFC_DATA_DIR: dataDir,
        LFC_GATEWAY_PORT: String(gateway),
        LFC_EXECUTOR_PORT: String(executor),
        LFC_AUTH_PORT: String(auth),
        LFC_COST_PORT: String(cost),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 100_000;
    while (!output.includes('Press Ctrl-C to stop.')) {
      if (launcher.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    gatewayUrl = /MCP endpoint \(Streamable HTTP\): (\S+)\/mcp/.exec(output)?.[1] ?? '';
    apiKey = /Admin API key: +(lfc_\S+)/.exec(output)?.[1] ?? '';
  });

  afterAll(async () => {
    if (launcher) await stopProcess(launcher, 'SIGINT', 40_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the MCP URL and a generated admin key kept in a 0600 file', () => {
    expect(gatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(apiKey).toMatch(/^lfc_[A-Za-z0-9_-]{43}$/);
    expect(output).toContain('embedded PGlite');
    expect(statSync(join(dataDir, 'bootstrap-api-key')).mode & 0o777).toBe(0o600);
  });

  it('prints the web console beside the MCP URL, and the one-time setup link auth left for the admin', () => {
    expect(output).toContain(`Web console:                    ${gatewayUrl}/console/`);
    const link = /One-time setup link for the admin: (\S+)/.exec(output)?.[1];
    expect(link).toBe(`${gatewayUrl}/console/setup#token=${readFileSync(setupTokenFile, 'utf8').trim()}`);
    expect(link).toMatch(/#token=[A-Za-z0-9_-]{43}$/);
  });

  it('serves auth and cost-accounting on the gateway port, so the console needs one origin', async () => {
    const login = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@langflow-connect.local', password: 'not the password' }),
    });
    expect(login.status).toBe(401);
    expect(((await login.json()) as { error: { code: string } }).error.code).toBe('invalid_credentials');
    const summary = await fetch(`${gatewayUrl}/api/v1/cost/summary`, { headers: { 'x-api-key': apiKey } });
    expect(summary.status).toBe(200);
  });

  describeSuiteBehaviour(() => ({ gatewayUrl, apiKey }));

  it('stops every process cleanly on Ctrl-C', async () => {
    const code = await stopProcess(launcher, 'SIGINT', 40_000);
    expect(code).toBe(0);
    expect(output).toContain('Stopped.');
    await expect(fetch(`${gatewayUrl}/health`)).rejects.toThrow();
  });
});
