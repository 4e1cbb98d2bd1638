import { ERROR_CODES } from '@lfc/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './markdown';
import { referencePages } from './reference-pages';
import { DocumentedCatalog, loadDocumentedCatalog } from './tool-catalog';
import { EXAMPLE_ARGUMENTS, renderToolReference } from './tool-reference';
import { renderErrorReference } from './error-reference';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

describe('the generated reference pages', () => {
  let pages: Record<string, string>;
  let catalog: DocumentedCatalog;

  beforeAll(async () => {
    // Once per file: the executor's module registers its metrics in prom-client's global registry.
    catalog = await loadDocumentedCatalog();
    pages = referencePages(catalog);
  });

  it('are committed as `npm run docs:generate` writes them from the tool definitions and the error table', () => {
    expect(Object.keys(pages).sort()).toEqual(['docs/reference/errors.md', 'docs/reference/tools.md']);
    // Named in the failure, so whoever changed a tool or an error code knows what to run.
    const fix = 'run `npm run docs:generate` and commit the result';
    for (const [path, text] of Object.entries(pages)) {
      const upToDate = read(path) === text;
      expect({ path, upToDate, fix }).toEqual({
        path,
        upToDate: true,
        fix,
      });
    }
  });

  it('come out the same on every run', () => {
    // Before formatting, which is Prettier's business: the text itself depends on nothing but the definitions.
    expect(renderToolReference(catalog)).toEqual(renderToolReference(catalog));
    expect(renderErrorReference()).toEqual(renderErrorReference());
  });

  it('document every tool and every error code', () => {
    for (const { descriptor } of catalog.tools)
      expect(pages['docs/reference/tools.md']).toContain(`### \`${descriptor.name}\``);
    const codes = pages['docs/reference/errors.md'] ?? '';
    for (const code of Object.keys(ERROR_CODES))
      expect(codes).toMatch(new RegExp(`^\\| \`${code}\` +\\| \\d{3} +\\| -\\d+ +\\|`, 'm'));
  });

  it('give each tool an example call its input schema accepts, and no example for a tool that does not exist', () => {
    const names = catalog.tools.map((tool) => tool.descriptor.name);
    expect(Object.keys(EXAMPLE_ARGUMENTS).sort()).toEqual([...names].sort());
    for (const tool of catalog.tools) {
      const parsed = tool.input.safeParse(EXAMPLE_ARGUMENTS[tool.descriptor.name]);
      expect({ tool: tool.descriptor.name, issues: parsed.error?.issues ?? [] }).toEqual({
        tool: tool.descriptor.name,
        issues: [],
      });
    }
  });
});
