import { ERRORS_PAGE, renderErrorReference } from './error-reference';
import { formatMarkdownPages } from './markdown';
import type { DocumentedCatalog } from './tool-catalog';
import { TOOLS_PAGE, renderToolReference } from './tool-reference';

/** Every generated page, by its path in the repository, as `npm run docs:generate` writes it. */
export function referencePages(catalog: DocumentedCatalog): Record<string, string> {
  return formatMarkdownPages({
    [TOOLS_PAGE]: renderToolReference(catalog),
    [ERRORS_PAGE]: renderErrorReference(),
  });
}
