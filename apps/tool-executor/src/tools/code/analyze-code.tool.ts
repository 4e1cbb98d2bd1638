import { DomainError } from '@lfc/common';
import { Inject } from '@nestjs/common';
import { z } from 'zod';
import type { TouchedObjects } from '../../cache/cache-tags';
import { BlobStore } from '../../storage/blob-store';
import { tenantKey } from '../../storage/tenant-paths';
import { Tool, ToolDefinition, ToolExecution, ToolOutcome } from '../tool-definition';
import { AnalysisLimits, AnalysisRunner } from './analysis-runner';
import { LANGUAGES, type Language } from './languages';
import { FINDING_KINDS } from './lines';
import { CLASS_KINDS, FUNCTION_KINDS } from './structure';

/** Worker threads analysing for every tenant of this executor. */
const ANALYSIS_WORKERS = 2;
/**
 * A worker holding more than this after a job (V8 heap plus tree-sitter's WASM memory) is replaced.
 * One with the compiler and every grammar loaded holds about 100 MiB and stays there on ordinary
 * files; a file of a few hundred KiB takes it past this, and only a fresh worker gives that back.
 */
const RECYCLE_ABOVE_BYTES = 256 * 1024 * 1024;
/** Analyses one tenant may have waiting for a worker. */
export const MAX_QUEUED_PER_TENANT = 16;
/** Injection token of analyze_code's limits (LFC_CODE_ANALYSIS_TIMEOUT_MS, LFC_ANALYZE_MAX_BYTES, LFC_CODE_ANALYSIS_MAX_HEAP_MB). */
export const ANALYSIS_LIMITS = Symbol('ANALYSIS_LIMITS');

const ANALYZABLE = LANGUAGES.filter((language): language is Exclude<Language, 'unknown'> => language !== 'unknown');

const inputSchema = (maxBytes: number) =>
  z
    .object({
      path: z
        .string()
        .min(1)
        .max(1024)
        .optional()
        .describe('A file in your file space to analyse, e.g. "src/server.ts"'),
      content: z
        .string()
        .max(maxBytes)
        .optional()
        .describe(`Source text to analyse instead of a stored file (at most ${maxBytes} bytes of UTF-8)`),
      filename: z
        .string()
        .min(1)
        .max(255)
        .optional()
        .describe('Name of the inline content (e.g. "main.go"); its extension helps detect the language'),
      language: z
        .enum(ANALYZABLE as [Exclude<Language, 'unknown'>, ...Array<Exclude<Language, 'unknown'>>])
        .optional()
        .describe('Analyse as this language instead of detecting it'),
    })
    .strict();
type Input = ReturnType<typeof inputSchema>;

const outputSchema = z.object({
  path: z.string().optional().describe('The analysed stored file, as you named it'),
  language: z.enum(LANGUAGES),
  detectedBy: z.enum(['argument', 'extension', 'filename', 'shebang', 'content', 'none']),
  analyzer: z
    .enum(['typescript-compiler', 'tree-sitter', 'lines-only'])
    .describe('How functions and complexity were found: the TypeScript compiler, a tree-sitter grammar, or not at all'),
  bytes: z.number().int().nonnegative(),
  lines: z.object({
    total: z.number().int().nonnegative(),
    code: z.number().int().nonnegative(),
    comment: z.number().int().nonnegative(),
    blank: z.number().int().nonnegative(),
  }),
  functions: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(FUNCTION_KINDS),
      parent: z.string().optional().describe('Enclosing class, or enclosing function for a nested one'),
      line: z.number().int().positive(),
      endLine: z.number().int().positive(),
      complexity: z.number().int().positive().describe('Cyclomatic complexity: 1 + decision points'),
    }),
  ),
  classes: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(CLASS_KINDS),
      line: z.number().int().positive(),
      endLine: z.number().int().positive(),
      methods: z.array(z.string()),
    }),
  ),
  imports: z.array(
    z.object({
      module: z.string().describe('Module, package, header or file, as written, without quotes'),
      line: z.number().int().positive(),
    }),
  ),
  averageComplexity: z.number().nonnegative(),
  maxComplexity: z.number().int().nonnegative(),
  findings: z.array(z.object({ kind: z.enum(FINDING_KINDS), line: z.number().int().positive(), text: z.string() })),
  counts: z
    .object({
      functions: z.number().int(),
      classes: z.number().int(),
      imports: z.number().int(),
      findings: z.number().int(),
    })
    .describe('Totals before any list was cut'),
  truncated: z.boolean().describe('A list was cut at 1000 entries'),
});

function refuse(message: string): never {
  throw new DomainError('validation_failed', message);
}

