import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipInstall, runCommand } from '../support/commands';
import { ROOT } from '../support/processes';
import { RunningSuite } from '../support/suite';

jest.setTimeout(240_000);

/**
 * The Python and Go SDKs (clients/) run their own tests, and their READMEs' examples, against one
 * suite whose gateway serves the key and cost APIs on its origin, as `npm start` does; the
 * TypeScript SDK (packages/client) runs here in-process, and built, as a package would be installed.
 */

/** As for the MCP Python SDK: pip must be able to install httpx and pytest unless this is set. */
const SKIP_PYTHON = process.env.LFC_SKIP_PYTHON_CLIENT === '1';
const hasGo = spawnSync('go', ['version']).status === 0;
if (!hasGo && process.env.LFC_REQUIRE_GO === '1') {
  throw new Error('go is required here (apt-get install golang-go)');
}

const PYTHON_SDK = join(ROOT, 'clients', 'python');
const GO_SDK = join(ROOT, 'clients', 'go');
const TS_SDK = join(ROOT, 'packages', 'client');

/** A command's exit code and its output, stdout and stderr together. */
async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; output: string }> {
  const { code, stdout, stderr } = await runCommand(command, args, options);
  return { code, output: `${stdout}${stderr}` };
}

/** The README's block that the marker `<!-- tested: ... -->` introduces (the first such block of `language`). */
function testedExample(readme: string, language: string): string {
  const text = readFileSync(readme, 'utf8');
  const block = new RegExp(`^<!-- tested: [^\\n]*-->\\n+\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(text);
  if (!block) throw new Error(`${readme} has no \`\`\`${language} block after a <!-- tested: --> marker`);
  return block[1]!;
}

/** No module proxy: the SDK has no dependencies, and the README example needs only the SDK. */
const GO_ENV = { GOPROXY: 'off', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };

/**
 * Compiles the Go SDK's test binary and the README example (in a module of its own that points at
 * the SDK), so that the suite is needed only to run them.
 */
async function buildGo(scratch: string): Promise<{ tests: string; example: string }> {
  const tests = join(scratch, 'sdk.test');
  const module = join(scratch, 'go-example');
  const sdk = 'github.com/langflow-connect/langflow-connect/clients/go';
  mkdirSync(module);
  writeFileSync(
    join(module, 'go.mod'),
    `module example\n\ngo 1.19\n\nrequire ${sdk} v0.0.0\n\nreplace ${sdk} => ${GO_SDK}\n`,
  );
  writeFileSync(join(module, 'main.go'), testedExample(join(GO_SDK, 'README.md'), 'go'));
  const example = join(scratch, 'example');
  for (const build of await Promise.all([
    run('go', ['test', '-c', '-o', tests, '.'], { cwd: GO_SDK, env: GO_ENV }),
    run('go', ['build', '-o', example, '.'], { cwd: module, env: GO_ENV }),
  ])) {
    if (build.code !== 0) throw new Error(`go could not build the SDK's tests or its README example:\n${build.output}`);
  }
  return { tests, example };
}

/**
 * Builds the TypeScript SDK and lays it out as `npm install` would (its package.json and dist/ under
 * node_modules/@langflow-connect/client, openapi-fetch beside it), so that importing it by name goes
 * through its exports map. Answers the folder that holds that node_modules.
 */
