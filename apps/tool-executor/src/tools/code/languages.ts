/**
 * The languages `analyze_code` knows, which are parsed, how the comments of the others look, and
 * how a language is recognised from a file name or from the text itself.
 */

export const LANGUAGES = [
  'typescript',
  'javascript',
  'python',
  'go',
  'java',
  'kotlin',
  'swift',
  'scala',
  'rust',
  'c',
  'cpp',
  'csharp',
  'ruby',
  'php',
  'shell',
  'sql',
  'json',
  'yaml',
  'toml',
  'markdown',
  'html',
  'xml',
  'css',
  'dockerfile',
  'makefile',
  'unknown',
] as const;
export type Language = (typeof LANGUAGES)[number];

/** Languages read by a tree-sitter grammar (grammars.ts); TypeScript and JavaScript by the TypeScript compiler. */
export const PARSED_LANGUAGES = [
  'python',
  'go',
  'java',
  'kotlin',
  'swift',
  'scala',
  'rust',
  'c',
  'cpp',
  'csharp',
  'ruby',
  'php',
  'shell',
] as const;
export type ParsedLanguage = (typeof PARSED_LANGUAGES)[number];

export interface StringSyntax {
  open: string;
  close: string;
  /** A backslash escapes the next character. */
  escape: boolean;
  /** May span lines (otherwise an unterminated string ends at the line break). */
  multiline: boolean;
}

export interface LexicalSyntax {
  lineComments: string[];
  blockComments: Array<{ open: string; close: string }>;
  /** Longest delimiters first: the lexer takes the first that matches. */
  strings: StringSyntax[];
  /** `#` starts a comment only at the start of a word (YAML `a#b`). */
  lineCommentNeedsBoundary?: boolean;
  /** Line comments only where they are the first thing on the line (Dockerfile). */
  lineCommentAtLineStart?: boolean;
  /** Quotes open a string only where a YAML scalar can start (after `:`, `-`, `[`, `{`, `,` or at the line start). */
  quotesOnlyAtValueStart?: boolean;
}

const DOUBLE: StringSyntax = { open: '"', close: '"', escape: true, multiline: false };
const SINGLE: StringSyntax = { open: "'", close: "'", escape: true, multiline: false };
const TRIPLE_DOUBLE: StringSyntax = { open: '"""', close: '"""', escape: true, multiline: true };
const C_BLOCK = { open: '/*', close: '*/' };
const HASH_ONLY: LexicalSyntax = { lineComments: ['#'], blockComments: [], strings: [] };
const MARKUP: LexicalSyntax = { lineComments: [], blockComments: [{ open: '<!--', close: '-->' }], strings: [] };
const ECMASCRIPT: LexicalSyntax = {
  lineComments: ['//'],
  blockComments: [C_BLOCK],
  strings: [DOUBLE, SINGLE, { open: '`', close: '`', escape: true, multiline: true }],
};
const C_FAMILY: LexicalSyntax = { lineComments: ['//'], blockComments: [C_BLOCK], strings: [DOUBLE] };
const HASH_WITH_STRINGS: LexicalSyntax = {
  lineComments: ['#'],
  blockComments: [],
  strings: [
    { ...DOUBLE, multiline: true },
    { ...SINGLE, multiline: true },
  ],
  lineCommentNeedsBoundary: true,
};

/**
 * Comment syntax for the lexer: what the languages without a grammar are read with, and the
 * fallback for text the parser gave up on (TypeScript nested beyond the compiler's stack, input a
 * grammar's error recovery spends too long on). For the parsed languages it is deliberately plain
 * (no heredocs, raw strings or nested comments): only pathological files ever reach it.
 */
