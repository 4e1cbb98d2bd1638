import { DetectionSource, Language, PROSE_LANGUAGES, SYNTAX, detectLanguage } from './languages';
import { findComments } from './lexer';
import {
  Finding,
  LineStats,
  TextRange,
  classifyLines,
  findMarkers,
  findMarkersEverywhere,
  lineStartsOf,
} from './lines';
import { ClassInfo, FunctionInfo, ImportInfo, Structure } from './structure';
import { analyzeTree, hasGrammar, isGrammarLoaded, loadGrammar } from './tree-sitter-analyzer';
import { TypeScriptAnalysis, analyzeTypeScript } from './typescript-analyzer';

export type Analyzer = 'typescript-compiler' | 'tree-sitter' | 'lines-only';

/** Lists longer than this are cut (the totals in `counts` stay exact), so one call cannot answer megabytes. */
export const MAX_LISTED = 1000;

export interface CodeAnalysis {
  language: Language;
  detectedBy: DetectionSource;
  analyzer: Analyzer;
  lines: LineStats;
  functions: FunctionInfo[];
  classes: ClassInfo[];
  imports: ImportInfo[];
  /** Mean cyclomatic complexity of all functions, two decimals; 0 without functions. */
  averageComplexity: number;
  maxComplexity: number;
  findings: Finding[];
  counts: { functions: number; classes: number; imports: number; findings: number };
  truncated: boolean;
}

/** What an analysis tells its runner while it runs. */
export interface AnalysisHooks {
  /** A grammar was loaded (compiled) for this analysis; its parse starts now. */
  grammarLoaded?: () => void;
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
 * recursive parser; such a file still gets line counts and findings from the comment lexer, as does
 * a file whose tree-sitter parse ran over its budget.
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

interface Parsed {
  analyzer: Analyzer;
  structure: Structure;
  comments: TextRange[];
}

async function parse(
  text: string,
  lineStarts: readonly number[],
  language: Language,
  fileName: string | undefined,
  hooks: AnalysisHooks,
): Promise<Parsed> {
  if (hasGrammar(language)) {
    const wasLoaded = isGrammarLoaded(language);
    const grammar = await loadGrammar(language);
    if (!wasLoaded) hooks.grammarLoaded?.();
    const parsed = analyzeTree(grammar, text);
    if (parsed) {
      const { comments, ...structure } = parsed;
      return { analyzer: 'tree-sitter', structure, comments };
    }
  }
  if (language === 'typescript' || language === 'javascript') {
    const typescript = parseTypeScript(text, lineStarts, language, fileName);
    if (typescript) {
      const { comments, ...structure } = typescript;
      return { analyzer: 'typescript-compiler', structure, comments };
    }
  }
  return {
    analyzer: 'lines-only',
    structure: { functions: [], classes: [], imports: [] },
    comments: findComments(text, SYNTAX[language]),
  };
}

export async function analyzeSource(input: SourceInput, hooks: AnalysisHooks = {}): Promise<CodeAnalysis> {
  const text = normaliseText(input.text);
  const { language, detectedBy } = detectLanguage(text, input.fileName, input.language);
  const lineStarts = lineStartsOf(text);
  const { analyzer, structure, comments } = await parse(text, lineStarts, language, input.fileName, hooks);

  const findings = PROSE_LANGUAGES.has(language)
    ? findMarkersEverywhere(text, lineStarts)
    : findMarkers(text, comments, lineStarts);
  const complexities = structure.functions.map((fn) => fn.complexity);
  const total = complexities.reduce((sum, value) => sum + value, 0);
  const averageComplexity = complexities.length === 0 ? 0 : Math.round((total / complexities.length) * 100) / 100;
  const { functions, classes, imports } = structure;
  const truncated = [functions, classes, imports, findings].some((list) => list.length > MAX_LISTED);

  return {
    language,
    detectedBy,
    analyzer,
    lines: classifyLines(text, comments, lineStarts),
    functions: functions.slice(0, MAX_LISTED),
    classes: classes.slice(0, MAX_LISTED),
    imports: imports.slice(0, MAX_LISTED),
    averageComplexity,
    maxComplexity: complexities.reduce((max, value) => Math.max(max, value), 0),
    findings: findings.slice(0, MAX_LISTED),
    counts: {
      functions: functions.length,
      classes: classes.length,
      imports: imports.length,
      findings: findings.length,
    },
    truncated,
  };
}
