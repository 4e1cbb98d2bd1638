import { ERRORS_PAGE, renderErrorReference } from './error-reference';
import { formatMarkdown } from './markdown';
import type { DocumentedCatalog } from './tool-catalog';
import { TOOLS_PAGE, renderToolReference } from './tool-reference';

/** Every generated page, by its path in the repository, as `npm run docs:generate` writes it. */
export function referencePages(catalog: DocumentedCatalog): Record<string, string> {
  return {
    [TOOLS_PAGE]: formatMarkdown(renderToolReference(catalog), TOOLS_PAGE),
    [ERRORS_PAGE]: formatMarkdown(renderErrorReference(), ERRORS_PAGE),
  };
}