async function installTypeScript(scratch: string): Promise<string> {
  const consumer = join(scratch, 'ts-consumer');
  const pkg = join(consumer, 'node_modules', '@langflow-connect', 'client');
  mkdirSync(pkg, { recursive: true });
  const build = await run(process.execPath, [join(TS_SDK, 'scripts', 'build.mjs'), join(pkg, 'dist')]);
  if (build.code !== 0) throw new Error(`the TypeScript SDK does not build:\n${build.output}`);
  copyFileSync(join(TS_SDK, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules', 'openapi-fetch'), join(consumer, 'node_modules', 'openapi-fetch'));
  return consumer;
}

type Sdk = typeof import('@langflow-connect/client', { with: { 'resolution-mode': 'import' } });

/** The Go tests' key names: unique per run, so the suite's per-user name uniqueness never bites. */
const keyName = (): string => `sdk-ts-${Math.random().toString(36).slice(2, 10)}`;

describe('the Python, Go and TypeScript SDKs against a running suite', () => {
  let suite: RunningSuite;
  const scratch = mkdtempSync(join(tmpdir(), 'lfc-sdks-'));
  const pythonPackages = join(scratch, 'python');
  let pythonReady: Promise<void>;
  let goBuilt: Promise<{ tests: string; example: string }>;
  let tsInstalled: Promise<string>;
  /** Where the SDK tests find the suite: one base URL, and a key that may manage keys. */
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // pip and the Go compiler run while the services start, off the tests' own path.
    pythonReady = SKIP_PYTHON ? Promise.reject(new Error('skipped')) : pipInstall(pythonPackages, ['httpx', 'pytest']);
    pythonReady.catch(() => undefined);
    goBuilt = hasGo ? buildGo(scratch) : Promise.reject(new Error('no go'));
    goBuilt.catch(() => undefined);
    tsInstalled = installTypeScript(scratch);
    tsInstalled.catch(() => undefined);
    suite = await RunningSuite.start({ gatewayEnv: { LFC_PUBLIC_API_PROXY: 'true' } });
    env = { LFC_BASE_URL: suite.gatewayUrl, LFC_ADMIN_KEY: suite.apiKey };
  });

  afterAll(async () => {
    await Promise.all([
      pythonReady.catch(() => undefined),
      goBuilt.catch(() => undefined),
      tsInstalled.catch(() => undefined),
    ]);
    rmSync(scratch, { recursive: true, force: true });
    await suite?.stop();
  });

  describe('Python (clients/python)', () => {
    /** Nothing written into the checkout: no bytecode, no pytest cache. */
    const pythonEnv = () => ({
      ...env,
      PYTHONPATH: `${join(PYTHON_SDK, 'src')}:${pythonPackages}`,
      PYTHONDONTWRITEBYTECODE: '1',
    });

    (SKIP_PYTHON ? it.skip : it)('passes its tests, the sync and the async client, none skipped', async () => {
      await pythonReady;
      const pytest = await run('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], {
        cwd: PYTHON_SDK,
        env: pythonEnv(),
      });
      expect({ code: pytest.code, output: pytest.code === 0 ? '' : pytest.output }).toEqual({ code: 0, output: '' });
      expect(pytest.output).toMatch(/^\d+ passed in /m);
      expect(pytest.output).not.toMatch(/skipped/);
    });

    (SKIP_PYTHON ? it.skip : it)("runs the README's example of the five tasks", async () => {
      await pythonReady;
      const example = join(scratch, 'example.py');
      writeFileSync(example, testedExample(join(PYTHON_SDK, 'README.md'), 'python'));
      const python = await run('python3', [example], { env: pythonEnv() });
      expect({ code: python.code, output: python.code === 0 ? '' : python.output }).toEqual({ code: 0, output: '' });
      expect(python.output).toMatch(/^pong: true$/m);
    });
  });

  const withGo = hasGo ? describe : describe.skip;
  if (!hasGo) {
    console.warn('go is not on the PATH: the Go SDK tests are skipped (LFC_REQUIRE_GO=1 makes that an error)');
  }
  withGo('Go (clients/go)', () => {
    it('is gofmt-clean and passes its tests, none skipped', async () => {
      const gofmt = await run('gofmt', ['-l', '.'], { cwd: GO_SDK });
      expect(gofmt).toEqual({ code: 0, output: '' });
      // The binary runs in the package's folder, as `go test` runs it.
      const test = await run((await goBuilt).tests, ['-test.count=1', '-test.v'], { cwd: GO_SDK, env });
      expect({ code: test.code, output: test.code === 0 ? '' : test.output }).toEqual({ code: 0, output: '' });
      expect(test.output).toMatch(/^--- PASS: TestAPICreatesAKeyThatWorksAndRevokesIt/m);
      expect(test.output).not.toMatch(/--- SKIP/);
    });

    it("runs the README's example of the five tasks", async () => {
      const example = await run((await goBuilt).example, [], { env });
      expect({ code: example.code, output: example.code === 0 ? '' : example.output }).toEqual({ code: 0, output: '' });
      expect(example.output).toMatch(/^pong: true$/m);
    });
  });

  describe('TypeScript (packages/client)', () => {
    // ESM source in a CommonJS test file: the dynamic import is what TypeScript allows across that line.
    let sdk: Sdk;
    let admin: InstanceType<Sdk['Client']>;
    const client = (options: ConstructorParameters<Sdk['Client']>[1]) => new sdk.Client(suite.gatewayUrl, options);
    const newKey = (request: Omit<Parameters<typeof admin.createApiKey>[0], 'name'>) =>
      admin.createApiKey({ ...request, name: keyName() });
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );

    beforeAll(async () => {
      sdk = await import('@langflow-connect/client');
      admin = client({ apiKey: suite.apiKey });
    });

    it('lists the tools with their schemas and annotations', async () => {
      const tools = await admin.listTools();
      const ping = tools.find((tool) => tool.name === 'ping');
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['ping', 'read_file']));
      expect(ping).toMatchObject({
        inputSchema: { type: 'object' },
        annotations: { readOnlyHint: true, destructiveHint: false },
      });
    });

    it('calls a tool and reads its structured answer; an unknown tool is an ApiError with the error body', async () => {
      const result = await admin.callTool('ping', { message: 'from TypeScript' });
      expect(result).toMatchObject({ isError: false, structuredContent: { pong: true, message: 'from TypeScript' } });
      expect(result.content[0]?.type).toBe('text');
      const error = await refusal(admin.callTool('no_such_tool'));
      expect(error).toBeInstanceOf(sdk.ApiError);
      expect(error).toMatchObject({
        status: 404,
        code: 'unknown_tool',
        message: 'Unknown tool: no_such_tool',
        details: { tool: 'no_such_tool' },
      });
      expect((error as InstanceType<Sdk['ApiError']>).requestId).toEqual(expect.any(String));
    });

    it('an unknown key is an AuthenticationError; an API key also works as a bearer token', async () => {
      const error = await refusal(client({ apiKey: `lfc_${'B'.repeat(43)}` }).listTools());
      expect(error).toBeInstanceOf(sdk.AuthenticationError);
      expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
      expect((await client({ bearerToken: suite.apiKey }).listTools()).length).toBeGreaterThan(0);
    });

    it('creates a key that works and revokes it; a revoked key is refused', async () => {
      const issued = await newKey({ scopes: ['ping'], rateLimitPerMinute: 50, rateLimitPerHour: null });
      expect(issued.key).toMatch(/^lfc_/);
      expect(issued.apiKey).toMatchObject({ rateLimits: { perMinute: 50, perHour: null }, revokedAt: null });
      expect((await client({ apiKey: issued.key }).listTools()).map((tool) => tool.name)).toEqual(['ping']);
      const revoked = await admin.revokeApiKey(issued.apiKey.id);
      expect(revoked.id).toBe(issued.apiKey.id);
      expect(Date.parse(revoked.revokedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(revoked.createdAt));
      // Never used before its revocation, so no gateway holds it: the refusal does not wait on an announcement.
      const unused = await newKey({ scopes: ['ping'] });
      await admin.revokeApiKey(unused.apiKey.id);
      const error = await refusal(client({ apiKey: unused.key }).callTool('ping'));
      expect(error).toBeInstanceOf(sdk.AuthenticationError);
      expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    });

    it('a key without the scope is denied key management: PermissionDeniedError', async () => {
      const toolsOnly = client({ apiKey: (await newKey({ scopes: ['ping'] })).key });
      const error = await refusal(toolsOnly.createApiKey({ name: keyName() }));
      expect(error).toBeInstanceOf(sdk.PermissionDeniedError);
      expect(error).toMatchObject({ status: 403, code: 'insufficient_scope' });
    });

    it('over the rate limit is a RateLimitError with Retry-After, which a bounded retry does not wait for', async () => {
      const { key } = await newKey({ scopes: ['ping'], rateLimitPerMinute: 1 });
      await client({ apiKey: key }).callTool('ping');
      // The server's delay (the rest of the minute) is more than maxRetryWait, so no retry waits.
      const error = await refusal(client({ apiKey: key, maxRetries: 3, maxRetryWait: 0 }).callTool('ping'));
      expect(error).toBeInstanceOf(sdk.RateLimitError);
      expect(error).toMatchObject({ status: 429, code: 'rate_limited', details: { limit: 1 } });
      const { retryAfter } = error as InstanceType<Sdk['RateLimitError']>;
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    });

    it('reads the cost summary of a fresh key, and one over an explicit window', async () => {
      const fresh = client({ apiKey: (await newKey({})).key });
      expect(await fresh.costSummary({ period: 'last_day', groupBy: 'model' })).toMatchObject({
        scope: 'key',
        currency: 'USD',
        groupBy: 'model',
        totals: { costUsd: '0', records: 0 },
        groups: [],
      });
      const to = new Date(Math.floor(Date.now() / 1000) * 1000);
      const from = new Date(to.getTime() - 3_600_000);
      const window = await admin.costSummary({ from, to });
      expect([Date.parse(window.from), Date.parse(window.to), window.groupBy]).toEqual([
        from.getTime(),
        to.getTime(),
        null,
      ]);
    });

    it("is installable as ES module and CommonJS, and runs the README's example of the five tasks", async () => {
      const consumer = await tsInstalled;
      const example = testedExample(join(TS_SDK, 'README.md'), 'ts');
      const commonJs = `const { Client } = require('@langflow-connect/client');
        new Client(process.env.LFC_BASE_URL, { apiKey: process.env.LFC_ADMIN_KEY })
          .listTools()
          .then((tools) => console.log('tools:', tools.length));`;
      // The example is TypeScript written to run as plain JavaScript too, so Node runs it unchanged.
      const [esm, cjs] = await Promise.all([
        run(process.execPath, ['--input-type=module', '--eval', example], { cwd: consumer, env }),
        run(process.execPath, ['--input-type=commonjs', '--eval', commonJs], { cwd: consumer, env }),
      ]);
      expect({ code: esm.code, output: esm.code === 0 ? '' : esm.output }).toEqual({ code: 0, output: '' });
      expect(esm.output).toMatch(/^pong: true$/m);
      expect(esm.output).toMatch(/^401: invalid_api_key /m);
      expect({ code: cjs.code, output: cjs.code === 0 ? '' : cjs.output }).toEqual({ code: 0, output: '' });
      expect(cjs.output).toMatch(/^tools: [1-9]\d*$/m);
    });
  });
});
