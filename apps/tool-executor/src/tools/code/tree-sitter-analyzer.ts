import { readFile } from 'node:fs/promises';
import { Language as Grammar, Node, Parser, Query, QueryMatch } from 'web-tree-sitter';
import { GRAMMARS, GrammarProfile } from './grammars';
import { type Language, PARSED_LANGUAGES, type ParsedLanguage } from './languages';
import type { TextRange } from './lines';
import {
  CLASS_KINDS,
  ClassInfo,
  ClassKind,
  FunctionInfo,
  FunctionKind,
  ImportInfo,
  Structure,
  addMethod,
} from './structure';

export interface TreeSitterAnalysis extends Structure {
  comments: TextRange[];
}

interface LoadedGrammar {
  parser: Parser;
  query: Query;
  profile: GrammarProfile;
}

const FUNCTION_ROLES = new Set(['function', 'method', 'constructor', 'getter', 'setter']);
/** A method declared without a body: its class lists it, but there is nothing to measure. */
const SIGNATURE = 'signature';
const CLASS_ROLES: ReadonlySet<string> = new Set(CLASS_KINDS);
/**
 * Error recovery on text that is not the language (thousands of unclosed heredocs, initialiser
 * lists, stray operators) can cost tree-sitter far more than real code does. The budget is work, not
 * time, so the same text always takes the same path whatever the machine's load: the runtime calls
 * the progress callback of a parse or a query once per 100 of its steps, and a parse or query that
 * needs more calls than the budget (a base plus so many per KiB) is given up, the text getting line
 * counts and findings from the comment lexer instead. Real code needs 7 to 13 calls per KiB to parse
 * and 6 to 10 to query (the fixtures at 1.6 MB); dense valid code (a C++ initialiser list of 20,000
 * brace initialisers) about 30; the budget leaves room above that. Some hostile text costs more per
 * step rather than more steps (a bash heredoc list the scanner copies at every token): the analysis
 * time limit of analysis-runner.ts is the last-resort net for that, never reached by a real file.
 */
const STEP_BUDGET_BASE = 2048;
const STEP_BUDGET_PER_KIB = 48;
/**
 * Querying an error tree of brackets nested tens of thousands deep costs time quadratic in the depth
 * (130,000 levels took 70 s), and the steps the runtime counts do not show it. Bracket nesting is
 * measured on the text before parsing: no real file nests thousands deep, and 5,000 nested C blocks
 * still parse.
 */
const MAX_BRACKET_DEPTH = 10_000;
/**
 * In-progress matches the query cursor keeps: without a bound, a node with thousands of children
 * in an error tree makes it track (and allocate for) every combination until the WASM heap runs out.
 */
const MATCH_LIMIT = 256;

/** Nodes that come before a declaration's first keyword but are not where a reader sees it start. */
const ANNOTATIONS = new Set(['annotation', 'marker_annotation', 'attribute_list', 'attribute_item', 'decorator']);

let runtime: Promise<void> | undefined;
const loading = new Map<ParsedLanguage, Promise<LoadedGrammar>>();
/** Grammars whose load has finished, so a parse with them starts at once. */
const compiled = new Set<ParsedLanguage>();
/** The last grammar load started: the runtime links one WASM module at a time, so loads queue behind it. */
let lastLoad: Promise<unknown> = Promise.resolve();
const PARSED: ReadonlySet<Language> = new Set(PARSED_LANGUAGES);

/** Starts the WASM runtime once per thread (each grammar is then compiled once, when first loaded). */
export function initTreeSitter(): Promise<void> {
  runtime ??= Parser.init();
  return runtime;
}

export function hasGrammar(language: Language): language is ParsedLanguage {
  return PARSED.has(language);
}

export function isGrammarLoaded(language: ParsedLanguage): boolean {
  return compiled.has(language);
}

/** The parser and query of a language, its grammar loaded from its npm package. */
export function loadGrammar(language: ParsedLanguage): Promise<LoadedGrammar> {
  const profile = GRAMMARS[language];
  let loaded = loading.get(language);
  if (!loaded) {
    const previous = lastLoad;
    loaded = (async () => {
      await previous.catch(() => undefined);
      await initTreeSitter();
      // Resolved through the package, so the same code finds it from the sources, dist/ and the image;
      // read here because the runtime's own reading uses a dynamic import, which Jest's VM refuses.
      const wasm = await readFile(require.resolve(profile.wasm));
      const grammar = await Grammar.load(wasm);
      const parser = new Parser();
      parser.setLanguage(grammar);
      // V8 compiles a WASM function on its first call; a first parse here keeps the compilation of the
      // grammar's lexer and scanner out of the first analysis's time limit.
      parser.parse('x')?.delete();
      const ready = { parser, query: new Query(grammar, profile.query), profile };
      compiled.add(language);
      return ready;
    })();
    loading.set(language, loaded);
    lastLoad = loaded;
  }
  return loaded;
}

