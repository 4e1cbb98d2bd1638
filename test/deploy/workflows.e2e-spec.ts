import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, listFiles } from './tools';

interface Step {
  name?: string;
  'working-directory'?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  environment?: string | { name: string };
  services?: Record<string, { image: string }>;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const folder = join(ROOT, '.github', 'workflows');
const load = (file: string) => parse(readFileSync(join(folder, file), 'utf8')) as Workflow;
const runs = (job: Job | undefined) => (job?.steps ?? []).map((step) => step.run ?? '').join('\n');
const uses = (job: Job | undefined) => (job?.steps ?? []).map((step) => step.uses ?? '');
const needs = (job: Job | undefined) => [job?.needs ?? []].flat();

describe('.github', () => {
  it('has the build, security, release, SDK release and deploy workflows, each well-formed', () => {
    expect(listFiles(folder, '.yml')).toEqual(expect.arrayContaining(['build.yml', 'security.yml', 'release.yml', 'release-sdks.yml', 'deploy.yml']));
    for (const file of listFiles(folder, '.yml')) {
      const workflow = load(file);
      expect(workflow.name).toEqual(expect.any(String));
      expect(Object.keys(workflow.on).length).toBeGreaterThan(0);
      for (const [id, job] of Object.entries(workflow.jobs)) {
        expect({ file, id, steps: Array.isArray(job.steps) && job.steps.length > 0 }).toEqual({ file, id, steps: true });
        for (const dependency of needs(job)) expect(Object.keys(workflow.jobs)).toContain(dependency);
        for (const step of job.steps) if (step.uses && !step.uses.startsWith('./')) expect(step.uses).toMatch(/@v?\d/);
      }
    }
  });

  it('build.yml: on push and PR — install, lint, typecheck, tests with PostgreSQL and Redis, coverage upload, chart lint', () => {
    const build = load('build.yml');
    expect(build.on).toHaveProperty('push');
    expect(build.on).toHaveProperty('pull_request');
    const all = Object.values(build.jobs);
    const text = all.map(runs).join('\n');
    expect(text).toContain('npm ci');
    expect(text).toMatch(/npm run lint(?! --if-present)/);
    // The step is real: the project defines the script, on ESLint's flat config.
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.lint).toMatch(/^eslint /);
    expect(readFileSync(join(ROOT, 'eslint.config.mjs'), 'utf8')).toContain('strictTypeChecked');
    expect(text).toContain('npm run typecheck');
    expect(text).toMatch(/jest --coverage/);
    const test = build.jobs.test!;
    expect(test.services?.postgres?.image).toMatch(/^postgres:15/);
    expect(test.services?.redis?.image).toMatch(/^redis:7/);
    expect(uses(test).some((action) => action.startsWith('codecov/codecov-action'))).toBe(true);
    expect(runs(build.jobs.chart)).toContain('jest test/deploy');
  });

  it('security.yml: npm audit at high, CodeQL, Trivy image scan, secret scan', () => {
    const security = load('security.yml');
    expect(security.on).toHaveProperty('schedule');
    expect(security.on).toHaveProperty('pull_request');
    // The whole tree: dev dependencies run in CI and build the image too.
    expect(runs(security.jobs['npm-audit'])).toMatch(/^npm audit --audit-level=high$/m);
    expect(uses(security.jobs.codeql)).toEqual(expect.arrayContaining([expect.stringMatching(/^github\/codeql-action\/init@/), expect.stringMatching(/^github\/codeql-action\/analyze@/)]));
    expect(uses(security.jobs.trivy).filter((action) => action.startsWith('aquasecurity/trivy-action')).length).toBeGreaterThan(0);
    expect(uses(security.jobs['secret-scan']).some((action) => /gitleaks|trufflehog/.test(action))).toBe(true);
  });

  it('release.yml: on v* tags — image to GHCR with version tag and digest, chart pushed as OCI, changelog', () => {
    const release = load('release.yml');
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
    const image = release.jobs.image!;
    expect(uses(image)).toEqual(expect.arrayContaining([expect.stringMatching(/^docker\/build-push-action@/), expect.stringMatching(/^docker\/login-action@/)]));
    const login = image.steps.find((step) => step.uses?.startsWith('docker/login-action'));
    expect(login?.with?.registry).toBe('ghcr.io');
    expect(JSON.stringify(image)).toContain('steps.build.outputs.digest');
    expect(JSON.stringify(image)).toContain('type=semver,pattern={{version}}');
    expect(runs(release.jobs.chart)).toMatch(/helm package/);
    expect(runs(release.jobs.chart)).toMatch(/helm push .*oci:\/\/|helm push .*\$CHART_REPO/);
    expect(JSON.stringify(release)).toContain('oci://');
    expect(uses(release.jobs.changelog).some((action) => /git-cliff|changelog/.test(action))).toBe(true);
    expect(readFileSync(join(folder, 'release.yml'), 'utf8')).toMatch(/ECR/);
  });

  it('release-sdks.yml: on sdk-v* tags — PyPI by trusted publishing, the Go module tag, the npm package with provenance', () => {
    const release = load('release-sdks.yml');
    expect(release.on).toEqual({ push: { tags: ['sdk-v*'] } });
    const { version, python, pypi, go, npm } = release.jobs;
    // Nothing is published before the versions are checked.
    for (const job of [python, go, npm]) expect(needs(job)).toContain('version');
    expect(needs(pypi)).toContain('python');

    // The check can pass: every package names one version, which the check's patterns find.
    const file = (path: string) => readFileSync(join(ROOT, path), 'utf8');
    const versions = [
      /^version = "(.+)"$/m.exec(file('clients/python/pyproject.toml'))?.[1],
      /^__version__ = "(.+)"$/m.exec(file('clients/python/src/langflow_connect/_version.py'))?.[1],
      /^const Version = "(.+)"$/m.exec(file('clients/go/client.go'))?.[1],
      (JSON.parse(file('packages/client/package.json')) as { version: string }).version,
    ];
    expect(new Set(versions)).toEqual(new Set([expect.stringMatching(/^\d+\.\d+\.\d+/)]));
    for (const path of ['clients/python/pyproject.toml', 'clients/python/src/langflow_connect/_version.py', 'clients/go/client.go']) {
      expect(runs(version)).toContain(path);
    }

    expect(runs(python)).toMatch(/python -m build clients\/python/);
    expect(runs(python)).toMatch(/twine check --strict/);
    expect(runs(python)).toMatch(/mypy --strict clients\/python\/src\/langflow_connect/);
    // Trusted publishing: an OIDC token of the protected environment, no stored password.
    const publish = pypi!.steps.find((step) => step.uses?.startsWith('pypa/gh-action-pypi-publish@'));
    expect(publish?.with ?? {}).not.toHaveProperty('password');
    expect(pypi?.permissions).toEqual({ 'id-token': 'write' });
    expect(pypi?.environment).toMatchObject({ name: 'pypi' });

    expect(uses(go)).toEqual(expect.arrayContaining([expect.stringMatching(/^actions\/setup-go@/)]));
    expect(runs(go)).toMatch(/go vet .*go test/);
    expect(runs(go)).toMatch(/git tag "\$MODULE_TAG"/);
    expect(runs(go)).toMatch(/git push origin "refs\/tags\/\$MODULE_TAG"/);
    expect(JSON.stringify(go)).toContain('clients/go/v${{ needs.version.outputs.version }}');
    expect(go?.permissions).toEqual({ contents: 'write' });
    expect(file('clients/go/go.mod')).toMatch(/^module github\.com\/langflow-connect\/langflow-connect\/clients\/go$/m);

    // The TypeScript SDK is built and published from its own folder, after the root's npm ci.
    const inClient = (command: RegExp) =>
      npm?.steps.find((step) => command.test(step.run ?? ''))?.['working-directory'];
    expect(runs(npm)).toMatch(/^npm ci$/m);
    expect(runs(npm)).toMatch(/generate-schema\.mjs --check/);
    expect(inClient(/^npm run build$/)).toBe('packages/client');
    expect(inClient(/^npm publish --provenance --access public$/)).toBe('packages/client');
    expect(runs(npm)).toContain("require('./packages/client/package.json').version");
    expect(npm?.permissions).toMatchObject({ 'id-token': 'write' });
  });

  it('deploy.yml: atomic helm upgrade to staging, smoke test, then production behind a protected environment', () => {
    const deploy = load('deploy.yml');
    expect(deploy.on).toHaveProperty('workflow_dispatch');
    const { staging, smoke, production } = deploy.jobs;
    for (const job of [staging, production]) {
      expect(runs(job)).toMatch(/helm upgrade --install/);
      expect(runs(job)).toContain('--atomic');
      expect(runs(job)).toContain('--wait');
    }
    expect(needs(smoke)).toContain('staging');
    expect(needs(production)).toContain('smoke');
    expect(production?.environment).toMatchObject({ name: 'production' });
    expect(runs(smoke)).toMatch(/curl .*\/mcp|\/mcp"/);
    expect(readFileSync(join(folder, 'deploy.yml'), 'utf8')).toMatch(/rollback/i);
  });

  it('dependabot.yml covers npm, GitHub Actions and the Docker base image', () => {
    const dependabot = parse(readFileSync(join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as { version: number; updates: { 'package-ecosystem': string }[] };
    expect(dependabot.version).toBe(2);
    expect(dependabot.updates.map((update) => update['package-ecosystem']).sort()).toEqual(['docker', 'github-actions', 'npm']);
  });
});
