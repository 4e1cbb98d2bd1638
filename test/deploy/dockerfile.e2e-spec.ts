import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { generateServiceKeys } from '@lfc/common';
import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { REDIS_URL, createTestDatabase, newApiKey } from '../support/suite';
import { freePort, stopProcess } from '../support/processes';
import { PORTS, ROOT, SERVICES, ServiceName } from './tools';

const dockerfile = DockerfileParser.parse(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const instructions = dockerfile.getInstructions();
const stages = dockerfile.getFROMs();
const finalStageStart = stages[stages.length - 1]!.getRange().start.line;
/** Instructions of the final (runtime) stage. */
const final = instructions.filter((instruction) => instruction.getRange().start.line >= finalStageStart);
const keyword = (list: Instruction[], name: string) => list.filter((instruction) => instruction.getKeyword() === name);
const jsonArgs = (instruction: Instruction | undefined): string[] => JSON.parse(instruction?.getArgumentsContent() ?? 'null') as string[];

/** Build-time defaults of the Dockerfile's ARGs, to resolve ${NODE_IMAGE} and the like. */
const args = Object.fromEntries(
  keyword(instructions, 'ARG').map((arg) => {
    const [name, value = ''] = (arg.getArgumentsContent() ?? '').split('=');
    return [name, value];
  }),
);
const imageEnv: Record<string, string> = Object.fromEntries(
  dockerfile.getENVs().flatMap((env) => env.getProperties().map((property) => [property.getName(), property.getValue() ?? ''])),
);

describe('Dockerfile', () => {
  it('is multi-stage on Node 22 LTS slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      const image = stage.getImageName()?.replace(/\$\{(\w+)\}/g, (_m, name: string) => args[name] ?? '');
      expect(image).toMatch(/^node:22(\.\d+)*-[a-z]+-slim$|^node:22(\.\d+)*-slim$/);
    }
  });

  it('installs only production dependencies with npm ci in the final stage', () => {
    const runs = keyword(final, 'RUN').map((run) => run.getArgumentsContent() ?? '');
    expect(runs.some((run) => /npm ci\b.*--omit=dev/.test(run))).toBe(true);
    expect(runs.some((run) => /npm (install|i) /.test(run))).toBe(false);
    // dist comes from the build stage; no node_modules with dev dependencies is copied over.
    const copies = keyword(final, 'COPY').map((copy) => copy.getArgumentsContent() ?? '');
    expect(copies.some((copy) => /dist/.test(copy))).toBe(true);
    expect(copies.some((copy) => /node_modules/.test(copy))).toBe(false);
  });

  it('runs as the non-root uid 1000, numerically', () => {
    const users = keyword(final, 'USER');
    expect(users.at(-1)?.getArgumentsContent()).toMatch(/^1000(:1000)?$/);
  });

  it('writes only under /tmp, so a read-only root filesystem works', () => {
    for (const name of ['LFC_DATA_DIR', 'LFC_BLOB_DIR', 'LFC_AUDIT_SPOOL_DIR', 'HOME', 'NPM_CONFIG_CACHE']) expect(imageEnv[name]).toMatch(/^\/tmp\b/);
    expect(imageEnv.NODE_ENV).toBe('production');
  });

  it('exposes the service ports and checks /health', () => {
    const exposed = keyword(final, 'EXPOSE').flatMap((expose) => (expose.getArgumentsContent() ?? '').split(/\s+/));
    for (const service of SERVICES) expect(exposed).toContain(String(PORTS[service]));
    const healthcheck = keyword(final, 'HEALTHCHECK')[0]?.getTextContent() ?? '';
    expect(healthcheck).toContain('/health');
    expect(healthcheck).toMatch(/--timeout=\d+s/);
  });

  it('runs tini as PID 1 and execs node, so SIGTERM reaches the service', () => {
    expect(jsonArgs(keyword(final, 'ENTRYPOINT')[0])).toEqual(['tini', '--']);
    expect(keyword(final, 'RUN').some((run) => /apt-get install .*\btini\b/.test(run.getArgumentsContent() ?? ''))).toBe(true);
    const cmd = jsonArgs(keyword(final, 'CMD')[0]);
    expect(cmd.slice(0, 2)).toEqual(['sh', '-c']);
    expect(cmd[2]).toMatch(/exec node /);
    expect(cmd[2]).toContain('dist/apps/${LFC_SERVICE}/src/main.js');
  });

  it('puts the operator CLI on the PATH as lfc, executable, after the build output is copied', () => {
    const copyDist = final.findIndex((instruction) => instruction.getKeyword() === 'COPY' && /\bdist\b/.test(instruction.getArgumentsContent() ?? ''));
    const link = final.findIndex((instruction) => instruction.getKeyword() === 'RUN' && /\/usr\/local\/bin\/lfc\b/.test(instruction.getArgumentsContent() ?? ''));
    expect(copyDist).toBeGreaterThanOrEqual(0);
    expect(link).toBeGreaterThan(copyDist);
    const run = final[link]!.getArgumentsContent() ?? '';
    expect(run).toContain('ln -s /app/dist/apps/auth/src/cli.js /usr/local/bin/lfc');
    expect(run).toMatch(/chmod 0?755 dist\/apps\/auth\/src\/cli\.js/);
    // Run through the link, the file needs its shebang.
    expect(readFileSync(join(ROOT, 'apps', 'auth', 'src', 'cli.ts'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('builds the web console with the services and ships it in dist/, where the gateway serves it from', () => {
    const build = instructions.filter((instruction) => instruction.getRange().start.line < finalStageStart);
    const copiesApps = build.findIndex((instruction) => instruction.getKeyword() === 'COPY' && /^apps\s/.test(instruction.getArgumentsContent() ?? ''));
    const builds = build.findIndex((instruction) => instruction.getKeyword() === 'RUN' && instruction.getArgumentsContent() === 'npm run build');
    expect(copiesApps).toBeGreaterThanOrEqual(0);
    expect(builds).toBeGreaterThan(copiesApps);
    // `npm run build` ends with the console's Vite build into dist/console (a no-op without apps/console).
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.build).toMatch(/&& node scripts\/build-console\.mjs &&/);
    const copies = keyword(final, 'COPY').map((instruction) => instruction.getTextContent());
    expect(copies).toContainEqual(expect.stringMatching(/^COPY --from=build \/app\/dist(\/console)? \.\/dist(\/console)?$/));
    for (const ignored of readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n')) expect(ignored).not.toMatch(/^apps\b/);
  });

  it('.dockerignore keeps secrets, build output and VCS state out of the context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.env', '.git', '.data']) expect(ignored).toContain(entry);
  });

  describe('the image, laid out as in the container and run as uid 1000 with only its /tmp writable', () => {
    const cmd = jsonArgs(keyword(final, 'CMD')[0]);
    const healthcheck = jsonArgs({ getArgumentsContent: () => (keyword(final, 'HEALTHCHECK')[0]?.getArgumentsContent() ?? '').replace(/^.*?CMD\s+/s, '') } as Instruction);
    const children: ChildProcess[] = [];
    /** Root of the stand-in image: <layout>/app (WORKDIR), <layout>/usr/local/bin, <layout>/tmp (the mounted tmp/data path). */
    let layout: string;
    let app: string;
    let tmp: string;
    // As the pods run it: a non-root uid that cannot write the root-owned image files.
    const user = process.getuid?.() === 0 ? { uid: 1000, gid: 1000 } : {};
    let database: { url: string; drop: () => Promise<void> };
    let baseEnv: NodeJS.ProcessEnv;
    let privateKeys: Record<ServiceName, string>;
    let before: Map<string, string>;
    const ports = {} as Record<ServiceName, number>;

    const containerEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...baseEnv, ...extra });

    const runCommand = (argv: string[], env: NodeJS.ProcessEnv): ChildProcess => {
      const [file, ...rest] = argv;
      const child = spawn(file!, rest, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'], ...user });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      Object.defineProperty(child, 'output', { get: () => output });
      children.push(child);
      return child;
    };

    const waitForHealth = async (child: ChildProcess, port: number, timeoutMs = 40_000): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${(child as unknown as { output: string }).output}`);
        try {
          if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      throw new Error(`no /health on ${port} after ${timeoutMs} ms:\n${(child as unknown as { output: string }).output}`);
    };

    beforeAll(async () => {
      if (!existsSync(join(ROOT, 'dist', 'apps', 'auth', 'src', 'cli.js'))) {
        spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-built.mjs')], { cwd: ROOT, stdio: 'inherit' });
      }
      layout = mkdtempSync(join(tmpdir(), 'lfc-image-'));
      app = join(layout, 'app');
      tmp = join(layout, 'tmp');
      // COPY of the build output and the manifests; node_modules stands in for `npm ci --omit=dev`.
      chmodSync(layout, 0o755);
      mkdirSync(app);
      for (const entry of ['dist', 'scripts', 'package.json', 'package-lock.json']) cpSync(join(ROOT, entry), join(app, entry), { recursive: true });
      // The console `npm run build` wrote, or a stand-in where this checkout has no console to build.
      if (!existsSync(join(app, 'dist', 'console', 'index.html'))) {
        mkdirSync(join(app, 'dist', 'console'), { recursive: true });
        writeFileSync(join(app, 'dist', 'console', 'index.html'), '<!doctype html><title>console</title>');
      }
      copyProductionDependencies(join(app, 'node_modules'));
      mkdirSync(join(layout, 'usr', 'local', 'bin'), { recursive: true });
      // The final stage's RUN steps that shape the layout, re-rooted into it.
      for (const run of keyword(final, 'RUN').map((instruction) => instruction.getArgumentsContent() ?? '').filter((text) => text.includes('/usr/local/bin'))) {
        execFileSync('sh', ['-c', run.replaceAll('/usr/local/bin', join(layout, 'usr', 'local', 'bin')).replaceAll('/app/', `${app}/`)], { cwd: app });
      }
      mkdirSync(tmp, { mode: 0o1777 });
      chmodSync(tmp, 0o1777);
      before = snapshot(layout, tmp);
      database = await createTestDatabase();
      for (const service of SERVICES) ports[service] = await freePort();
      const rebased = Object.fromEntries(Object.entries(imageEnv).map(([name, value]) => [name, value.replace(/^\/tmp\b/, tmp)]));
      const serviceKeys = generateServiceKeys();
      privateKeys = serviceKeys.privateKeys;
      baseEnv = {
        PATH: [join(layout, 'usr', 'local', 'bin'), dirname(process.execPath), process.env.PATH].join(delimiter),
        ...rebased,
        TMPDIR: tmp,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DATABASE_URL: database.url,
        REDIS_URL,
        LFC_REDIS_PREFIX: `lfc-image-${randomBytes(4).toString('hex')}:`,
        LFC_SERVICE_PUBLIC_KEYS: serviceKeys.publicKeys,
        LFC_BOOTSTRAP_API_KEY: newApiKey(),
        LFC_MIGRATE_ON_START: 'false',
        LFC_SHUTDOWN_DELAY_MS: '0',
        LFC_EXECUTOR_URL: `http://127.0.0.1:${ports['tool-executor']}`,
        LFC_AUTH_URL: `http://127.0.0.1:${ports.auth}`,
        LFC_COST_URL: `http://127.0.0.1:${ports['cost-accounting']}`,
      };
    }, 120_000);

    afterAll(async () => {
      await Promise.all(children.map((child) => stopProcess(child, 'SIGKILL', 2000)));
      await database?.drop();
      if (layout) rmSync(layout, { recursive: true, force: true });
    });

    it('migrates with the Job command (node dist/scripts/migrate.js), twice, idempotently', () => {
      for (let round = 0; round < 2; round++) {
        const result = spawnSync('node', ['dist/scripts/migrate.js'], { cwd: app, env: containerEnv({}), encoding: 'utf8', timeout: 60_000, ...user });
        expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
        if (round === 1) expect(result.stdout).toMatch(/up to date/);
      }
    }, 90_000);

    it('finds the tree-sitter runtime and grammars (WASM files of production packages) from dist/ in the layout', () => {
      const script = [
        "const { analyzeSource } = require('./dist/apps/tool-executor/src/tools/code/analyze-source.js');",
        "Promise.all([['def f(x):\\n    return x or 1\\n', 'a.py'], ['f() { [[ -n $1 ]] && echo hi; }\\n', 'a.sh']]",
        '  .map(([text, fileName]) => analyzeSource({ text, fileName })))',
        '  .then((results) => console.log(JSON.stringify(results.map((r) => [r.analyzer, r.functions[0].complexity]))));',
      ].join('\n');
      const result = spawnSync('node', ['-e', script], { cwd: app, env: containerEnv({}), encoding: 'utf8', timeout: 60_000, ...user });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      expect(JSON.parse(result.stdout)).toEqual([['tree-sitter', 2], ['tree-sitter', 2]]);
    }, 90_000);

    it('starts every service from the exact CMD, answers /health and the HEALTHCHECK, serves a request, and exits cleanly on SIGTERM', async () => {
      const started = SERVICES.map((service) => ({
        service,
        child: runCommand(cmd, containerEnv({ LFC_SERVICE: service, PORT: String(ports[service]), LFC_SERVICE_PRIVATE_KEY: privateKeys[service] })),
      }));
      await Promise.all(started.map(({ service, child }) => waitForHealth(child, ports[service])));
      for (const { service } of started) {
        const check = spawnSync(healthcheck[0]!, healthcheck.slice(1), {
          env: containerEnv({ LFC_SERVICE: service, PORT: String(ports[service]) }),
          timeout: 10_000,
          ...user,
        });
        expect({ service, status: check.status }).toEqual({ service, status: 0 });
      }
      // An audited request: its record is appended to the spool before the answer leaves, whether or
      // not PostgreSQL is up (the spool is the write-ahead log, not an outage buffer).
      const answer = await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/tools/list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(answer.status).toBe(401);
      // The gateway serves the web console from the image's dist/console.
      const page = await fetch(`http://127.0.0.1:${ports.gateway}/console/`);
      expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
      const codes = await Promise.all(started.map(({ child }) => stopProcess(child, 'SIGTERM', 30_000)));
      expect(codes).toEqual([0, 0, 0, 0]);
      // The directory alone proves nothing: it is created at start. A writer keeps its own file after
      // shutdown (only files of writers that are gone are removed, once in the database), so the
      // record must be in `{writerId}.{segment}.audit.jsonl` under the image's spool path.
      const spool = join(tmp, 'lfc-data', 'audit-spool');
      const files = readdirSync(spool).filter((name) => /^.+-\d+-[0-9a-f]+\.\d{6}\.audit\.jsonl$/.test(name));
      const records = files.flatMap((name) =>
        readFileSync(join(spool, name), 'utf8')
          .split('\n')
          .filter((line) => line.length > 0)
          .map((line) => JSON.parse(line) as { statusCode: number }),
      );
      expect(records.map((record) => record.statusCode)).toContain(401);
    }, 90_000);

    it('runs the operator CLI as lfc from the PATH', () => {
      const result = spawnSync('lfc', ['users', 'list'], { cwd: app, env: containerEnv({}), encoding: 'utf8', timeout: 60_000, ...user });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      expect(result.stdout).toContain('admin@langflow-connect.local');
    }, 90_000);

    it('backs up as lfc from the PATH, with production dependencies only, into /tmp', () => {
      const target = join(tmp, 'backup-in-image');
      const result = spawnSync('lfc', ['backup', target], { cwd: app, env: containerEnv({}), encoding: 'utf8', timeout: 60_000, ...user });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      expect((JSON.parse(result.stdout) as { rows: Record<string, number> }).rows['auth.users']).toBeGreaterThanOrEqual(1);
      expect(readdirSync(target).sort()).toEqual(['blobs', 'database', 'manifest.json']);
    }, 90_000);

    it('refuses an unknown LFC_SERVICE with a clear message', async () => {
      const child = runCommand(cmd, containerEnv({ LFC_SERVICE: 'nope' }));
      // 'close' (not 'exit'): it comes after the output streams have delivered everything.
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      expect(code).toBe(64);
      expect((child as unknown as { output: string }).output).toContain('LFC_SERVICE must be');
    });

    it('wrote nothing outside the tmp/data path', () => {
      const after = snapshot(layout, tmp);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path));
      expect(changed).toEqual([]);
      expect(readdirSync(tmp).length).toBeGreaterThan(0);
    });
  });
});

