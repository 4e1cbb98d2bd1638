import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  AppLogger,
  CONSOLE_PATH,
  ClientAddressResolver,
  errorMessage,
  InjectLogger,
  isDocsRoute,
  OPENAPI_DOCUMENT_PATH,
} from '@lfc/common';
import { DEPENDENCY_HEALTH_METRICS, DependencyHealth, DependencyHealthMetrics } from '@lfc/resilience';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  InjectMetric,
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { AuditBatchWriter, AuditStore } from './audit-batch';
import { AuditFields, AuditRecord, GENESIS_HASH, boundedText, sealAuditRecord } from './audit-record';
import { AuditSpool, writerIdFor } from './audit-spool';

export const AUDIT_SETTINGS = Symbol('AUDIT_SETTINGS');

export interface AuditSettings {
  enabled: boolean;
  spoolDir: string;
  databaseUrl: string;
  batchSize: number;
  flushIntervalMs: number;
  /** Bound of the spool files on disk; past it new records are dropped (counted), never waited for. */
  spoolMaxBytes: number;
}

/**
 * Probes, scrapes, and the public files of the web console and of the API docs (no caller, no action:
 * a page load is a dozen of them).
 */
const NOT_AUDITED = new Set([
  '/health',
  '/ready',
  '/metrics',
  CONSOLE_PATH,
  `${CONSOLE_PATH}/*`,
  OPENAPI_DOCUMENT_PATH,
]);

/** The request-log field a transport sets when a tool call failed without an HTTP error status. */
const TOOL_ERROR_FIELD = 'tool_error';

/**
 * A transport's `onToolFailure`: marks the request's log line and audit record (`details.toolError`)
 * as a failed tool call, for the answers that carry a JSON-RPC error or `isError` in a 200. Only a
 * record not yet written takes it: an answer that streams is audited when the stream opens.
 */
export function toolFailureMark(request: FastifyRequest): () => void {
  return () => {
    request.logFields[TOOL_ERROR_FIELD] = 'true';
  };
}

/** The audit's metrics, listed in `AuditModule`. */
export const auditMetricProviders = [
  makeGaugeProvider({
    name: 'lfc_audit_queue_depth',
    help: 'Audit records spooled by this process and not yet in the database',
  }),
  makeGaugeProvider({
    name: 'lfc_audit_backlog_bytes',
    help: 'Bytes of spooled audit records not yet in the database (all spool files)',
  }),
  makeHistogramProvider({
    name: 'lfc_audit_batch_size',
    help: 'Audit records per database write',
    buckets: [1, 10, 50, 100, 250, 500, 1000, 2000],
  }),
  makeHistogramProvider({
    name: 'lfc_audit_write_duration_seconds',
    help: 'Latency of one batched audit write',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  }),
  makeCounterProvider({ name: 'lfc_audit_records_written_total', help: 'Audit records written to the database' }),
  makeCounterProvider({ name: 'lfc_audit_write_failures_total', help: 'Failed batched audit writes (retried)' }),
  makeCounterProvider({
    name: 'lfc_audit_dropped_total',
    help: 'Audit records that could not be spooled: spool full or unwritable (must stay 0)',
  }),
  makeCounterProvider({
    name: 'lfc_audit_dead_letters_total',
    help: 'Audit records the table refused and that went to gateway.audit_dead_letters',
  }),
  makeGaugeProvider({ name: 'lfc_audit_spool_bytes', help: 'Size of the audit spool files on disk' }),
  makeGaugeProvider({
    name: 'lfc_audit_spool_max_bytes',
    help: 'Spool size at which new audit records are dropped (LFC_AUDIT_SPOOL_MAX_BYTES)',
  }),
];

const COLUMNS = `id, writer_id, seq, timestamp, key_id, user_id, action, resource, ip_address, user_agent, status_code, latency_ms, request_id, details, prev_hash, hash`;

