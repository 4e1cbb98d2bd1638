import { DomainError } from '@lfc/common';
import type { CallerContext } from '@lfc/contracts';
import type { BlobObject, BlobStore } from '../../storage/blob-store';
import { describeTool } from '../tool-registry';
import { AnalyzeCodeTool } from './analyze-code.tool';

/** The analysis limit of these tests (LFC_ANALYZE_MAX_BYTES). */
const MAX_BYTES = 64 * 1024;

const caller: CallerContext = { keyId: 'key-1', userId: 'u1', role: 'user', tenant: 'user-u1' };

/** Only what analyze_code uses of a blob store: stat and get, over a map of keys. */
function memoryStore(files: Record<string, string | Buffer>, sizes: Record<string, number> = {}) {
  const reads: string[] = [];
  const objectOf = (key: string, body: Buffer): BlobObject => ({
    key,
    size: sizes[key] ?? body.length,
    contentType: 'text/plain',
    modifiedAt: new Date(0),
  });
  const store: Pick<BlobStore, 'stat' | 'get'> = {
    async stat(key) {
      const body = files[key];
      return body === undefined ? undefined : objectOf(key, Buffer.from(body));
    },
    async get(key) {
      reads.push(key);
      const body = files[key];
      return body === undefined ? undefined : { body: Buffer.from(body), object: objectOf(key, Buffer.from(body)) };
    },
  };
  return { store: store as BlobStore, reads };
}

function toolWith(files: Record<string, string | Buffer> = {}, sizes: Record<string, number> = {}) {
  const { store, reads } = memoryStore(files, sizes);
  return { tool: new AnalyzeCodeTool(store, { timeoutMs: 10_000, maxBytes: MAX_BYTES, maxHeapMb: 384 }), reads };
}

async function run(
  args: Record<string, unknown>,
  files: Record<string, string | Buffer> = {},
  sizes: Record<string, number> = {},
) {
  const { tool, reads } = toolWith(files, sizes);
  const parsed = tool.input.parse(args);
  const outcome = await tool.execute(parsed, { caller, signal: new AbortController().signal });
  if (!('structured' in outcome)) throw new Error('analyze_code must answer structured content');
  // What the executor does with every answer: validate it against the declared output schema.
  return { structured: tool.output?.parse(outcome.structured) as Record<string, unknown>, reads };
}

