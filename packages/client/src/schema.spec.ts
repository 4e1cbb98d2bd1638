import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GENERATOR = join(__dirname, '..', 'scripts', 'generate-schema.mjs');
const DOCUMENT = join(__dirname, '..', '..', '..', 'docs', 'openapi.json');

/** Runs the generator's check (openapi-typescript's Node API, in memory) against a document. */
function check(document: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [GENERATOR, '--check', document], (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), output: `${stdout}${stderr}` });
    });
  });
}

// Two renderings of a 4,000-line schema in child processes: seconds, not milliseconds.
jest.setTimeout(120_000);

describe('src/schema.ts', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'lfc-client-schema-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is what openapi-typescript makes of docs/openapi.json, and a changed document is drift', async () => {
    const changed = JSON.parse(readFileSync(DOCUMENT, 'utf8'));
    delete changed.paths['/api/v1/cost/summary'];
    writeFileSync(join(scratch, 'openapi.json'), JSON.stringify(changed));
    const [current, drifted] = await Promise.all([check(DOCUMENT), check(join(scratch, 'openapi.json'))]);
    expect(current).toEqual({ code: 0, output: '' });
    expect(drifted.code).toBe(1);
    expect(drifted.output).toContain('run `npm run client:generate`');
  });
});
