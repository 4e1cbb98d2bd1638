import { DomainError } from '@lfc/common';
import type { CallerContext } from '@lfc/contracts';
import { MemoryKeyValueStore } from '@lfc/kv';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFolderBlobStore } from '../../storage/local-folder.blob-store';
import { LocalPresigner } from '../../storage/local-presigner';
import { TenantQuota } from '../../storage/tenant-quota';
import type { ToolDefinition, ToolExecution } from '../tool-definition';
import { AppendFileTool } from './append-file.tool';
import { DeleteFileTool } from './delete-file.tool';
import type { FileLimits } from './file-policy';
import { ListFilesTool } from './list-files.tool';
import { PresignDownloadTool } from './presign-download.tool';
import { PresignUploadTool } from './presign-upload.tool';
import { ReadFileTool } from './read-file.tool';
import { StatFileTool } from './stat-file.tool';
import { StreamFilesTool } from './stream-files.tool';
import { WriteFileTool } from './write-file.tool';

const alice: CallerContext = { keyId: 'k1', userId: 'alice', role: 'user', tenant: 'user-alice' };
const bob: CallerContext = { keyId: 'k2', userId: 'bob', role: 'user', tenant: 'user-bob' };
const limits: FileLimits = {
  inlineMaxBytes: 64 * 1024,
  uploadMaxBytes: 256 * 1024,
  contentTypes: ['text/*', 'application/json', 'application/octet-stream'],
};

type Outcome =
  { ok: true; structured: Record<string, unknown>; text?: string } | { ok: false; code: string; message: string };