async function refusal(
  args: Record<string, unknown>,
  files: Record<string, string | Buffer> = {},
  sizes: Record<string, number> = {},
) {
  const error = await run(args, files, sizes).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const GO_SOURCE =
  'package main\n\n// TODO: flags\nfunc main() {\n\tif len(os.Args) > 1 && os.Args[1] == "-v" {\n\t\tprintln("v1")\n\t}\n}\n';

describe('analyze_code tool', () => {
  it('declares honest annotations and schemas the registry can publish', () => {
    const { tool } = toolWith();
    expect(tool.name).toBe('analyze_code');
    expect(tool.annotations).toEqual({
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    const descriptor = describeTool(tool);
    expect(descriptor.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(Object.keys(descriptor.inputSchema['properties'] as object)).toEqual([
      'path',
      'content',
      'filename',
      'language',
    ]);
    expect(descriptor.outputSchema).toMatchObject({ type: 'object' });
  });

  it('analyses inline content, detecting the language from the filename', async () => {
    const { structured, reads } = await run({ content: GO_SOURCE, filename: 'main.go' });
    expect(reads).toEqual([]);
    expect(structured).toEqual({
      bytes: Buffer.byteLength(GO_SOURCE),
      language: 'go',
      detectedBy: 'extension',
      analyzer: 'tree-sitter',
      lines: { total: 8, code: 6, comment: 1, blank: 1 },
      functions: [{ name: 'main', kind: 'function', line: 4, endLine: 8, complexity: 3 }],
      classes: [],
      imports: [],
      averageComplexity: 3,
      maxComplexity: 3,
      findings: [{ kind: 'TODO', line: 3, text: 'TODO: flags' }],
      counts: { functions: 1, classes: 0, imports: 0, findings: 1 },
      truncated: false,
    });
  });

  it('detects the language from inline content alone, or takes it from the language argument', async () => {
    expect((await run({ content: GO_SOURCE })).structured).toMatchObject({ language: 'go', detectedBy: 'content' });
    expect((await run({ content: 'x = 1\n', language: 'python' })).structured).toMatchObject({
      language: 'python',
      detectedBy: 'argument',
      analyzer: 'tree-sitter',
    });
  });

  it("reads a stored file from the caller's own prefix only", async () => {
    const { structured, reads } = await run(
      { path: 'src/app.py' },
      { 'tenants/user-u1/src/app.py': 'def f(x):\n    return x or 0\n', 'tenants/user-u2/src/app.py': 'other' },
    );
    expect(reads).toEqual(['tenants/user-u1/src/app.py']);
    expect(structured).toMatchObject({
      path: 'src/app.py',
      language: 'python',
      lines: { total: 2, code: 2, comment: 0, blank: 0 },
      functions: [{ name: 'f', kind: 'function', line: 1, endLine: 2, complexity: 2 }],
    });
  });

  it('answers not_found for a missing file, and refuses traversal and absolute paths', async () => {
    const missing = await refusal({ path: 'nope.ts' }, { 'tenants/user-u2/nope.ts': 'x' });
    expect(missing.code).toBe('not_found');
    expect(missing.message).toContain('nope.ts');
    for (const path of ['../user-u2/nope.ts', '/etc/passwd', 'a/%2e%2e/b', 'a\\b']) {
      const refused = await refusal({ path }, { 'tenants/user-u2/nope.ts': 'x' });
      expect(['validation_failed', 'forbidden']).toContain(refused.code);
      expect(refused.message).toContain('path');
    }
  });

  it('refuses a stored file larger than the analysis limit before reading it, naming the limit', async () => {
    const key = 'tenants/user-u1/big.ts';
    const { tool, reads } = toolWith({ [key]: 'x' }, { [key]: MAX_BYTES + 1 });
    await expect(
      tool.execute({ path: 'big.ts' }, { caller, signal: new AbortController().signal }),
    ).rejects.toMatchObject({
      code: 'payload_too_large',
      message: `big.ts is ${MAX_BYTES + 1} bytes; analyze_code takes at most ${MAX_BYTES} bytes`,
    });
    expect(reads).toEqual([]);
  });

  it('refuses inline content over the analysis limit in bytes of UTF-8, naming the limit', async () => {
    const refused = await refusal({ content: 'é'.repeat(MAX_BYTES / 2 + 1) });
    expect(refused.code).toBe('payload_too_large');
    expect(refused.message).toBe(`content is ${MAX_BYTES + 2} bytes; analyze_code takes at most ${MAX_BYTES} bytes`);
  });

  it('refuses binary files', async () => {
    const refused = await refusal(
      { path: 'image.png' },
      { 'tenants/user-u1/image.png': Buffer.from([0x89, 0x50, 0x00, 0x47]) },
    );
    expect(refused.code).toBe('validation_failed');
    expect(refused.message).toContain('binary');
  });

  it.each([
    ['both path and content', { path: 'a.ts', content: 'x' }, 'path'],
    ['neither path nor content', {}, 'content'],
    ['a filename with a path', { path: 'a.ts', filename: 'b.ts' }, 'filename'],
    ['a filename with a directory', { content: 'x', filename: '../etc/passwd' }, 'filename'],
    ['a filename with NUL', { content: 'x', filename: 'a\u0000.ts' }, 'filename must not contain NUL'],
    ['binary content', { content: 'a\u0000b' }, 'content'],
  ])('refuses %s with validation_failed naming the field', async (_case, args, field) => {
    const refused = await refusal(args);
    expect(refused.code).toBe('validation_failed');
    expect(refused.message).toContain(field);
  });

  it('rejects malformed arguments at the schema, naming the field', () => {
    const { tool } = toolWith();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ content: 'x', language: 'cobol' }, 'language'],
      [{ content: 'x', contents: 'typo' }, ''],
      [{ content: 42 }, 'content'],
      [{ path: '' }, 'path'],
      [{ content: 'x'.repeat(MAX_BYTES + 1) }, 'content'],
    ];
    for (const [args, field] of cases) {
      const parsed = tool.input.safeParse(args);
      expect(parsed.success).toBe(false);
      if (!parsed.success && field) expect(parsed.error.issues[0]?.path).toEqual([field]);
    }
  });

  it('does not start analysing for a caller that has already gone', async () => {
    const { tool } = toolWith();
    const controller = new AbortController();
    controller.abort();
    await expect(tool.execute({ content: 'x' }, { caller, signal: controller.signal })).rejects.toMatchObject({
      code: 'deadline_exceeded',
    });
  });

  it('cuts very long lists at 1000 entries but keeps exact totals', async () => {
    const content = Array.from({ length: 1200 }, (_, i) => `function f${i}() { return ${i}; } // TODO ${i}`).join('\n');
    const { structured } = await run({ content, filename: 'many.js' });
    expect((structured['functions'] as unknown[]).length).toBe(1000);
    expect((structured['findings'] as unknown[]).length).toBe(1000);
    expect(structured['counts']).toEqual({ functions: 1200, classes: 0, imports: 0, findings: 1200 });
    expect(structured['truncated']).toBe(true);
  });
});