/**
 * The gateway's request audit. Each answered request is appended to a local spool before its
 * response leaves (so neither SIGTERM, SIGKILL nor a database outage loses it), and a background
 * loop writes the spool to PostgreSQL in batches, idempotently by record id. Records are chained by
 * hash per writer, so an edited or deleted row shows.
 */
@Injectable()
export class AuditWriter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger: AppLogger;
  readonly writerId = writerIdFor(process.pid, randomBytes(4).toString('hex'));
  private readonly spool: AuditSpool;
  private pool: Pool | undefined;
  private batches: AuditBatchWriter | undefined;
  /** Records dropped since the spool filled up; logged when it has room again. */
  private droppedWhileFull = 0;
  private seq = 0;
  private prevHash = GENESIS_HASH;
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private stopped = false;
  /** Probed by the next flush, every `flushIntervalMs`. */
  private readonly database: DependencyHealth;

  constructor(
    @Inject(AUDIT_SETTINGS) private readonly settings: AuditSettings,
    private readonly adapterHost: HttpAdapterHost,
    private readonly addresses: ClientAddressResolver,
    @InjectLogger() logger: AppLogger,
    @InjectMetric('lfc_audit_queue_depth') private readonly queueDepth: Gauge,
    @InjectMetric('lfc_audit_backlog_bytes') private readonly backlogBytes: Gauge,
    @InjectMetric('lfc_audit_batch_size') private readonly batchSize: Histogram,
    @InjectMetric('lfc_audit_write_duration_seconds') private readonly writeDuration: Histogram,
    @InjectMetric('lfc_audit_records_written_total') private readonly written: Counter,
    @InjectMetric('lfc_audit_write_failures_total') private readonly failures: Counter,
    @InjectMetric('lfc_audit_dropped_total') private readonly dropped: Counter,
    @InjectMetric('lfc_audit_dead_letters_total') private readonly deadLetters: Counter,
    @InjectMetric('lfc_audit_spool_bytes') private readonly spoolBytes: Gauge,
    @InjectMetric('lfc_audit_spool_max_bytes') private readonly spoolMaxBytes: Gauge,
    @Inject(DEPENDENCY_HEALTH_METRICS) healthMetrics: DependencyHealthMetrics,
  ) {
    this.logger = logger.child({ context: 'Audit' });
    this.database = new DependencyHealth({
      dependency: 'postgres:audit',
      metrics: healthMetrics,
      log: this.logger,
      outageMessage: (error) => `audit writes failing, records stay spooled: ${errorMessage(error)}`,
      recoveryMessage: 'audit writes resumed',
    });
    this.spool = new AuditSpool(settings.spoolDir, this.writerId, settings.spoolMaxBytes);
  }

  async onModuleInit(): Promise<void> {
    if (!this.settings.enabled) return;
    await this.spool.open();
    this.pool = new Pool({ connectionString: this.settings.databaseUrl, max: 2, connectionTimeoutMillis: 5000 });
    this.pool.on('error', () => undefined);
    this.batches = new AuditBatchWriter(new PgAuditStore(this.pool));
    this.spoolMaxBytes.set(this.settings.spoolMaxBytes);
    this.spoolBytes.set(this.spool.sizeBytes);
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // The answer leaves only once its record is in the spool.
    fastify.addHook('onSend', (request, reply, payload, done) => {
      if (!this.record(request, reply, () => done(null, payload))) done(null, payload);
    });
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.settings.enabled) return;
    this.stopped = true;
    clearTimeout(this.timer);
    await this.flushing;
    // Drain what the last requests spooled; whatever the database does not take now is replayed
    // from the spool by the next process.
    const deadline = Date.now() + 10_000;
    while (this.pending > 0 && Date.now() < deadline) {
      if (!(await this.flushOnce())) break;
    }
    this.spool.close();
    await this.pool?.end();
  }

  /** Spools the request's record and calls `spooled` once it is written; false when there is nothing to wait for. */
  private record(request: FastifyRequest, reply: FastifyReply, spooled: () => void): boolean {
    const route = request.routeOptions.url ?? 'unmatched';
    if (NOT_AUDITED.has(route) || isDocsRoute(route)) return false;
    // Checked before the record is chained, so a dropped record leaves no gap in the chain.
    if (this.spool.full) {
      this.spoolFull();
      return false;
    }
    if (this.droppedWhileFull > 0) this.spoolHasRoom();
    const principal = request.principal;
    const body = request.body as
      { method?: unknown; arguments?: unknown; params?: { arguments?: unknown } } | undefined;
    const rpcMethod = body && typeof body === 'object' && typeof body.method === 'string' ? body.method : undefined;
    const args = body && typeof body === 'object' ? (body.params?.arguments ?? body.arguments) : undefined;
    const fields: AuditFields = {
      id: randomUUID(),
      writerId: this.writerId,
      seq: ++this.seq,
      timestamp: new Date().toISOString(),
      keyId: principal?.keyId ?? null,
      userId: principal?.userId ?? null,
      action: rpcMethod ? `${request.method} ${route} ${rpcMethod}` : `${request.method} ${route}`,
      resource: request.logFields.tool ?? null,
      ipAddress: (request.logFields.client_ip ?? this.addresses.of(request)) || null,
      userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
      statusCode: reply.statusCode,
      latencyMs: reply.elapsedTime,
      requestId: request.id,
      // A summary that names what was asked without carrying any value (arguments may hold secrets or file contents).
      details: {
        via: principal?.via ?? null,
        ...(request.logFields[TOOL_ERROR_FIELD] ? { toolError: true } : {}),
        ...(args && typeof args === 'object' ? { argumentNames: Object.keys(args).slice(0, 50) } : {}),
      },
    };
    const prevHash = this.prevHash;
    const record = sealAuditRecord(fields, prevHash);
    this.prevHash = record.hash;
    this.spool.append(record, (error) => {
      if (error) this.spoolFailed(fields.seq, prevHash, error);
      else {
        this.pending += 1;
        this.queueDepth.set(this.pending);
        if (this.pending >= this.settings.batchSize) void this.flush();
      }
      spooled();
    });
    return true;
  }

  /** Full spool: the answer goes out unaudited, counted, and logged once per episode. */
  private spoolFull(): void {
    this.dropped.inc();
    if (this.droppedWhileFull === 0) {
      this.logger.error(
        `audit spool is full (${this.spool.sizeBytes} of ${this.spool.maxBytes} bytes): records are dropped until the database catches up`,
      );
    }
    this.droppedWhileFull += 1;
  }

  private spoolHasRoom(): void {
    this.logger.warn(`audit spool has room again; ${this.droppedWhileFull} records were dropped while it was full`);
    this.droppedWhileFull = 0;
  }

  /**
   * A failed spool write loses the records of its turn; the chain goes back to before the first of
   * them, so the records that follow link to the last one on disk. The answers still go out: the
   * loss is counted (and alerted on), never hidden.
   */
  private spoolFailed(seq: number, prevHash: string, error: Error): void {
    this.dropped.inc();
    if (seq <= this.seq) {
      this.logger.error(`could not spool audit records: ${error.message}`);
      this.seq = seq - 1;
      this.prevHash = prevHash;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.flush().finally(() => this.schedule()), this.settings.flushIntervalMs);
    this.timer.unref();
  }

  private flush(): Promise<void> {
    this.flushing ??= (async () => {
      while (await this.flushOnce()) {
        if (this.stopped) break;
      }
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Writes one batch per spool file; returns whether there may be more to write now. */
  private async flushOnce(): Promise<boolean> {
    const batches = this.batches;
    if (!batches) return false;
    let more = false;
    let backlog = 0;
    try {
      for (const file of await this.spool.files()) {
        const batch = await this.spool.read(file, this.settings.batchSize);
        if (batch.records.length > 0) {
          const started = performance.now();
          const outcome = await batches.write(batch.records);
          this.written.inc(outcome.written);
          this.deadLetters.inc(outcome.deadLettered);
          if (outcome.deadLettered > 0)
            this.logger.error(
              `${outcome.deadLettered} audit records refused by the table went to gateway.audit_dead_letters`,
            );
          const committed = batch.ends[outcome.settled - 1];
          if (committed !== undefined) {
            await this.spool.commit(file, committed);
            if (file === this.spool.file) this.pending = Math.max(0, this.pending - outcome.settled);
          }
          if (outcome.outage !== undefined) {
            this.failures.inc();
            this.database.failed(outcome.outage);
            return false;
          }
          this.database.succeeded();
          // A held record waits for the next flush; the other files are not held up by it.
          if (outcome.held > 0) this.failures.inc();
          else {
            this.writeDuration.observe((performance.now() - started) / 1000);
            this.batchSize.observe(batch.records.length);
            if (batch.records.length === this.settings.batchSize) more = true;
          }
        }
        await this.spool.retireIfDone(file);
        backlog += await this.spool.backlogBytes(file).catch(() => 0);
      }
      await this.spool.rotateIfDone();
    } finally {
      this.queueDepth.set(this.pending);
      this.backlogBytes.set(backlog);
      this.spoolBytes.set(await this.spool.measure().catch(() => this.spool.sizeBytes));
    }
    return more;
  }
}

/** The table, with the dead-letter table beside it for what the table refuses. */
export class PgAuditStore implements AuditStore {
  constructor(private readonly pool: Pool) {}

  insert(records: readonly AuditRecord[]): Promise<void> {
    return insertAuditBatch(this.pool, records);
  }

  /**
   * Only `text` columns and the record as JSON text (NUL and lone surrogates come out escaped),
   * so whatever the audit table refused, this row is accepted.
   */
  async deadLetter(record: AuditRecord, error: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO gateway.audit_dead_letters (record_id, writer_id, seq, prev_hash, hash, record, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (record_id) DO NOTHING`,
      [
        boundedText(record.id, DEAD_LETTER_TEXT_CHARS),
        boundedText(record.writerId, DEAD_LETTER_TEXT_CHARS),
        Number.isSafeInteger(record.seq) ? record.seq : null,
        boundedText(record.prevHash, DEAD_LETTER_TEXT_CHARS),
        boundedText(record.hash, DEAD_LETTER_TEXT_CHARS),
        JSON.stringify(record),
        boundedText(error, DEAD_LETTER_ERROR_CHARS),
      ],
    );
  }
}

const DEAD_LETTER_TEXT_CHARS = 200;
const DEAD_LETTER_ERROR_CHARS = 2000;

/** One round trip for a whole batch (arrays unnested server-side); re-sent records are ignored by id. */
export async function insertAuditBatch(pool: Pool, records: readonly AuditRecord[]): Promise<void> {
  const column = <K extends keyof AuditRecord>(key: K) => records.map((record) => record[key]);
  await pool.query(
    `INSERT INTO gateway.audit_logs (${COLUMNS})
     SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::bigint[], $4::timestamptz[], $5::uuid[], $6::uuid[],
       $7::varchar[], $8::varchar[], $9::inet[], $10::varchar[], $11::int[], $12::numeric[], $13::varchar[],
       $14::jsonb[], $15::char(64)[], $16::char(64)[])
     ON CONFLICT (id) DO NOTHING`,
    [
      column('id'),
      column('writerId'),
      column('seq'),
      column('timestamp'),
      column('keyId'),
      column('userId'),
      column('action'),
      column('resource'),
      column('ipAddress'),
      column('userAgent'),
      column('statusCode'),
      column('latencyMs'),
      column('requestId'),
      records.map((record) => JSON.stringify(record.details)),
      column('prevHash'),
      column('hash'),
    ],
  );
}
