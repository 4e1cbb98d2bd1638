import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppLogger, DomainError, errorMessage, InjectLogger } from '@lfc/common';
import { CATALOG_CHANGED_CHANNEL, ToolCatalog, ToolDescriptor, scopesAllowTool } from '@lfc/contracts';
import { KeyValueStore, Unsubscribe } from '@lfc/kv';
import { ExecutorClient } from '../downstream/executor.client';

export const CATALOG_REFRESH_MS = Symbol('CATALOG_REFRESH_MS');
const RETRY_UNTIL_LOADED_MS = 1_000;

/**
 * The executor's tool list, held in the gateway so `tools/list` costs no internal call. Refreshed
 * when the executor announces a new catalog, and polled as a fallback; listeners hear of changes
 * (the MCP layer turns that into `notifications/tools/list_changed`).
 */
@Injectable()
export class ToolCatalogCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: AppLogger;
  private catalog: ToolCatalog | undefined;
  private readonly byScopes = new Map<string, ToolDescriptor[]>();
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: Unsubscribe | undefined;

  constructor(
    private readonly executor: ExecutorClient,
    private readonly kv: KeyValueStore,
    @Inject(CATALOG_REFRESH_MS) private readonly refreshMs: number,
    @InjectLogger() logger: AppLogger,
  ) {
    this.logger = logger.child({ context: 'ToolCatalog' });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = await this.kv.subscribe(CATALOG_CHANGED_CHANNEL, () => void this.refresh());
    await this.refresh();
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.unsubscribe?.();
  }

  get version(): string | undefined {
    return this.catalog?.version;
  }

  /** How many tools the catalog holds, for every scope together (0 until it is loaded). */
  get toolCount(): number {
    return this.catalog?.tools.length ?? 0;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The tools these scopes may see, in catalog order. */
  toolsFor(scopes: readonly string[]): ToolDescriptor[] {
    const catalog = this.require();
    const cacheKey = scopes.join('\n');
    let tools = this.byScopes.get(cacheKey);
    if (!tools) {
      tools = catalog.tools.filter((tool) => scopesAllowTool(scopes, tool.name));
      this.byScopes.set(cacheKey, tools);
    }
    return tools;
  }

  /**
   * How long a client may reuse the list these scopes see (MCP 2026-07-28 `ttlMs`, `cacheScope`):
   * as long as this replica goes between refreshes, and private to the credential when its scopes
   * hide part of the catalog.
   */
  cacheHints(scopes: readonly string[]): { ttlMs: number; cacheScope: 'public' | 'private' } {
    const filtered = this.toolsFor(scopes).length < this.require().tools.length;
    return { ttlMs: this.refreshMs, cacheScope: filtered ? 'private' : 'public' };
  }

  /** Every tool of the catalog, whatever the caller's scopes (for the public API document). */
  get tools(): readonly ToolDescriptor[] {
    return this.require().tools;
  }

  find(name: string): ToolDescriptor | undefined {
    return this.require().tools.find((tool) => tool.name === name);
  }

  async refresh(): Promise<void> {
    try {
      const next = await this.executor.catalog();
      if (next.version === this.catalog?.version) return;
      const previous = this.catalog;
      this.catalog = next;
      this.byScopes.clear();
      this.logger.info(`tool catalog ${next.version} loaded (${next.tools.length} tools)`);
      if (previous) for (const listener of this.listeners) listener();
    } catch (error) {
      this.logger.warn(`could not refresh the tool catalog: ${errorMessage(error)}`);
    }
  }

  private schedule(): void {
    const delay = this.catalog ? this.refreshMs : RETRY_UNTIL_LOADED_MS;
    this.timer = setTimeout(() => void this.refresh().finally(() => this.schedule()), delay);
    this.timer.unref();
  }

  private require(): ToolCatalog {
    if (!this.catalog) throw new DomainError('dependency_unavailable', 'The tool catalog is not loaded yet');
    return this.catalog;
  }
}
