import { ERROR_CODES } from '@lfc/common';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
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

describe('links between the user guides', () => {
  const pages = [
    'README.md',
    'docs/quick-start.md',
    'docs/langflow.md',
    'docs/troubleshooting.md',
    'docs/faq.md',
    'docs/reference/tools.md',
    'docs/reference/errors.md',
  ];
  /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
  const slug = (heading: string): string =>
    heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
  const anchorsOf = (path: string): string[] =>
    [...read(path).matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1] ?? ''));

  it.each(pages)('%s links only to files and headings that exist', (page) => {
    // Code (fenced blocks, inline spans) is not prose: a regular expression there is no link.
    const prose = read(page)
      .replace(/^```[\s\S]*?^```/gm, '')
      .replace(/`[^`\n]*`/g, '');
    const broken = [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1] ?? '')
      .filter((target) => !/^[a-z]+:/.test(target))
      .filter((target) => {
        const [file = '', anchor] = target.split('#');
        const path = file === '' ? page : posix.join(posix.dirname(page), file);
        if (!existsSync(join(ROOT, path))) return true;
        return anchor !== undefined && path.endsWith('.md') && !anchorsOf(path).includes(anchor);
      });
    expect(broken).toEqual([]);
  });
});
