import { ERROR_CODES } from '@lfc/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectionSnippets } from '../../apps/console/src/keys/connection-snippets';
import { ROOT } from './markdown';

/** The hand-written user guides, held to the code they describe. */
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

describe('docs/troubleshooting.md', () => {
  const guide = read('docs/troubleshooting.md');

  /** What each table row is about: its first cell (a symptom or a reason). */
  const entries = guide
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .map((line) => line.split(' | ')[0] ?? '');

  it('has an entry (a table row led by it) for every refusal reason of the error table', () => {
    const fix = 'add a symptom → cause → fix row led by each code to docs/troubleshooting.md';
    const missing = Object.keys(ERROR_CODES).filter((code) => !entries.some((entry) => entry.includes(`\`${code}\``)));
    expect({ missing, fix }).toEqual({
      missing: [],
      fix,
    });
  });
});

describe('docs/langflow.md', () => {
  const guide = read('docs/langflow.md');

  it.each(['langflow', 'langflow-sse'])(
    'shows the %s block exactly as the console’s "Add to LangFlow" makes it',
    (id) => {
      const snippet = connectionSnippets('http://127.0.0.1:8000', 'lfc_…').find((candidate) => candidate.id === id);
      expect(snippet).toBeDefined();
      expect(guide).toContain(`\`\`\`json\n${snippet?.text ?? ''}\n\`\`\``);
    },
  );
});
