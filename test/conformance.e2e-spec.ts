import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createKey } from './support/admin-api';
import { HeaderProxy, headerProxy } from './support/header-proxy';
import { node22, packageBin } from './support/node22';
import { ROOT } from './support/processes';
import { RunningSuite } from './support/suite';

jest.setTimeout(180_000);

const CLI = packageBin('@modelcontextprotocol/conformance', 'conformance');

/** The checks that cannot apply to us at one revision, each with its reason in the file. */
function expectedFailures(revision: string): { file: string; checks: string[] } {
  const file = join(ROOT, 'test', 'conformance', `expected-failures-${revision}.yaml`);
  const { server } = parse(readFileSync(file, 'utf8')) as { server: string[] };
  return { file, checks: server };
}

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'SKIPPED' | 'INFO';
  errorMessage?: string;
}

interface Run {
  exitCode: number | null;
  output: string;
  /** Each scenario's checks, read from the results directory the CLI wrote. */
  scenarios: Map<string, Check[]>;
}

/**
 * One run of the conformance CLI on Node 22. Asynchronous on purpose: the proxy it talks through
 * lives in this process, so the event loop must keep turning while the CLI runs.
 */
function conformance(args: string[]): Promise<Run> {
  const outputDir = mkdtempSync(join(tmpdir(), 'lfc-conformance-'));
  return new Promise((resolve) => {
    execFile(
      node22(),
      [CLI, 'server', ...args, '-o', outputDir],
      { cwd: outputDir, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        const scenarios = scenariosIn(outputDir);
        // A red run keeps its results (the path is in the CLI's output); a green one leaves nothing.
        if (exitCode === 0) rmSync(outputDir, { recursive: true, force: true });
        resolve({ exitCode, output: `${stdout}${stderr}`, scenarios });
      },
    );
  });
}

/** `server-<scenario>-<timestamp>/checks.json` for each scenario run. */
function scenariosIn(outputDir: string): Map<string, Check[]> {
  const scenarios = new Map<string, Check[]>();
  for (const entry of readdirSync(outputDir)) {
    const name = /^server-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/.exec(entry)?.[1];
    const file = join(outputDir, entry, 'checks.json');
    if (name !== undefined && existsSync(file)) scenarios.set(name, JSON.parse(readFileSync(file, 'utf8')) as Check[]);
  }
  return scenarios;
}

/** What a red run shows: the CLI's own report, then every check that did not pass, with its reason. */
function explain(run: Run): string {
  const notPassing = [...run.scenarios].flatMap(([scenario, checks]) =>
    checks
      .filter((check) => check.status === 'FAILURE' || check.status === 'WARNING')
      .map((check) => `${check.status} ${scenario}:${check.id} ${check.errorMessage ?? ''}`),
  );
  return `conformance exited ${String(run.exitCode)}\n${run.output}\nChecks not passing:\n${notPassing.join('\n')}`;
}

function expectGreen(run: Run): void {
  if (run.exitCode !== 0) throw new Error(explain(run));
}

/** Scenarios that apply to a tools-only server: every check in them passes, none is merely absent. */
function expectPassed(run: Run, scenarios: string[], excused: string[] = []): void {
  for (const scenario of scenarios) {
    const checks = run.scenarios.get(scenario);
    expect({ scenario, ran: checks !== undefined }).toEqual({ scenario, ran: true });
    const failing = (checks ?? [])
      .filter((check) => check.status === 'FAILURE' || check.status === 'WARNING')
      .map((check) => `${scenario}:${check.id}`)
      .filter((id) => !excused.includes(id));
    expect(failing).toEqual([]);
    expect((checks ?? []).some((check) => check.status === 'SUCCESS')).toBe(true);
  }
}

/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance) against one gateway, at
 * the requirement sets of the stateless revision and of the last session revision. The CLI cannot
 * send credentials, so it talks to a loopback proxy that adds an API key and changes nothing else
 * (Host and Origin reach the gateway as sent, for the DNS-rebinding scenario). Checks that cannot
 * apply to a tools-only production server are listed, with their reasons, in test/conformance/.
 */
describe('the MCP conformance suite', () => {
  let suite: RunningSuite;
  let proxy: HeaderProxy;
  let url: string;

  beforeAll(async () => {
    suite = await RunningSuite.start();
    // The suite sends a few hundred requests a run; a default key's limit would refuse them.
    const { key } = await createKey(suite, { rateLimitPerMinute: null, rateLimitPerHour: null });
    proxy = await headerProxy(suite.gatewayUrl, { 'x-api-key': key });
    // `localhost`, not 127.0.0.1: dns-rebinding-protection expects a loopback host name it can swap.
    url = `http://localhost:${proxy.port}/mcp`;
  });

  afterAll(async () => {
    await proxy?.close();
    await suite?.stop();
  });

  it('passes every scenario of the 2026-07-28 requirements that applies to a tools server', async () => {
    const excused = expectedFailures('2026-07-28');
    const run = await conformance(['--url', url, '--requirements', '2026-07-28', '--expected-failures', excused.file]);
    expectGreen(run);
    expectPassed(
      run,
      [
        'server-stateless',
        'tools-list',
        'server-sse-multiple-streams',
        'dns-rebinding-protection',
        'caching',
        'input-required-result-unsupported-methods',
        'input-required-result-validate-input',
      ],
      excused.checks,
    );
    expect(run.scenarios.get('caching')).toContainEqual(
      expect.objectContaining({ id: 'sep-2549-tools-list-caching-hints', status: 'SUCCESS' }),
    );
  });

  it('passes http-header-validation at 2026-07-28, which the requirement set runs but does not score yet', async () => {
    const run = await conformance([
      '--url',
      url,
      '--scenario',
      'http-header-validation',
      '--spec-version',
      '2026-07-28',
    ]);
    expectGreen(run);
    expectPassed(run, ['http-header-validation']);
  });

  it('passes every scenario of the 2025-11-25 requirements that applies to a tools server', async () => {
    const excused = expectedFailures('2025-11-25');
    const run = await conformance(['--url', url, '--requirements', '2025-11-25', '--expected-failures', excused.file]);
    expectGreen(run);
    expectPassed(run, [
      'server-initialize',
      'ping',
      'tools-list',
      'server-sse-multiple-streams',
      'dns-rebinding-protection',
      'server-session-lifecycle',
    ]);
  });
});