/** A definition found by the query: a function or a class-like, with its extent in the text. */
interface Scope {
  start: number;
  end: number;
  node: Node;
  role: string;
  name: string;
  /** The class a method is declared for outside its body (Go receivers, C++ `A::f`). */
  owner?: string;
  info?: FunctionInfo | ClassInfo;
}

/** Where definitions nest, a more specific role wins over the generic `function` for the same node. */
function rolePriority(role: string): number {
  return role === 'function' ? 0 : 1;
}

/** 0-based row where a declaration starts for a reader: after its decorators and annotations. */
function declarationRow(node: Node): number {
  for (const child of node.children) {
    if (!child || ANNOTATIONS.has(child.type)) continue;
    if (child.type === 'modifiers') {
      const keyword = child.children.find((modifier) => modifier && !ANNOTATIONS.has(modifier.type));
      if (keyword) return keyword.startPosition.row;
      continue;
    }
    return child.startPosition.row;
  }
  return node.startPosition.row;
}

/** Trailing blanks a grammar may end a node with (Swift takes the line break that ends a statement). */
const MAX_TRAILING_BLANKS = 256;

/** 1-based line of the node's last non-blank character. */
function endLine(node: Node, text: string): number {
  let { row } = node.endPosition;
  const stop = Math.max(node.startIndex, node.endIndex - MAX_TRAILING_BLANKS);
  // Walking back from the end: each line break crossed is a row up.
  for (let i = node.endIndex - 1; i >= stop; i--) {
    const char = text.charCodeAt(i);
    if (char === 10) row--;
    else if (char !== 32 && char !== 9) break;
  }
  return row + 1;
}

function stripQuotes(text: string): string {
  return text.replace(/^[<"'`]|[>"'`]$/g, '');
}

/** In text order, an enclosing range before the ranges it contains. */
function byPosition(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return a.start - b.start || b.end - a.end;
}

/**
 * Functions, classes, imports, comments and complexity of one source text, from its tree-sitter
 * parse. The query finds every definition, decision point, import and comment in one pass over
 * the tree; one sweep over them in text order then nests them (parents, methods of classes) and
 * gives each decision to the innermost function containing it, so a nested function's decisions
 * count for it alone. Both steps are linear in the tree (plus one sort), whatever the nesting.
 */
export function analyzeTree(
  grammar: LoadedGrammar,
  text: string,
  steps: number = stepBudget(text),
): TreeSitterAnalysis | undefined {
  if (bracketDepth(text) > MAX_BRACKET_DEPTH) return undefined;
  let parseSteps = 0;
  const tree = grammar.parser.parse(text, null, { progressCallback: () => ++parseSteps > steps });
  if (!tree) {
    // A cancelled parse leaves the parser mid-way; the next one must start afresh.
    grammar.parser.reset();
    return undefined;
  }
  try {
    let querySteps = 0;
    const matches = grammar.query.matches(tree.rootNode, {
      matchLimit: MATCH_LIMIT,
      progressCallback: () => ++querySteps > steps,
    });
    // A cancelled query answers the matches found so far, which would undercount.
    if (querySteps > steps) return undefined;
    return collect(text, grammar.profile, matches);
  } finally {
    // Trees live in the WASM heap, which no garbage collector frees.
    tree.delete();
  }
}

/** Progress calls a parse, and then its query, may make for this text (see STEP_BUDGET_BASE). */
export function stepBudget(text: string): number {
  return STEP_BUDGET_BASE + Math.ceil((text.length / 1024) * STEP_BUDGET_PER_KIB);
}

/** Deepest nesting of round, square and curly brackets, wherever they stand (strings and comments too). */
export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 40 || char === 91 || char === 123) deepest = Math.max(deepest, ++depth);
    else if ((char === 41 || char === 93 || char === 125) && depth > 0) depth--;
  }
  return deepest;
}

function collect(text: string, profile: GrammarProfile, matches: QueryMatch[]): TreeSitterAnalysis {
  const scopes = new Map<number, Scope>();
  const decisions: TextRange[] = [];
  const imports: ImportInfo[] = [];
  const comments: TextRange[] = [];

  for (const match of matches) {
    let definition: Node | undefined;
    let role: string | undefined;
    let name: string | undefined;
    let owner: string | undefined;
    for (const capture of match.captures) {
      const { node } = capture;
      switch (capture.name) {
        case 'name':
          name = node.text;
          break;
        case 'owner':
          owner = node.text;
          break;
        case 'decision':
          decisions.push({ start: node.startIndex, end: node.endIndex });
          break;
        case 'import':
          imports.push({ module: stripQuotes(node.text), line: node.startPosition.row + 1 });
          break;
        case 'comment':
          comments.push({ start: node.startIndex, end: node.endIndex });
          break;
        default:
          if (FUNCTION_ROLES.has(capture.name) || CLASS_ROLES.has(capture.name) || capture.name === SIGNATURE) {
            definition = node;
            role = capture.name;
          }
      }
    }
    if (!definition || role === undefined) continue;
    const known = scopes.get(definition.id);
    if (known && rolePriority(known.role) >= rolePriority(role)) continue;
    scopes.set(definition.id, {
      start: definition.startIndex,
      end: definition.endIndex,
      node: definition,
      role,
      name: name ?? '<anonymous>',
      ...(owner !== undefined ? { owner } : {}),
    });
  }

  const structure = nest(text, profile, [...scopes.values()], decisions);
  comments.sort(byPosition);
  imports.sort((a, b) => a.line - b.line);
  return { ...structure, imports, comments: withoutOverlaps(comments) };
}