export const SYNTAX: Record<Language, LexicalSyntax> = {
  typescript: ECMASCRIPT,
  javascript: ECMASCRIPT,
  python: {
    lineComments: ['#'],
    blockComments: [],
    strings: [TRIPLE_DOUBLE, { open: "'''", close: "'''", escape: true, multiline: true }, DOUBLE, SINGLE],
  },
  go: C_FAMILY,
  java: C_FAMILY,
  kotlin: C_FAMILY,
  swift: C_FAMILY,
  scala: C_FAMILY,
  rust: C_FAMILY,
  c: C_FAMILY,
  cpp: C_FAMILY,
  csharp: C_FAMILY,
  ruby: HASH_WITH_STRINGS,
  php: { ...C_FAMILY, lineComments: ['//', '#'], strings: HASH_WITH_STRINGS.strings },
  shell: HASH_WITH_STRINGS,
  sql: {
    lineComments: ['--'],
    blockComments: [C_BLOCK],
    strings: [
      { open: "'", close: "'", escape: false, multiline: true },
      { open: '"', close: '"', escape: false, multiline: false },
    ],
  },
  // Strict JSON has no comments; JSONC files (tsconfig.json, VS Code settings) do, and `//` can only
  // appear inside strings otherwise, which the lexer skips.
  json: { lineComments: ['//'], blockComments: [C_BLOCK], strings: [DOUBLE] },
  yaml: {
    lineComments: ['#'],
    blockComments: [],
    strings: [
      { open: '"', close: '"', escape: true, multiline: true },
      { open: "'", close: "'", escape: false, multiline: true },
    ],
    lineCommentNeedsBoundary: true,
    quotesOnlyAtValueStart: true,
  },
  toml: {
    lineComments: ['#'],
    blockComments: [],
    strings: [
      TRIPLE_DOUBLE,
      { open: "'''", close: "'''", escape: false, multiline: true },
      DOUBLE,
      { open: "'", close: "'", escape: false, multiline: false },
    ],
  },
  markdown: MARKUP,
  html: MARKUP,
  xml: MARKUP,
  css: { lineComments: [], blockComments: [C_BLOCK], strings: [DOUBLE, SINGLE] },
  dockerfile: { ...HASH_ONLY, lineCommentAtLineStart: true },
  makefile: HASH_ONLY,
  unknown: { lineComments: [], blockComments: [], strings: [] },
};

/** Prose and data formats: TODO markers count anywhere, not only inside comments. */
export const PROSE_LANGUAGES: ReadonlySet<Language> = new Set(['markdown', 'unknown']);

const EXTENSIONS: Record<string, Language> = {
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  pyi: 'python',
  pyw: 'python',
  go: 'go',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  swift: 'swift',
  scala: 'scala',
  sc: 'scala',
  rs: 'rust',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  'c++': 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  hxx: 'cpp',
  ipp: 'cpp',
  cs: 'csharp',
  rb: 'ruby',
  rake: 'ruby',
  gemspec: 'ruby',
  php: 'php',
  phtml: 'php',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ksh: 'shell',
  sql: 'sql',
  json: 'json',
  jsonc: 'json',
  json5: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'markdown',
  html: 'html',
  htm: 'html',
  xml: 'xml',
  svg: 'xml',
  xsd: 'xml',
  xsl: 'xml',
  csproj: 'xml',
  css: 'css',
};

const FILE_NAMES: Record<string, Language> = {
  dockerfile: 'dockerfile',
  containerfile: 'dockerfile',
  makefile: 'makefile',
  gnumakefile: 'makefile',
  gemfile: 'ruby',
  rakefile: 'ruby',
  vagrantfile: 'ruby',
  '.bashrc': 'shell',
  '.bash_profile': 'shell',
  '.zshrc': 'shell',
  '.profile': 'shell',
};

const SHEBANG_INTERPRETERS: Array<[RegExp, Language]> = [
  [/^(python[\d.]*|pypy[\d.]*)$/, 'python'],
  [/^(node|nodejs)$/, 'javascript'],
  [/^(deno|ts-node|tsx|bun)$/, 'typescript'],
  [/^(sh|bash|zsh|ksh|dash|ash)$/, 'shell'],
  [/^ruby[\d.]*$/, 'ruby'],
  [/^php[\d.]*$/, 'php'],
];

export type DetectionSource = 'argument' | 'extension' | 'filename' | 'shebang' | 'content' | 'none';

export interface Detection {
  language: Language;
  detectedBy: DetectionSource;
}

/**
 * Cues in the text that point to a language, with a weight. Detection sums the weights of the cues
 * present and takes the best language scoring at least 3, so one stray cue never decides alone
 * (except the decisive ones weighted 3 or more, like `<?php` or `#include <iostream>`). Each cue is
 * tested line by line on a bounded sample, with bounded repetitions, so detection stays linear
 * whatever the input.
 */
