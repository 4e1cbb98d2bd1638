import { analyzeSource } from './analyze-source';
import { classifyLines, findMarkers, lineAt, lineStartsOf } from './lines';

describe('lineStartsOf / lineAt', () => {
  it('does not count a final line break as another line', () => {
    expect(lineStartsOf('')).toEqual([]);
    expect(lineStartsOf('\n')).toEqual([0]);
    expect(lineStartsOf('a\nb')).toEqual([0, 2]);
    expect(lineStartsOf('a\nb\n')).toEqual([0, 2]);
    expect(lineStartsOf('a\n\nb\n')).toEqual([0, 2, 3]);
  });

  it('maps offsets to 1-based lines', () => {
    const starts = lineStartsOf('ab\ncd\n\nef');
    expect([0, 1, 2, 3, 5, 6, 7, 8].map((offset) => lineAt(starts, offset))).toEqual([1, 1, 1, 2, 2, 3, 4, 4]);
  });
});

describe('classifyLines', () => {
  it('prefers code over comment on a mixed line and keeps whitespace-only lines blank', () => {
    const text = 'a = 1 /* x */\n  /* only\n\n  comment */  \n \t \n';
    const comments = [
      { start: 6, end: 13 },
      { start: 16, end: 37 },
    ];
    expect(classifyLines(text, comments, lineStartsOf(text))).toEqual({ total: 5, code: 1, comment: 2, blank: 2 });
  });
});

describe('findMarkers', () => {
  it('finds every uppercase marker, lowercase ones only at the start of a comment, and trims delimiters', () => {
    const text = '/* TODO: a\n * fixme(bob): b */\n// see the todo list; XXX and HACK here\n// Todo without colon\n';
    const starts = lineStartsOf(text);
    const comments = [
      { start: 0, end: 30 },
      { start: 31, end: 72 },
      { start: 73, end: 94 },
    ];
    expect(findMarkers(text, comments, starts)).toEqual([
      { kind: 'TODO', line: 1, text: 'TODO: a' },
      { kind: 'FIXME', line: 2, text: 'fixme(bob): b' },
      { kind: 'XXX', line: 3, text: 'XXX and HACK here' },
      { kind: 'HACK', line: 3, text: 'HACK here' },
    ]);
  });

  it('cuts long finding texts to 200 characters', () => {
    const text = `// TODO ${'x'.repeat(300)}`;
    const [finding] = findMarkers(text, [{ start: 0, end: text.length }], lineStartsOf(text));
    expect(finding?.text).toHaveLength(200);
    expect(finding?.text.endsWith('…')).toBe(true);
  });
});

describe('line counts per language family', () => {
  it('YAML: # comments need a space before them, apostrophes in plain scalars are not strings', async () => {
    const text = [
      '# config',
      'name: "demo # not comment"',
      "title: Don't panic  # a comment",
      '',
      'list:',
      '  - a # TODO: b',
      'url: http://x/#anchor',
    ].join('\n');
    const result = await analyzeSource({ text, fileName: 'app.yaml' });
    expect(result.language).toBe('yaml');
    expect(result.analyzer).toBe('lines-only');
    expect(result.lines).toEqual({ total: 7, code: 5, comment: 1, blank: 1 });
    expect(result.findings).toEqual([{ kind: 'TODO', line: 6, text: 'TODO: b' }]);
    expect(result.functions).toEqual([]);
    expect(result.averageComplexity).toBe(0);
    expect(result.maxComplexity).toBe(0);
  });

  it('SQL: -- and /* */ comments, quotes doubled inside strings', async () => {
    const text = [
      '-- Report',
      "SELECT a, 'it''s -- not a comment' AS b",
      'FROM t /* FIXME: index */',
      'WHERE x = 1;',
      '',
    ].join('\n');
    const result = await analyzeSource({ text, fileName: 'report.sql' });
    expect(result.lines).toEqual({ total: 4, code: 3, comment: 1, blank: 0 });
    expect(result.findings).toEqual([{ kind: 'FIXME', line: 3, text: 'FIXME: index' }]);
  });

  it('Markdown: HTML comments are comments and markers count anywhere in the prose', async () => {
    const text = [
      '# Title',
      '',
      '<!-- hidden',
      'note -->',
      '- [ ] TODO: write docs',
      'Some todo: lowercase in prose',
    ].join('\n');
    const result = await analyzeSource({ text, fileName: 'README.md' });
    expect(result.lines).toEqual({ total: 6, code: 3, comment: 2, blank: 1 });
    expect(result.findings).toEqual([{ kind: 'TODO', line: 5, text: 'TODO: write docs' }]);
  });

  it('JSON with comments (tsconfig style): // inside strings is not a comment', async () => {
    const text = [
      '{',
      '  // compiler options',
      '  "url": "http://example.com//x", /* trailing */',
      '  "n": 1',
      '}',
    ].join('\n');
    const result = await analyzeSource({ text, fileName: 'tsconfig.json' });
    expect(result.lines).toEqual({ total: 5, code: 4, comment: 1, blank: 0 });
  });

  it('Dockerfile: # only at the start of a line', async () => {
    const text = ['# base image', 'FROM node:20', 'RUN echo "#1" # still part of the command', ''].join('\n');
    const result = await analyzeSource({ text, fileName: 'Dockerfile' });
    expect(result.language).toBe('dockerfile');
    expect(result.lines).toEqual({ total: 3, code: 2, comment: 1, blank: 0 });
  });

  it('unknown text: every non-blank line is code and markers count anywhere', async () => {
    const result = await analyzeSource({ text: 'hello\n\nFIXME later\n' });
    expect(result.language).toBe('unknown');
    expect(result.detectedBy).toBe('none');
    expect(result.lines).toEqual({ total: 3, code: 2, comment: 0, blank: 1 });
    expect(result.findings).toEqual([{ kind: 'FIXME', line: 3, text: 'FIXME later' }]);
  });

  it('empty input has no lines', async () => {
    const result = await analyzeSource({ text: '', fileName: 'empty.py' });
    expect(result.lines).toEqual({ total: 0, code: 0, comment: 0, blank: 0 });
    expect(result.functions).toEqual([]);
  });
});
