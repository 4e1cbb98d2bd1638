/**
 * The executor's real tool catalog, as a client of a default installation sees it: the executor's
 * module is composed from a configuration with every default, its tools are discovered as at
 * start, and each one's definition is read next to the descriptor the catalog serves. Nothing is
 * read from this process's environment, so two runs anywhere give the same reference.
 */
import 'reflect-metadata';
import { LoggingModule, generateServiceKeys, serviceKeyEnv } from '@lfc/common';
import type { ConfirmationPolicy, ToolDescriptor } from '@lfc/contracts';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { z } from 'zod';
import { ToolExecutorConfig, loadToolExecutorConfig } from '../../apps/tool-executor/src/config';
import { ToolExecutorModule } from '../../apps/tool-executor/src/tool-executor.module';
import { ToolRegistry } from '../../apps/tool-executor/src/tools/tool-registry';

/** One tool as the reference documents it: what clients are served, and what the definition adds. */
export interface DocumentedTool {
  descriptor: ToolDescriptor;
  /** The zod schema the executor checks arguments with (the example calls are checked against it). */
  input: z.ZodType;
  /** Old argument names still accepted, by the argument each now names. */
  deprecatedArguments: Readonly<Record<string, string>>;
  cacheable: boolean;
  /** Whose policy may hold a call for the person's yes; undefined for tools that never ask. */
  confirmation: ConfirmationPolicy | undefined;
}

export interface DocumentedCatalog {
  tools: DocumentedTool[];
  /** The configuration the catalog was built with: every default. */
  config: ToolExecutorConfig;
}

export async function loadDocumentedCatalog(): Promise<DocumentedCatalog> {
  // The local blob store needs a folder; no file is written to it.
  const blobDir = await mkdtemp(join(tmpdir(), 'lfc-docs-'));
  try {
    const config = loadToolExecutorConfig({
      ...serviceKeyEnv('tool-executor', generateServiceKeys()),
      LFC_BLOB_DIR: blobDir,
    });

    @Module({ imports: [LoggingModule.forRoot(pino({ level: 'silent' })), ToolExecutorModule.forRoot(config)] })
    class DocumentedExecutorModule {}

    const app = await NestFactory.createApplicationContext(DocumentedExecutorModule, { logger: false });
    try {
      const registry = app.get(ToolRegistry);
      const tools = registry.catalog.tools.map((descriptor): DocumentedTool => {
        const definition = registry.get(descriptor.name);
        if (!definition) throw new Error(`the catalog lists ${descriptor.name}, which the registry does not hold`);
        return {
          descriptor,
          input: definition.input,
          deprecatedArguments: definition.deprecatedArguments ?? {},
          cacheable: definition.cacheable ?? false,
          // A `budget_overruns` tool asks as it runs (cost-accounting decides), with no `confirmation` of its own.
          confirmation:
            definition.confirmationPolicy === 'budget_overruns'
              ? 'budget_overruns'
              : definition.confirmation
                ? (definition.confirmationPolicy ?? 'destructive_calls')
                : undefined,
        };
      });
      return { tools, config };
    } finally {
      await app.close();
    }
  } finally {
    await rm(blobDir, { recursive: true, force: true });
  }
}
