import { analyzeBraces, hasBraceProfile } from './brace-analyzer';
import { DetectionSource, Language, PROSE_LANGUAGES, SYNTAX, detectLanguage } from './languages';
import { TextRange, lex } from './lexer';
import { Finding, LineStats, classifyLines, findMarkers, findMarkersEverywhere, lineStartsOf } from './lines';
import { analyzePython } from './python-analyzer';
import { analyzeRuby } from './ruby-analyzer';
import { ClassInfo, FunctionInfo, Structure } from './structure';
import { TypeScriptAnalysis, analyzeTypeScript } from './typescript-analyzer';

export type Analyzer = 'typescript-compiler' | 'python-heuristic' | 'ruby-heuristic' | 'brace-heuristic' | 'lines-only';

/** Lists longer than this are cut (the totals in `counts` stay exact), so one call cannot answer megabytes. */
export const MAX_LISTED = 1000;

export interface CodeAnalysis {
  language: Language;
  detectedBy: DetectionSource;
  analyzer: Analyzer;
  lines: LineStats;
  functions: FunctionInfo[];
  classes: ClassInfo[];
  /** Mean cyclomatic complexity of all functions, two decimals; 0 without functions. */
  averageComplexity: number;
  maxComplexity: number;
  findings: Finding[];
  counts: { functions: number; classes: number; findings: number };
  truncated: boolean;
}

export interface SourceInput {
  text: string;
  /** Used for language detection (extension, well-known names) and the TypeScript script kind. */
  fileName?: string;
  language?: Language;
}

/** `\r\n` and lone `\r` become `\n` and a byte-order mark is dropped, so every analyzer sees the same lines. */
export function normaliseText(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.includes('\r') ? withoutBom.replace(/\r\n?/g, '\n') : withoutBom;
}

/**
 * Nesting deeper than the call stack (thousands of nested brackets) overflows the compiler's
 * recursive parser; such a file still gets line counts and findings from the generic lexer.
 */
function parseTypeScript(
  text: string,
  lineStarts: readonly number[],
  language: 'typescript' | 'javascript',
  fileName: string | undefined,
): TypeScriptAnalysis | undefined {
  try {
    return analyzeTypeScript(text, lineStarts, language, fileName);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function analyzerFor(language: Language): Analyzer {
  if (language === 'typescript' || language === 'javascript') return 'typescript-compiler';
  if (language === 'python') return 'python-heuristic';
  if (language === 'ruby') return 'ruby-heuristic';
  return hasBraceProfile(language) ? 'brace-heuristic' : 'lines-only';
}

export function analyzeSource(input: SourceInput): CodeAnalysis {
  const text = normaliseText(input.text);
  const { language, detectedBy } = detectLanguage(text, input.fileName, input.language);
  const lineStarts = lineStartsOf(text);
  let analyzer = analyzerFor(language);

  let comments: TextRange[];
  let structure: Structure = { functions: [], classes: [] };
  const typescript =
    language === 'typescript' || language === 'javascript'
      ? parseTypeScript(text, lineStarts, language, input.fileName)
      : undefined;
  if (typescript) {
    comments = typescript.comments;
    structure = typescript;
  } else {
    if (analyzer === 'typescript-compiler') analyzer = 'lines-only';
    const lexed = lex(text, SYNTAX[language]);
    comments = lexed.comments;
    if (analyzer === 'python-heuristic') structure = analyzePython(lexed, lineStarts);
    else if (analyzer === 'ruby-heuristic') structure = analyzeRuby(lexed.masked, lineStarts);
    else if (analyzer === 'brace-heuristic') structure = analyzeBraces(lexed.masked, lineStarts, language);
  }

  const findings = PROSE_LANGUAGES.has(language)
    ? findMarkersEverywhere(text, lineStarts)
    : findMarkers(text, comments, lineStarts);
  const complexities = structure.functions.map((fn) => fn.complexity);
  const total = complexities.reduce((sum, value) => sum + value, 0);
  const averageComplexity = complexities.length === 0 ? 0 : Math.round((total / complexities.length) * 100) / 100;
  const truncated =
    structure.functions.length > MAX_LISTED || structure.classes.length > MAX_LISTED || findings.length > MAX_LISTED;

  return {
    language,
    detectedBy,
    analyzer,
    lines: classifyLines(text, comments, lineStarts),
    functions: structure.functions.slice(0, MAX_LISTED),
    classes: structure.classes.slice(0, MAX_LISTED),
    averageComplexity,
    maxComplexity: complexities.reduce((max, value) => Math.max(max, value), 0),
    findings: findings.slice(0, MAX_LISTED),
    counts: { functions: structure.functions.length, classes: structure.classes.length, findings: findings.length },
    truncated,
  };
}