function tooLarge(what: string, bytes: number, maxBytes: number): never {
  throw new DomainError('payload_too_large', `${what} is ${bytes} bytes; analyze_code takes at most ${maxBytes} bytes`);
}

/** Text files only: a NUL byte in the first 8 KiB means binary (as git and grep decide). */
function assertText(body: string, what: string): void {
  if (body.slice(0, 8192).includes('\u0000'))
    refuse(`${what} looks binary (it contains NUL bytes); only source text can be analysed`);
}

@Tool()
export class AnalyzeCodeTool implements ToolDefinition<Input, typeof outputSchema> {
  readonly name = 'analyze_code';
  readonly title = 'Analyze code';
  readonly description: string;
  readonly input: Input;
  /** The original LangFlow Connect server's name for `path`. */
  readonly deprecatedArguments = { file_path: 'path' };
  readonly output = outputSchema;
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  readonly cacheable = true;
  private readonly maxBytes: number;
  private readonly runner: AnalysisRunner;

  constructor(
    private readonly blobStore: BlobStore,
    @Inject(ANALYSIS_LIMITS) limits: AnalysisLimits,
  ) {
    const { maxBytes } = limits;
    this.maxBytes = maxBytes;
    this.runner = new AnalysisRunner({
      timeoutMs: limits.timeoutMs,
      poolSize: ANALYSIS_WORKERS,
      maxQueuedPerTenant: MAX_QUEUED_PER_TENANT,
      maxHeapMb: limits.maxHeapMb,
      recycleAboveBytes: RECYCLE_ABOVE_BYTES,
    });
    this.description =
      'Static analysis of one source file, stored in your file space (path) or given inline (content, optional filename): ' +
      'language (from extension and content), lines of code/comment/blank, functions and classes with line ranges, ' +
      'imports, cyclomatic complexity per function (average and maximum), and TODO/FIXME/HACK/XXX comments with line numbers. ' +
      'TypeScript and JavaScript are parsed with the TypeScript compiler; Python, Go, Java, Kotlin, Swift, Scala, Rust, ' +
      'C, C++, C#, Ruby, PHP and shell with tree-sitter grammars; other formats get line counts and findings. ' +
      `At most ${maxBytes} bytes; analyses run one at a time per caller while others wait.`;
    this.input = inputSchema(maxBytes);
  }

  objects(args: z.infer<Input>): TouchedObjects {
    return { reads: args.path === undefined ? [] : [args.path] };
  }

  async execute(
    args: z.infer<Input>,
    { caller, signal }: ToolExecution,
  ): Promise<ToolOutcome<z.infer<typeof outputSchema>>> {
    const { maxBytes } = this;
    if (args.path !== undefined && args.content !== undefined) refuse('give either path or content, not both');
    if (args.path === undefined && args.content === undefined) {
      refuse('path (a file in your file space) or content (inline source text) is required');
    }

    let text: string;
    let bytes: number;
    let fileName: string | undefined;
    if (args.content !== undefined) {
      bytes = Buffer.byteLength(args.content, 'utf8');
      if (bytes > maxBytes) tooLarge('content', bytes, maxBytes);
      if (args.filename !== undefined && /[\u0000-\u001f\u007f]/.test(args.filename))
        refuse('filename must not contain NUL or control characters');
      if (args.filename !== undefined && /[/\\]/.test(args.filename))
        refuse('filename must be a bare file name without / or \\');
      assertText(args.content, 'content');
      text = args.content;
      fileName = args.filename;
    } else {
      if (args.filename !== undefined)
        refuse('filename is only for inline content; the path already names the stored file');
      const path = args.path as string;
      const key = tenantKey(caller.tenant, path);
      const object = await this.blobStore.stat(key);
      if (!object) throw new DomainError('not_found', `No file at ${path}`);
      // Size first: an oversized file is refused before a byte of it is loaded.
      if (object.size > maxBytes) tooLarge(path, object.size, maxBytes);
      const read = await this.blobStore.get(key);
      if (!read) throw new DomainError('not_found', `No file at ${path}`);
      // The file may have grown between stat and read.
      if (read.body.length > maxBytes) tooLarge(path, read.body.length, maxBytes);
      bytes = read.body.length;
      text = read.body.toString('utf8');
      assertText(text, path);
      fileName = path;
    }
    // Do not start an analysis for a caller that has already gone.
    if (signal.aborted)
      throw new DomainError('deadline_exceeded', 'analyze_code was cancelled before the analysis started');

    const analysis = await this.runner.run(caller.tenant, { text, fileName, language: args.language }, signal);
    return { structured: { ...(args.path !== undefined ? { path: args.path } : {}), bytes, ...analysis } };
  }
}