describe('file tools (local driver)', () => {
  let dir: string;
  let store: LocalFolderBlobStore;
  let tools: Map<string, ToolDefinition>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lfc-file-tools-'));
    store = new LocalFolderBlobStore(
      dir,
      new LocalPresigner('file-tools-spec-secret-of-32-characters', 'http://127.0.0.1:1'),
    );
    const quota = new TenantQuota(store, new MemoryKeyValueStore(), 1024 * 1024 * 1024);
    const fileTools: ToolDefinition[] = [
      new AppendFileTool(store, limits, quota),
      new DeleteFileTool(store, quota),
      new ListFilesTool(store),
      new PresignDownloadTool(store),
      new PresignUploadTool(store, limits, quota),
      new ReadFileTool(store, limits),
      new StatFileTool(store),
      new StreamFilesTool(store, limits),
      new WriteFileTool(store, limits, quota),
    ];
    tools = new Map(fileTools.map((tool) => [tool.name, tool]));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** What the call use case does: validate arguments, run, validate the output; errors become codes. */
  async function call(
    name: string,
    args: Record<string, unknown>,
    caller = alice,
    extra: Partial<ToolExecution> = {},
  ): Promise<Outcome> {
    const tool = tools.get(name);
    if (!tool) throw new Error(`no tool ${name}`);
    const parsed = tool.input.safeParse(args);
    if (!parsed.success) return { ok: false, code: 'invalid_arguments', message: parsed.error.message };
    try {
      const outcome = await tool.execute(parsed.data, { caller, signal: new AbortController().signal, ...extra });
      if (!('structured' in outcome)) throw new Error('file tools answer with structured data');
      const structured = (tool.output ? tool.output.parse(outcome.structured) : outcome.structured) as Record<
        string,
        unknown
      >;
      return { ok: true, structured, ...(outcome.text !== undefined ? { text: outcome.text } : {}) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, code: error.code, message: error.message };
      throw error;
    }
  }

  async function ok(name: string, args: Record<string, unknown>, caller = alice): Promise<Record<string, unknown>> {
    const outcome = await call(name, args, caller);
    if (!outcome.ok) throw new Error(`${name} failed: ${outcome.code} ${outcome.message}`);
    return outcome.structured;
  }

  it('declares honest annotations', () => {
    const hints = Object.fromEntries([...tools.values()].map((tool) => [tool.name, tool.annotations]));
    for (const name of ['read_file', 'list_files', 'stat_file', 'stream_files']) {
      expect(hints[name]).toMatchObject({ readOnlyHint: true, idempotentHint: true, destructiveHint: false });
    }
    expect(hints.delete_file).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(hints.write_file).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(hints.presign_upload).toMatchObject({ openWorldHint: false, readOnlyHint: false });
    expect(hints.presign_download).toMatchObject({ openWorldHint: false, readOnlyHint: true, idempotentHint: false });
    // Read-only or not, only answers that nothing but a tool's write can change are cacheable.
    expect(
      [...tools.values()]
        .filter((tool) => tool.cacheable)
        .map((tool) => tool.name)
        .sort(),
    ).toEqual(['list_files', 'read_file', 'stat_file']);
  });

  it('round-trips write → list → read → append → read → delete', async () => {
    expect(await ok('write_file', { path: 'notes/today.md', content: '# Today\n' })).toMatchObject({
      path: 'notes/today.md',
      size: 8,
      contentType: 'text/markdown; charset=utf-8',
    });
    const listing = await ok('list_files', { path: 'notes' });
    expect(listing.files).toEqual([expect.objectContaining({ path: 'notes/today.md', name: 'today.md', size: 8 })]);
    expect((await ok('list_files', {})).directories).toEqual([{ path: 'notes', name: 'notes' }]);

    const read = await call('read_file', { path: 'notes/today.md' });
    expect(read).toMatchObject({
      ok: true,
      text: '# Today\n',
      structured: { content: '# Today\n', range: { start: 0, end: 7 } },
    });
    expect(await ok('append_file', { path: 'notes/today.md', content: '- ship it\n' })).toMatchObject({
      size: 18,
      appendedBytes: 10,
      created: false,
    });
    expect((await ok('read_file', { path: 'notes/today.md' })).content).toBe('# Today\n- ship it\n');
    expect((await ok('read_file', { path: 'notes/today.md', range: { start: 2, end: 6 } })).content).toBe('Today');

    expect(await ok('delete_file', { path: 'notes/today.md' })).toEqual({ path: 'notes/today.md', deleted: true });
    expect(await ok('stat_file', { path: 'notes/today.md' })).toEqual({ path: 'notes/today.md', exists: false });
    expect(await call('read_file', { path: 'notes/today.md' })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await ok('delete_file', { path: 'notes/today.md' })).toMatchObject({ deleted: false });
  });

  it('refuses every tenant-escape attempt, in every file tool', async () => {
    await ok('write_file', { path: 'secret.txt', content: "bob's" }, bob);
    const attempts = [
      '../user-bob/secret.txt',
      '%2e%2e/user-bob/secret.txt',
      '..%2fuser-bob%2fsecret.txt',
      '/tenants/user-bob/secret.txt',
      '..\\user-bob\\secret.txt',
      'a/../../user-bob/secret.txt',
      'x\u0000.txt',
    ];
    for (const path of attempts) {
      for (const [name, args] of [
        ['read_file', { path }],
        ['write_file', { path, content: 'x' }],
        ['append_file', { path, content: 'x' }],
        ['stat_file', { path }],
        ['delete_file', { path }],
        ['stream_files', { path }],
        ['list_files', { path }],
        ['presign_download', { path }],
        ['presign_upload', { path, content_type: 'text/plain', size: 1 }],
      ] as const) {
        const outcome = await call(name, args);
        expect({ name, path, ok: outcome.ok }).toEqual({ name, path, ok: false });
        if (!outcome.ok) expect(['forbidden', 'validation_failed']).toContain(outcome.code);
      }
    }
    // "tenants/user-bob/…" written by Alice is a folder of her own, not Bob's file.
    expect(await ok('stat_file', { path: 'tenants/user-bob/secret.txt' })).toMatchObject({ exists: false });
    expect((await ok('read_file', { path: 'secret.txt' }, bob)).content).toBe("bob's");
    expect(await ok('stat_file', { path: 'secret.txt' })).toMatchObject({ exists: false });
  });

  it('refuses a write that is too large or of a refused type, leaving the old file intact', async () => {
    await ok('write_file', { path: 'keep.txt', content: 'precious' });
    const tooBig = await call('write_file', { path: 'keep.txt', content: 'x'.repeat(limits.inlineMaxBytes + 1) });
    expect(tooBig).toMatchObject({ ok: false, code: 'payload_too_large' });
    const wrongType = await call('write_file', { path: 'keep.txt', content: '<svg/>', content_type: 'image/svg+xml' });
    expect(wrongType).toMatchObject({ ok: false, code: 'unsupported_media_type' });
    const badBase64 = await call('write_file', { path: 'keep.txt', content: 'not base64!', encoding: 'base64' });
    expect(badBase64).toMatchObject({ ok: false, code: 'validation_failed' });
    const headerInjection = await call('write_file', {
      path: 'keep.txt',
      content: 'x',
      content_type: 'text/plain\r\nx-evil: 1',
    });
    expect(headerInjection).toMatchObject({ ok: false, code: 'validation_failed' });
    const appendTooBig = await call('append_file', {
      path: 'keep.txt',
      content: 'x'.repeat(limits.inlineMaxBytes + 1),
    });
    expect(appendTooBig).toMatchObject({ ok: false, code: 'payload_too_large' });
    expect((await ok('read_file', { path: 'keep.txt' })).content).toBe('precious');
  });

  it('bounds what a read sends, not only what it reads: control characters take 6 bytes each as JSON', async () => {
    // A sixth of the limit in bytes, but more than the limit once escaped.
    const controls = Buffer.alloc(Math.ceil(limits.inlineMaxBytes / 5), 0x01);
    await ok('write_file', { path: 'controls.bin', content: controls.toString('base64'), encoding: 'base64' });
    const asText = await call('read_file', { path: 'controls.bin' });
    expect(asText).toMatchObject({ ok: false, code: 'payload_too_large' });
    if (!asText.ok) expect(asText.message).toMatch(/as JSON text.*encoding "base64"/);
    expect(await ok('read_file', { path: 'controls.bin', encoding: 'base64' })).toMatchObject({
      content: controls.toString('base64'),
    });
    // Ordinary text as large as the limit still reads.
    await ok('write_file', { path: 'plain.txt', content: 'line of text\n'.repeat(limits.inlineMaxBytes / 16) });
    expect((await call('read_file', { path: 'plain.txt' })).ok).toBe(true);
  });

  it('reads nothing from an empty file from byte 0, as the range rules say', async () => {
    await ok('write_file', { path: 'empty.txt', content: '' });
    for (const range of [{ start: 0 }, { start: 0, end: 0 }])
      expect(await ok('read_file', { path: 'empty.txt', range })).toMatchObject({ content: '', size: 0 });
  });

  it('loses no append of several at once, whether they create the file or grow it: each lands or is a conflict', async () => {
    let landed = 0;
    // The first round creates the file, the second grows it.
    for (const round of [1, 2]) {
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          call('append_file', { path: 'race.log', content: `${round}.${index}\n` }),
        ),
      );
      for (const outcome of outcomes) if (!outcome.ok) expect(outcome.code).toBe('conflict');
      landed += outcomes.filter((outcome) => outcome.ok).length;
    }
    const read = await ok('read_file', { path: 'race.log' });
    expect(String(read.content).split('\n').filter(Boolean)).toHaveLength(landed);
  });

  it('appends to a file larger than one call may carry without reading it into memory', async () => {
    const existing = Buffer.alloc(limits.inlineMaxBytes * 2, 'a');
    await store.put('tenants/user-alice/big.log', existing, 'text/plain');
    const get = jest.spyOn(store, 'get');
    try {
      expect(await ok('append_file', { path: 'big.log', content: 'end\n' })).toMatchObject({
        size: existing.length + 4,
        appendedBytes: 4,
        created: false,
      });
      expect(get).not.toHaveBeenCalled();
    } finally {
      get.mockRestore();
    }
    expect((await store.get('tenants/user-alice/big.log', { start: existing.length - 1 }))?.body.toString()).toBe(
      'aend\n',
    );
  });

  it('refuses bad arguments with a message naming the field', async () => {
    expect(await call('read_file', {})).toMatchObject({ ok: false, code: 'invalid_arguments' });
    expect(await call('read_file', { path: 'a.txt', encoding: 'latin1' })).toMatchObject({
      ok: false,
      code: 'invalid_arguments',
    });
    expect(await call('read_file', { path: 'a.txt', range: { start: 5, end: 2 } })).toMatchObject({
      ok: false,
      code: 'invalid_arguments',
    });
    expect(await call('list_files', { limit: 0 })).toMatchObject({ ok: false, code: 'invalid_arguments' });
    expect(await call('list_files', { cursor: 'bm90LW1pbmU' })).toMatchObject({ ok: false, code: 'validation_failed' });
    expect(
      await call('presign_upload', {
        path: 'a.bin',
        content_type: 'application/octet-stream',
        size: limits.uploadMaxBytes + 1,
      }),
    ).toMatchObject({
      ok: false,
      code: 'invalid_arguments',
    });
    expect(
      await call('presign_upload', {
        path: 'a.bin',
        content_type: 'application/octet-stream',
        size: 1,
        expires_in_seconds: 3601,
      }),
    ).toMatchObject({
      ok: false,
      code: 'invalid_arguments',
    });
    expect(
      await call('presign_upload', { path: 'a.html', content_type: 'application/x-msdownload', size: 1 }),
    ).toMatchObject({
      ok: false,
      code: 'unsupported_media_type',
    });
  });

  it('reads binary as base64 and refuses to mangle non-UTF-8 bytes as text', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xc3]);
    await ok('write_file', { path: 'raw.bin', content: bytes.toString('base64'), encoding: 'base64' });
    expect(await ok('stat_file', { path: 'raw.bin' })).toMatchObject({
      exists: true,
      size: 3,
      contentType: 'application/octet-stream',
    });
    expect((await ok('read_file', { path: 'raw.bin', encoding: 'base64' })).content).toBe(bytes.toString('base64'));
    expect(await call('read_file', { path: 'raw.bin' })).toMatchObject({ ok: false, code: 'validation_failed' });
    expect(await call('read_file', { path: 'raw.bin', range: { start: 3 } })).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
  });

  it('refuses inline reads over the limit before loading them', async () => {
    await store.put('tenants/user-alice/big.txt', Buffer.alloc(limits.inlineMaxBytes + 10, 'a'), 'text/plain');
    expect(await call('read_file', { path: 'big.txt' })).toMatchObject({ ok: false, code: 'payload_too_large' });
    expect((await ok('read_file', { path: 'big.txt', range: { start: 0, end: 9 } })).content).toBe('a'.repeat(10));
  });

  it('lists with pagination that visits every file once', async () => {
    for (let index = 0; index < 7; index += 1)
      await ok('write_file', { path: `paged/f${index}.txt`, content: String(index) });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await ok('list_files', { path: 'paged/', limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...(page.files as Array<{ name: string }>).map((file) => file.name));
      cursor = page.nextCursor as string | undefined;
    } while (cursor);
    expect(seen).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt', 'f5.txt', 'f6.txt']);
  });

  it('streams a file in chunks with progress, never splitting a UTF-8 character', async () => {
    const text = 'é'.repeat(3000); // 6000 bytes of two-byte characters
    await ok('write_file', { path: 'stream.txt', content: text });
    const progress: Array<[number, number | undefined]> = [];
    const outcome = await call('stream_files', { path: 'stream.txt', chunk_size: 1025 }, alice, {
      progress: (done, total) => progress.push([done, total]),
    });
    if (!outcome.ok) throw new Error(outcome.message);
    const chunks = outcome.structured.chunks as Array<{ offset: number; length: number; content: string }>;
    expect(chunks.length).toBe(6);
    expect(chunks.every((chunk) => chunk.length % 2 === 0)).toBe(true);
    expect(chunks.map((chunk) => chunk.content).join('')).toBe(text);
    expect(outcome.structured).toMatchObject({ complete: true, bytesRead: 6000 });
    expect(progress[progress.length - 1]).toEqual([6000, 6000]);

    const partial = await ok('stream_files', { path: 'stream.txt', max_bytes: 1001, chunk_size: 1024 });
    expect(partial).toMatchObject({ complete: false, bytesRead: 1000, nextOffset: 1000 });
    const rest = await ok('stream_files', { path: 'stream.txt', offset: 1000, chunk_size: 4096 });
    expect(rest).toMatchObject({ complete: true, bytesRead: 5000 });
  });

  it('stops streaming when cancelled', async () => {
    await store.put('tenants/user-alice/cancel.bin', Buffer.alloc(40 * 1024, 1), 'application/octet-stream');
    const controller = new AbortController();
    const outcome = await call('stream_files', { path: 'cancel.bin', chunk_size: 1024, encoding: 'base64' }, alice, {
      signal: controller.signal,
      progress: (done) => {
        if (done >= 4096) controller.abort();
      },
    });
    expect(outcome).toMatchObject({ ok: false, code: 'deadline_exceeded' });
  });

  it('presigns uploads and downloads inside the caller’s space only', async () => {
    const upload = await ok('presign_upload', {
      path: 'up/data.json',
      content_type: 'application/json',
      size: 20,
      expires_in_seconds: 120,
    });
    expect(upload).toMatchObject({
      path: 'up/data.json',
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'content-length': '20' },
    });
    expect(Date.parse(upload.expiresAt as string) - Date.now()).toBeLessThanOrEqual(120_000);
    expect(await call('presign_download', { path: 'up/data.json' })).toMatchObject({ ok: false, code: 'not_found' });
    await ok('write_file', { path: 'up/data.json', content: '{}' });
    expect(await ok('presign_download', { path: 'up/data.json' })).toMatchObject({
      method: 'GET',
      size: 2,
      contentType: 'application/json',
    });
  });

  it('asks before deleting, overwriting or presigning over a stored file, and never about a new one', async () => {
    const ask = (name: string, args: Record<string, unknown>, caller = alice) => {
      const tool = tools.get(name);
      if (!tool?.confirmation) throw new Error(`${name} asks nothing`);
      return tool.confirmation(tool.input.parse(args), { caller, signal: new AbortController().signal });
    };
    const upload = { content_type: 'text/plain', size: 3 };
    expect(await ask('delete_file', { path: 'confirm/absent.txt' })).toBeUndefined();
    expect(await ask('write_file', { path: 'confirm/absent.txt', content: 'abc' })).toBeUndefined();
    expect(await ask('presign_upload', { path: 'confirm/absent.txt', ...upload })).toBeUndefined();
    await call('write_file', { path: 'confirm/kept.txt', content: 'hello' });
    expect(await ask('delete_file', { path: 'confirm/kept.txt' })).toBe(
      'Delete confirm/kept.txt (5 bytes) from your file space? This cannot be undone.',
    );
    expect(await ask('write_file', { path: 'confirm/kept.txt', content: 'abc' })).toBe(
      'Overwrite confirm/kept.txt (5 bytes)? Its current content will be lost.',
    );
    expect(await ask('presign_upload', { path: 'confirm/kept.txt', ...upload })).toMatch(
      /^Issue an upload URL that will replace confirm\/kept.txt \(5 bytes\)/,
    );
    // Another tenant's file of the same name is not there for bob.
    expect(await ask('delete_file', { path: 'confirm/kept.txt' }, bob)).toBeUndefined();
    expect(
      ['append_file', 'read_file', 'list_files'].filter((name) => tools.get(name)?.confirmation !== undefined),
    ).toEqual([]);
  });
});