function withoutOverlaps(ranges: TextRange[]): TextRange[] {
  const kept: TextRange[] = [];
  for (const range of ranges) {
    const last = kept[kept.length - 1];
    if (!last || range.start >= last.end) kept.push(range);
  }
  return kept;
}

/** `getter`/`setter` when a decorator of the definition says so (`@property`, `@total.setter`). */
function accessorKind(profile: GrammarProfile, definition: Node): FunctionKind | undefined {
  const decorated = definition.parent;
  if (!profile.accessorDecorators || decorated?.type !== 'decorated_definition') return undefined;
  for (const child of decorated.namedChildren) {
    if (child?.type !== 'decorator') continue;
    const kind = profile.accessorDecorators[child.text.slice(1).trim().split('.').pop() ?? ''];
    if (kind) return kind;
  }
  return undefined;
}

function functionKind(profile: GrammarProfile, scope: Scope, enclosing: Scope | undefined): FunctionKind {
  if (scope.role === 'constructor' || scope.role === 'getter' || scope.role === 'setter') return scope.role;
  const owner =
    scope.owner ?? (enclosing && enclosing.info && 'methods' in enclosing.info ? enclosing.name : undefined);
  if (scope.role === 'function' && owner === undefined) return 'function';
  const accessor = accessorKind(profile, scope.node);
  if (accessor) return accessor;
  if (profile.constructorNames?.includes(scope.name)) return 'constructor';
  if (profile.constructorsNamedLikeClass && owner?.split('::').pop() === scope.name) return 'constructor';
  return 'method';
}

function nest(
  text: string,
  profile: GrammarProfile,
  scopes: Scope[],
  decisions: TextRange[],
): Pick<Structure, 'functions' | 'classes'> {
  const functions: FunctionInfo[] = [];
  const classes: ClassInfo[] = [];
  const classesByName = new Map<string, ClassInfo>();
  /** Methods declared outside their class's body, which may come before or after it. */
  const outside: Array<[owner: string, method: string]> = [];
  const events: Array<TextRange & { scope?: Scope }> = [
    ...scopes.map((scope) => ({ start: scope.start, end: scope.end, scope })),
    ...decisions,
  ];
  events.sort((a, b) => byPosition(a, b) || (a.scope ? 0 : 1) - (b.scope ? 0 : 1));

  const open: Scope[] = [];
  for (const event of events) {
    while (open.length > 0 && (open[open.length - 1] as Scope).end <= event.start) open.pop();
    const enclosing = open[open.length - 1];
    const scope = event.scope;
    if (!scope) {
      // A decision in a class body outside any method (a field initialiser) belongs to no function.
      if (enclosing?.info && 'complexity' in enclosing.info) enclosing.info.complexity++;
      continue;
    }
    if (scope.role === SIGNATURE) {
      if (enclosing?.info && 'methods' in enclosing.info) addMethod(enclosing.info, scope.name);
      continue;
    }
    const line = declarationRow(scope.node) + 1;
    if (CLASS_ROLES.has(scope.role)) {
      const info: ClassInfo = {
        name: scope.name,
        kind: scope.role as ClassKind,
        line,
        endLine: endLine(scope.node, text),
        methods: [],
      };
      scope.info = info;
      classes.push(info);
      if (!classesByName.has(info.name)) classesByName.set(info.name, info);
    } else {
      const kind = functionKind(profile, scope, enclosing);
      const parent = scope.owner?.split('::').pop() ?? enclosing?.name;
      const info: FunctionInfo = {
        name: scope.name,
        kind,
        ...(parent !== undefined ? { parent } : {}),
        line,
        endLine: endLine(scope.node, text),
        complexity: 1,
      };
      scope.info = info;
      functions.push(info);
      if (scope.owner !== undefined) outside.push([parent ?? scope.owner, scope.name]);
      else if (kind !== 'function' && enclosing?.info && 'methods' in enclosing.info)
        addMethod(enclosing.info, scope.name);
    }
    open.push(scope);
  }
  for (const [owner, method] of outside) {
    const target = classesByName.get(owner);
    if (target) addMethod(target, method);
  }
  return { functions, classes };
}