const CONTENT_CUES: Array<[Language, RegExp, number]> = [
  ['php', /<\?php\b/, 5],
  ['cpp', /^[ \t]*#[ \t]*include[ \t]*<(iostream|vector|string|memory|map|algorithm)>/, 4],
  ['cpp', /\bstd::\w|\bnamespace[ \t]+\w+[ \t]*\{|\btemplate[ \t]*<|\bclass[ \t]+\w+[ \t]*(:[ \t]*public\b|\{)/, 2],
  ['c', /^[ \t]*#[ \t]*include[ \t]*[<"][\w/.]+\.h[>"]/, 3],
  ['c', /\b(printf|malloc|free|sizeof)[ \t]*\(/, 1],
  ['go', /^package[ \t]+\w+[ \t]*$/, 3],
  ['go', /^func[ \t]+(\(\w+[ \t]+\*?\w+\)[ \t]*)?\w+[ \t]*\(/, 2],
  ['go', /:=/, 1],
  ['rust', /\bfn[ \t]+\w+[ \t]*(<[^>]{0,100}>)?[ \t]*\(/, 2],
  ['rust', /\blet[ \t]+mut\b|^[ \t]*impl\b|\buse[ \t]+(std|crate)::|\bpub[ \t]+(fn|struct|enum)\b|println!\(/, 2],
  [
    'java',
    /^[ \t]*import[ \t]+java\.|^[ \t]*package[ \t]+[\w.]+;[ \t]*$|\bpublic[ \t]+static[ \t]+void[ \t]+main\b|System\.out\.print/,
    3,
  ],
  ['java', /\b(public|private|protected)[ \t]+(final[ \t]+)?class[ \t]+\w+/, 1],
  ['csharp', /^[ \t]*using[ \t]+System(\.[\w.]+)?;|^[ \t]*namespace[ \t]+[\w.]+[ \t]*;|Console\.Write/, 3],
  ['csharp', /\{[ \t]*get;[ \t]*(set;)?[ \t]*\}/, 2],
  ['kotlin', /^[ \t]*(private[ \t]+|suspend[ \t]+)?fun[ \t]+\w+[ \t]*\(|\bdata[ \t]+class\b/, 2],
  ['kotlin', /\bval[ \t]+\w+[ \t]*(:[ \t]*\w+)?[ \t]*=/, 1],
  ['kotlin', /\bprintln\(/, 1],
  [
    'swift',
    /^[ \t]*import[ \t]+(Foundation|UIKit|SwiftUI)\b|\bfunc[ \t]+\w+[ \t]*\([^)]{0,200}\)[ \t]*->|\bguard[ \t]+let\b/,
    3,
  ],
  ['scala', /^[ \t]*object[ \t]+\w+[ \t]*(extends\b|\{)|\bcase[ \t]+class\b/, 3],
  ['python', /^[ \t]*def[ \t]+\w+[ \t]*\([^)]{0,300}\)[ \t]*(->[^:]{1,100})?:[ \t]*$/, 3],
  [
    'python',
    /^[ \t]*(from[ \t]+[\w.]+[ \t]+import[ \t]+\w|import[ \t]+[\w.]+([ \t]+as[ \t]+\w+)?[ \t]*$)|^if[ \t]+__name__[ \t]*==|\bself\.\w/,
    2,
  ],
  [
    'python',
    /^[ \t]*(elif[ \t][^:]{0,200}|else|try|except([ \t][^:]{0,200})?|class[ \t]+\w+(\([^)]{0,200}\))?):[ \t]*$/,
    1,
  ],
  ['ruby', /^[ \t]*def[ \t]+[\w.?!]+(\([^)]{0,200}\))?[ \t]*$/, 2],
  ['ruby', /^[ \t]*end[ \t]*$|^[ \t]*require[ \t]+['"]|\bputs[ \t]|\battr_(reader|accessor)\b|\bdo[ \t]*\|/, 1],
  [
    'typescript',
    /^[ \t]*(export[ \t]+)?(interface|type)[ \t]+\w+[^={]{0,200}[={]|:[ \t]*(string|number|boolean|void|unknown)\b|\bas[ \t]+const\b/,
    3,
  ],
  ['javascript', /\brequire\(['"]|\bmodule\.exports\b|\bdocument\.\w|\bwindow\.\w/, 3],
  ['javascript', /\b(const|let)[ \t]+\w+[ \t]*=|=>|\bfunction[ \t]*\w*[ \t]*\(/, 1],
  [
    'javascript',
    /^[ \t]*(import[ \t][^'"]{0,200}[ \t]from[ \t]+['"]|export[ \t]+(default|const|function|class)\b)|console\.log\(/,
    2,
  ],
  ['shell', /^[ \t]*(if|while)[ \t]+\[\[?[ \t]/, 2],
  ['shell', /^[ \t]*(fi|esac|done)[ \t]*$/, 2],
  ['shell', /^[ \t]*(export[ \t]+\w+=|echo[ \t]|set[ \t]+-[euxo])/, 1],
  [
    'sql',
    /^[ \t]*(select[ \t][^;]{0,300}[ \t]from[ \t]|insert[ \t]+into[ \t]|create[ \t]+(table|index|view|function)[ \t]|update[ \t]+\w+[ \t]+set[ \t]|delete[ \t]+from[ \t]|alter[ \t]+table[ \t])/i,
    3,
  ],
  ['markdown', /^#{1,6}[ \t]+\S/, 1],
  ['markdown', /^[ \t]*[-*][ \t]+\[[ x]\][ \t]|^```|\[[^\]]{1,200}\]\([^)\s]{1,500}\)/, 2],
  ['html', /^[ \t]*<!doctype[ \t]+html|<html[\s>]|<\/(div|body|head|p)>/i, 4],
  ['xml', /^[ \t]*<\?xml[ \t]/, 5],
  ['yaml', /^---[ \t]*$|^[\w.-]+:([ \t]+\S[^\n]{0,300})?$/, 1],
  ['yaml', /^[ \t]*-[ \t]+[\w.-]+:[ \t]/, 1],
];

const SAMPLE_CHARS = 32_768;
const SAMPLE_LINE_CHARS = 500;

function extensionOf(fileName: string): string | undefined {
  const base = fileName.split('/').pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : undefined;
}

function looksLikeJson(text: string): boolean {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

/** C and C++ share `.h`; a header using classes, templates or namespaces is C++. */
function refineHeader(text: string): Language {
  return /\b(class|namespace|template)\s*[\w<]|\bstd::|\bpublic:|\bvirtual\b/.test(text) ? 'cpp' : 'c';
}

function fromShebang(text: string): Language | undefined {
  const match = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(text);
  if (!match) return undefined;
  const program = match[1]?.split('/').pop() ?? '';
  const interpreter = program === 'env' ? (match[2] ?? '') : program;
  return SHEBANG_INTERPRETERS.find(([pattern]) => pattern.test(interpreter))?.[1];
}

export function detectFromContent(text: string): Language | undefined {
  if (looksLikeJson(text)) return 'json';
  // The beginning is enough to recognise a language, and bounds the work on large inputs.
  const sample = text
    .slice(0, SAMPLE_CHARS)
    .split('\n')
    .map((line) => line.slice(0, SAMPLE_LINE_CHARS));
  const scores = new Map<Language, number>();
  for (const [language, pattern, weight] of CONTENT_CUES) {
    if (sample.some((line) => pattern.test(line))) scores.set(language, (scores.get(language) ?? 0) + weight);
  }
  // TypeScript is a superset of JavaScript: JavaScript cues count for it as well.
  const js = scores.get('javascript');
  if (js !== undefined && scores.has('typescript')) scores.set('typescript', (scores.get('typescript') ?? 0) + js);
  let best: Language | undefined;
  let bestScore = 2;
  for (const [language, score] of scores) {
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Order of evidence: an explicit language argument, then a well-known file name, then the
 * extension (refined by the content for `.h`), then a shebang line, then cues in the content.
 */
export function detectLanguage(text: string, fileName: string | undefined, requested?: Language): Detection {
  if (requested) return { language: requested, detectedBy: 'argument' };
  if (fileName) {
    const base = (fileName.split('/').pop() ?? fileName).toLowerCase();
    const byName = FILE_NAMES[base] ?? (base.startsWith('dockerfile.') ? 'dockerfile' : undefined);
    if (byName) return { language: byName, detectedBy: 'filename' };
    const extension = extensionOf(fileName);
    const byExtension = extension === undefined ? undefined : EXTENSIONS[extension];
    if (byExtension) {
      return { language: extension === 'h' ? refineHeader(text) : byExtension, detectedBy: 'extension' };
    }
  }
  const byShebang = fromShebang(text);
  if (byShebang) return { language: byShebang, detectedBy: 'shebang' };
  const byContent = detectFromContent(text);
  if (byContent) return { language: byContent, detectedBy: 'content' };
  return { language: 'unknown', detectedBy: 'none' };
}
