import { GeneratedServiceKeys, generateServiceKeys } from '@lfc/common';
import { ServiceName } from '@lfc/contracts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EMBEDDED_POSTGRES, startEmbeddedPostgres } from './embedded-postgres';
import { ServiceProcess, freePort, spawnService, stopProcess, waitForReady } from './processes';

const POSTGRES_ADMIN_URL = process.env.LFC_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.LFC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function newApiKey(): string {
  return `lfc_${randomBytes(32).toString('base64url')}`;
}

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/**
 * A fresh database on the machine's PostgreSQL (or, without one, a PGlite server of its own), dropped
 * again by the returned function.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (EMBEDDED_POSTGRES) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, drop: embedded.stop };
  }
  const name = `lfc_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface SuiteOptions {
  gateways?: number;
  /** A database made beforehand (e.g. to put a proxy in front of it); the suite drops it when it stops. */
  database?: TestDatabase;
  env?: NodeJS.ProcessEnv;
  /** Settings for the gateway processes only. */
  gatewayEnv?: NodeJS.ProcessEnv;
  /**
   * Settings for one back-end service only (e.g. the executor's Redis through a proxy); a function
   * receives the suite's settings (to route the fresh DATABASE_URL through a proxy, say).
   */
  serviceEnv?: Partial<
    Record<
      'auth' | 'cost-accounting' | 'tool-executor',
      NodeJS.ProcessEnv | ((env: NodeJS.ProcessEnv) => NodeJS.ProcessEnv)
    >
  >;
}

/**
 * All four services as real processes against the machine's PostgreSQL (a fresh database) and
 * Redis (a fresh key prefix), optionally with several gateway replicas.
 */
export class RunningSuite {
  private readonly gatewayEnvs = new Map<number, NodeJS.ProcessEnv>();

  private constructor(
    /** Every service's key pair; each process gets only its own private key (`envOf`). */
    readonly serviceKeys: GeneratedServiceKeys,
    readonly apiKey: string,
    readonly databaseUrl: string,
    readonly redisPrefix: string,
    readonly env: NodeJS.ProcessEnv,
    readonly logDir: string,
    readonly backends: ServiceProcess[],
    readonly gateways: ServiceProcess[],
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async start(options: SuiteOptions = {}): Promise<RunningSuite> {
    const database = options.database ?? (await createTestDatabase());
    const logDir = mkdtempSync(join(tmpdir(), 'lfc-e2e-'));
    const [executorPort, authPort, costPort] = [await freePort(), await freePort(), await freePort()];
    const apiKey = newApiKey();
    const redisPrefix = `lfc-test-${randomBytes(6).toString('hex')}:`;
    const serviceKeys = generateServiceKeys();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      REDIS_URL,
      LFC_REDIS_PREFIX: redisPrefix,
      LFC_SERVICE_PUBLIC_KEYS: serviceKeys.publicKeys,
      LFC_BOOTSTRAP_API_KEY: apiKey,
      // Keys get no more than the key creating them: tests make unlimited keys with the bootstrap key.
      LFC_BOOTSTRAP_RATE_LIMIT_PER_MINUTE: 'unlimited',
      LFC_BOOTSTRAP_RATE_LIMIT_PER_HOUR: 'unlimited',
      LFC_DATA_DIR: join(logDir, 'data'),
      LFC_BLOB_DIR: join(logDir, 'data', 'blobs'),
      LFC_EXECUTOR_URL: `http://127.0.0.1:${executorPort}`,
      LFC_AUTH_URL: `http://127.0.0.1:${authPort}`,
      LFC_COST_URL: `http://127.0.0.1:${costPort}`,
      ...options.env,
    };
    const own = (name: keyof NonNullable<SuiteOptions['serviceEnv']>) => {
      const extra = options.serviceEnv?.[name];
      return {
        ...env,
        LFC_SERVICE_PRIVATE_KEY: serviceKeys.privateKeys[name],
        ...(typeof extra === 'function' ? extra(env) : extra),
      };
    };
    const backends = [
      spawnService('auth', authPort, own('auth'), logDir),
      spawnService('cost-accounting', costPort, own('cost-accounting'), logDir),
      spawnService('tool-executor', executorPort, own('tool-executor'), logDir),
    ];
    const suite = new RunningSuite(
      serviceKeys,
      apiKey,
      database.url,
      redisPrefix,
      env,
      logDir,
      backends,
      [],
      database.drop,
    );
    try {
      await Promise.all(backends.map((service) => waitForReady(service)));
      for (let index = 0; index < (options.gateways ?? 1); index++) await suite.addGateway(options.gatewayEnv);
    } catch (error) {
      await suite.stop();
      throw error;
    }
    return suite;
  }

  get gatewayUrl(): string {
    const first = this.gateways[0];
    if (!first) throw new Error('no gateway running');
    return first.url;
  }

  get authUrl(): string {
    return this.backend('auth').url;
  }

  backend(name: string): ServiceProcess {
    const found = this.backends.find((service) => service.name === name);
    if (!found) throw new Error(`no ${name} running`);
    return found;
  }

  /** The suite's settings as one service reads them: with that service's own private key. */
  envOf(service: ServiceName): NodeJS.ProcessEnv {
    return { ...this.env, LFC_SERVICE_PRIVATE_KEY: this.serviceKeys.privateKeys[service] };
  }

  /** Starts one more gateway replica, optionally with settings of its own. */
  async addGateway(env: NodeJS.ProcessEnv = {}, port?: number): Promise<ServiceProcess> {
    const chosen = port ?? (await freePort());
    // Each replica has its own audit spool, as each pod has its own volume.
    const gatewayEnv = {
      ...this.envOf('gateway'),
      LFC_AUDIT_SPOOL_DIR: join(this.logDir, `audit-spool-${chosen}`),
      ...env,
    };
    this.gatewayEnvs.set(chosen, gatewayEnv);
    const gateway = spawnService('gateway', chosen, gatewayEnv, this.logDir);
    this.gateways.push(gateway);
    await waitForReady(gateway);
    return gateway;
  }

  /** Stops gateway `index` (SIGTERM unless told otherwise) and starts a new process on the same port and spool. */
  async restartGateway(index: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<ServiceProcess> {
    const old = this.gateways[index];
    if (!old) throw new Error(`no gateway ${index}`);
    await stopProcess(old.child, signal);
    const fresh = spawnService(
      'gateway',
      old.port,
      this.gatewayEnvs.get(old.port) ?? this.envOf('gateway'),
      this.logDir,
    );
    this.gateways[index] = fresh;
    await waitForReady(fresh);
    return fresh;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.gateways, ...this.backends].map((service) => stopProcess(service.child)));
    await this.dropDatabase();
  }
}
