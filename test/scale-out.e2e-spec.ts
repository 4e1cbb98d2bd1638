import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './support/processes';
import { REDIS_URL, TestDatabase, createTestDatabase } from './support/suite';

jest.setTimeout(180_000);

interface Row {
  replicas: number;
  load: string;
  requests: number;
  failed: number;
  gatewayRequests: number[];
  executorRequests: number[];
}

/** Runs bench/scale-out.mjs with `--json` and returns its exit code, its rows and what it wrote to stderr. */
function runBench(env: NodeJS.ProcessEnv): Promise<{ code: number | null; rows: Row[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench', 'scale-out.mjs'), '--json'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      resolve({ code, rows: line.startsWith('{') ? (JSON.parse(line) as { rows: Row[] }).rows : [], stderr });
    });
  });
}

describe('scale-out: two gateways and two tool-executors behind round-robin fronts (bench/scale-out.mjs)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('serves a few hundred MCP session calls and facade calls with none failed, every replica taking part', async () => {
    const { code, rows, stderr } = await runBench({
      LFC_BENCH_DATABASE_URL: database.url,
      LFC_BENCH_REDIS_URL: REDIS_URL,
      LFC_BENCH_REPLICAS: '2',
      LFC_BENCH_REQUESTS: '300',
      LFC_BENCH_CONNECTIONS: '20',
    });
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(rows.map((row) => row.load)).toEqual([
      'POST /mcp tools/call ping (one session)',
      'POST /api/v1/tools/call ping (facade)',
    ]);
    for (const row of rows) {
      expect({ load: row.load, replicas: row.replicas, requests: row.requests, failed: row.failed }).toEqual({
        load: row.load,
        replicas: 2,
        requests: 300,
        failed: 0,
      });
      // Each replica counts what it served itself (gateways the load's route, executors tool calls): all four took part.
      expect(row.gatewayRequests).toHaveLength(2);
      expect(row.executorRequests).toHaveLength(2);
      for (const served of [...row.gatewayRequests, ...row.executorRequests]) expect(served).toBeGreaterThan(0);
      // Every call the gateways served reached an executor once.
      const sum = (counts: number[]) => counts.reduce((total, served) => total + served, 0);
      expect(sum(row.gatewayRequests)).toBeGreaterThanOrEqual(300);
      expect(sum(row.executorRequests)).toBe(sum(row.gatewayRequests));
    }
  });
});
