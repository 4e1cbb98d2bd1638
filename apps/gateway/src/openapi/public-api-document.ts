import { Injectable } from '@nestjs/common';
import { buildOpenApiDocument, canonicalJson } from '@lfc/common';
import { ToolCatalogCache } from '../catalog/tool-catalog.cache';

/**
 * The suite's OpenAPI document, built from the live tool catalog (the executor's registry, as the
 * gateway already holds it) and rebuilt only when the catalog's version changes.
 */
@Injectable()
export class PublicApiDocument {
  private built: { version: string; text: string; document: Record<string, unknown> } | undefined;

  constructor(private readonly catalog: ToolCatalogCache) {}

  /** The document as served at /openapi.json; a 503 `dependency_unavailable` until the catalog is loaded. */
  async current(): Promise<{ text: string; document: Record<string, unknown> }> {
    if (!this.catalog.version) await this.catalog.refresh();
    const tools = this.catalog.tools;
    const version = this.catalog.version ?? '';
    if (this.built?.version === version) return this.built;
    const document = buildOpenApiDocument(tools);
    this.built = { version, text: canonicalJson(document), document };
    return this.built;
  }
}
