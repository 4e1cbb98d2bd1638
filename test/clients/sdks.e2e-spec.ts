import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/processes';
import { RunningSuite } from '../support/suite';

jest.setTimeout(240_000);

/**
 * The Python and Go SDKs (clients/) run their own tests, and their READMEs' examples, against one
 * suite whose gateway serves the key and cost APIs on its origin, as `npm start` does.
 */

/** As for the MCP Python SDK: pip must be able to install httpx and pytest unless this is set. */
const SKIP_PYTHON = process.env.LFC_SKIP_PYTHON_CLIENT === '1';
const hasGo = spawnSync('go', ['version']).status === 0;
if (!hasGo && process.env.LFC_REQUIRE_GO === '1') {
  throw new Error('go is required here (apt-get install golang-go)');
}

const PYTHON_SDK = join(ROOT, 'clients', 'python');
const GO_SDK = join(ROOT, 'clients', 'go');

interface Run {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          output: `${stdout}${stderr}`,
        });
      },
    );
  });
}

/** httpx (the SDK's one dependency) and pytest into a fresh directory; `--retries 0` as in mcp-clients-2026. */
async function installPythonDependencies(target: string): Promise<void> {
  const pip = await run('python3', [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-input',
    '--retries',
    '0',
    '--target',
    target,
    'httpx',
    'pytest',
  ]);
  if (pip.code !== 0) {
    throw new Error(
      `pip could not install httpx and pytest (exited ${String(pip.code)}); ` +
        `set LFC_SKIP_PYTHON_CLIENT=1 to skip the Python client tests on a machine without them.\n${pip.output}`,
    );
  }
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

describe('the Python and Go SDKs against a running suite', () => {
  let suite: RunningSuite;
  const scratch = mkdtempSync(join(tmpdir(), 'lfc-sdks-'));
  const pythonPackages = join(scratch, 'python');
  let pythonReady: Promise<void>;
  let goBuilt: Promise<{ tests: string; example: string }>;
  /** Where the SDK tests find the suite: one base URL, and a key that may manage keys. */
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // pip and the Go compiler run while the services start, off the tests' own path.
    pythonReady = SKIP_PYTHON ? Promise.reject(new Error('skipped')) : installPythonDependencies(pythonPackages);
    pythonReady.catch(() => undefined);
    goBuilt = hasGo ? buildGo(scratch) : Promise.reject(new Error('no go'));
    goBuilt.catch(() => undefined);
    suite = await RunningSuite.start({ gatewayEnv: { LFC_PUBLIC_API_PROXY: 'true' } });
    env = { LFC_BASE_URL: suite.gatewayUrl, LFC_ADMIN_KEY: suite.apiKey };
  });

  afterAll(async () => {
    await Promise.all([pythonReady.catch(() => undefined), goBuilt.catch(() => undefined)]);
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
});