/**
 * The image's `npm ci --omit=dev`, from the checkout's node_modules: only production packages,
 * and copied rather than linked, because uid 1000 cannot reach a checkout in a private (0700) folder.
 * Hard links when the temporary folder shares the checkout's file system, else a plain copy.
 */
function copyProductionDependencies(target: string): void {
  const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const source = join(ROOT, 'node_modules');
  const packages = [...new Set(listed.split('\n').filter((path) => path.startsWith(`${source}/`)))]
    .map((path) => path.slice(source.length + 1))
    .sort();
  // A package inside another's own node_modules comes along with it.
  const topLevel = packages.filter((path, index) => index === 0 || !packages.slice(0, index).some((parent) => path.startsWith(`${parent}/`)));
  mkdirSync(target, { recursive: true });
  for (const path of topLevel) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    const copied = spawnSync('cp', ['-al', join(source, path), join(target, path)]);
    if (copied.status !== 0) cpSync(join(source, path), join(target, path), { recursive: true });
  }
}

/** Every path under root (symlinks not followed, `skip` left out) with its type, size and mtime. */
function snapshot(root: string, skip: string): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (path === skip) continue;
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) entries.set(path, `link ${readlinkSync(path)}`);
      else if (stat.isDirectory()) {
        entries.set(path, `dir ${stat.mtimeMs}`);
        walk(path);
      } else entries.set(path, `file ${stat.size} ${stat.mtimeMs} ${stat.mode.toString(8)}`);
    }
  };
  walk(root);
  return entries;
}
