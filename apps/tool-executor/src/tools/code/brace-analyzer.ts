import type { Language } from './languages';
import { lineAt } from './lines';
import { ClassInfo, ClassKind, FunctionInfo, FunctionKind, Structure, addMethod } from './structure';

/**
 * Brace/keyword heuristic for C-family and other brace languages (C, C++, C#, Java, Go, Rust,
 * Kotlin, Swift, Scala, PHP, shell). No parser: it reads the lexer's masked text (comments and string
 * contents blanked) once, left to right:
 *
 * - Every `{` opens a block, classified by its header, the text since the previous `;`, `{` or `}`
 *   (for Go, Kotlin, Swift, Scala and shell, whose statements end at line breaks, only the last line
 *   of it outside parentheses). Annotations, attributes and access labels are dropped, then:
 *   a control keyword (`if`, `for`, `try`, `switch`, `return`…) → plain block; the language's
 *   function keyword and a name (`func`, `fn`, `fun`, `def`, `function`; `init` in Swift,
 *   `constructor` in Kotlin) → function; a top-level `=` → plain block (initialisers, lambdas);
 *   a class keyword and a name (`class`, `struct`, `interface`, `enum`, `record`, `trait`, `impl`,
 *   `object`, `protocol`, `extension`, Go's `type X struct`) → class; in C, C++, C# and Java a
 *   balanced header `… name(…) …` whose name is not a keyword → function (`new X() {` is an anonymous
 *   class). Anything else is a plain block.
 * - The matching `}` ends the block: a function's or class's endLine is the line of that brace.
 * - A function whose nearest enclosing non-plain block is a class is a method of it (a constructor
 *   when named like the class); C++ `Foo::bar` and Go receivers `func (f *Foo) bar` are methods of
 *   `Foo` and are added to its class entry when the file declares it.
 * - Complexity = 1 + decision points met while the function is the innermost non-plain block:
 *   `if`/`elif`/`elseif`/`guard`, loops (`for`, `foreach`, `while`, `until`), `case` labels (not
 *   `default`, not Scala's `case _ =>`), `catch` (except Scala, where its cases count), `&&`, `||`,
 *   `??`, elvis `?:`, a spaced ternary ` ? `, Kotlin `when` and Rust `match` arms (not `else ->`,
 *   `_ =>`), shell `;;` case arms. Lambdas and closures are not separate functions: their decisions
 *   count for the function around them.
 *
 * Known limits: functions without a braced body (Kotlin/Scala `= expr`, C# `=> expr`, declarations)
 * are not listed; macros that expand to braces confuse it; a ternary needs spaces around `?`.
 */

type BlockType = 'function' | 'class' | 'namespace' | 'block' | 'init';

interface Block {
  type: BlockType;
  function?: FunctionInfo;
  class?: ClassInfo;
  /** Class name for method attribution even when the class is not listed (anonymous classes). */
  className?: string;
  /** Kotlin `when` / Rust `match`: arrows at this level are arms. */
  arms?: boolean;
  /** Header start to restore when a C++ brace initialiser inside a constructor's init list closes. */
  resumeHeaderAt?: number;
  /** What is known of that header, so it is not read again for each initialiser of a long init list. */
  resumeAs?: ResumedHeader;
}

interface ResumedHeader {
  classified: Classified;
  /** Offset (within the header) just after the `) :` that starts the init list. */
  colonEnd: number;
}

interface Profile {
  keywords: string[];
  ternary?: boolean;
  nullish?: boolean;
  elvis?: boolean;
  /** `&&` only between spaced operands (C++ and Rust also use `&&` for references). */
  strictAnd?: boolean;
  /** Rust `||` with nothing before it is an empty closure parameter list. */
  closureBars?: boolean;
  arms?: { header: RegExp; arrow: '->' | '=>'; wildcard: RegExp };
  shellCaseArms?: boolean;
  lineStatements?: boolean;
  /** Matched after modifiers are dropped; `name` group, optional `owner` group (receiver, extension or qualifier). */
  functionPattern?: RegExp;
  constructorPattern?: RegExp;
  /** C-style `type name(params)` detection. */
  cStyle?: boolean;
  classPatterns: Array<[RegExp, ClassKind | 'unnamed']>;
  namespacePattern?: RegExp;
  modifiers: RegExp;
  preprocessor?: boolean;
  constructorsNamedLikeClass?: boolean;
  /** A `case` that is a default in disguise (Scala `case _ =>`, Swift `case _:`). */
  wildcardCase?: RegExp;
  /** Method names that are constructors (PHP `__construct`). */
  constructorNames?: string[];
}

/** Headers of blocks that are statements, not declarations (`synchronized void f()` is a method, `synchronized (x)` a block). */
const CONTROL =
  /^(?:if|else|for|foreach|while|do|switch|try|catch|finally|when|match|loop|select|defer|go|return|guard|repeat|throw|yield|await)\b|^(?:default|case)\b(?!\s+(?:class|object)\b)[^{]*:|^(?:synchronized|lock|using|fixed)\s*\(|^(?:unsafe|checked|unchecked)\s*$/;
const NOT_FUNCTION_NAMES = new Set([
  'if',
  'for',
  'foreach',
  'while',
  'switch',
  'catch',
  'return',
  'sizeof',
  'new',
  'delete',
  'throw',
  'using',
  'lock',
  'fixed',
  'typeof',
  'nameof',
  'decltype',
  'alignof',
  'static_assert',
  'default',
  'case',
  'do',
  'else',
  'try',
  'synchronized',
  'when',
  'match',
  'defined',
  '__attribute__',
  'checked',
  'unchecked',
]);

const C_DECISIONS = ['if', 'for', 'while', 'case'];

const PROFILES: Partial<Record<Language, Profile>> = {
  c: {
    keywords: C_DECISIONS,
    ternary: true,
    cStyle: true,
    preprocessor: true,
    classPatterns: [
      [/^struct\s+([A-Za-z_]\w*)\s*$/, 'struct'],
      [/^enum\s+([A-Za-z_]\w*)\s*$/, 'enum'],
    ],
    modifiers: /^(?:(?:static|extern|inline|const|volatile|register|typedef|_Noreturn|__inline__?)\s+)+/,
  },
  cpp: {
    keywords: [...C_DECISIONS, 'catch'],
    ternary: true,
    strictAnd: true,
    cStyle: true,
    preprocessor: true,
    constructorsNamedLikeClass: true,
    classPatterns: [
      [/^enum\s+(?:class|struct)\s+([A-Za-z_]\w*)/, 'enum'],
      [/^enum\s+([A-Za-z_]\w*)/, 'enum'],
      [/^class\s+(?:\w+\s+(?=\w))?([A-Za-z_]\w*)(?:\s+final)?\s*(?::[^:]|$)/, 'class'],
      [/^struct\s+(?:\w+\s+(?=\w))?([A-Za-z_]\w*)(?:\s+final)?\s*(?::[^:]|$)/, 'struct'],
    ],
    namespacePattern: /^(?:inline\s+)?namespace\b[\w:\s]*$|^extern\s*"[^"]*"\s*$/,
    modifiers:
      /^(?:(?:static|extern|inline|virtual|explicit|friend|constexpr|consteval|constinit|typedef|const|volatile|mutable|template\s*<(?:[^<>]|<[^<>]*>)*>)\s*)+/,
  },
  java: {
    keywords: [...C_DECISIONS, 'catch'],
    ternary: true,
    cStyle: true,
    constructorsNamedLikeClass: true,
    classPatterns: [
      [/^@interface\s+([A-Za-z_]\w*)/, 'interface'],
      [/^interface\s+([A-Za-z_]\w*)/, 'interface'],
      [/^class\s+([A-Za-z_]\w*)/, 'class'],
      [/^enum\s+([A-Za-z_]\w*)/, 'enum'],
      [/^record\s+([A-Za-z_]\w*)/, 'record'],
    ],
    modifiers:
      /^(?:(?:public|private|protected|static|final|abstract|sealed|non-sealed|strictfp|native|transient|volatile|default|synchronized(?!\s*\())\s+)+/,
  },
  csharp: {
    keywords: [...C_DECISIONS, 'foreach', 'catch'],
    ternary: true,
    nullish: true,
    cStyle: true,
    preprocessor: true,
    constructorsNamedLikeClass: true,
    classPatterns: [
      [/^record\s+(?:struct|class)\s+([A-Za-z_]\w*)/, 'record'],
      [/^record\s+([A-Za-z_]\w*)/, 'record'],
      [/^class\s+([A-Za-z_]\w*)/, 'class'],
      [/^struct\s+([A-Za-z_]\w*)/, 'struct'],
      [/^interface\s+([A-Za-z_]\w*)/, 'interface'],
      [/^enum\s+([A-Za-z_]\w*)/, 'enum'],
    ],
    namespacePattern: /^namespace\s+[\w.]+\s*$/,
    modifiers:
      /^(?:(?:public|private|protected|internal|static|sealed|abstract|partial|readonly|unsafe|virtual|override|async|extern|new|ref|volatile|required|file)\s+)+/,
  },
  go: {
    keywords: ['if', 'for', 'case'],
    lineStatements: true,
    functionPattern:
      /^func\s*(?:\(\s*(?:\w+\s+)?\*?\s*(?<owner>[A-Za-z_]\w*)(?:\[[^\]]*\])?\s*\)\s*)?(?<name>[A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*\(/,
    classPatterns: [
      [/^type\s+([A-Za-z_]\w*)(?:\[[^\]]*\])?\s+struct\s*$/, 'struct'],
      [/^type\s+([A-Za-z_]\w*)(?:\[[^\]]*\])?\s+interface\s*$/, 'interface'],
    ],
    modifiers: /^(?!)/,
  },
  rust: {
    keywords: ['if', 'for', 'while'],
    strictAnd: true,
    closureBars: true,
    arms: { header: /\bmatch\b/, arrow: '=>', wildcard: /^_$/ },
    functionPattern: /^fn\s+(?<name>[A-Za-z_]\w*)/,
    classPatterns: [
      [/^struct\s+([A-Za-z_]\w*)/, 'struct'],
      [/^enum\s+([A-Za-z_]\w*)/, 'enum'],
      [/^trait\s+([A-Za-z_]\w*)/, 'trait'],
      [
        /^impl\b(?:\s*<(?:[^<>]|<(?:[^<>]|<[^<>]*>)*>)*>)?\s+(?:[\w:]+(?:<[^{]*?>)?\s+for\s+)?&?(?:\w+::)*([A-Za-z_]\w*)/,
        'impl',
      ],
    ],
    namespacePattern: /^mod\s+\w+\s*$/,
    modifiers: /^(?:(?:pub(?:\s*\([^)]*\))?|async|const|unsafe|default|extern(?:\s*"[^"]*")?)\s+)+/,
  },
  kotlin: {
    keywords: ['if', 'for', 'while', 'catch'],
    elvis: true,
    lineStatements: true,
    arms: { header: /\bwhen\b/, arrow: '->', wildcard: /^else$/ },
    functionPattern: /^fun\s+(?:<(?:[^<>]|<[^<>]*>)*>\s*)?(?:(?<owner>[^(]*?)\.)?(?<name>[A-Za-z_]\w*|`[^`]+`)\s*\(/,
    constructorPattern: /^constructor\s*\(/,
    classPatterns: [
      [/^enum\s+class\s+([A-Za-z_]\w*)/, 'enum'],
      [/^(?:annotation\s+)?class\s+([A-Za-z_]\w*)/, 'class'],
      [/^(?:fun\s+)?interface\s+([A-Za-z_]\w*)/, 'interface'],
      [/^(?:companion\s+)?object\s+([A-Za-z_]\w*)/, 'object'],
      [/^companion\s+object\s*$/, 'unnamed'],
    ],
    modifiers:
      /^(?:(?:public|private|protected|internal|open|final|abstract|sealed|data|inner|value|inline|override|suspend|operator|infix|tailrec|external|lateinit|expect|actual)\s+)+/,
  },
  swift: {
    keywords: ['if', 'guard', 'for', 'while', 'case', 'catch'],
    wildcardCase: /^\s+_\s*:/,
    ternary: true,
    nullish: true,
    lineStatements: true,
    functionPattern: /^(?:class\s+)?func\s+(?<name>[A-Za-z_]\w*|[^\s(<]+)/,
    constructorPattern: /^(?:convenience\s+|required\s+)*init[?!]?\s*(?:<[^>]*>)?\s*\(/,
    classPatterns: [
      [/^(?:final\s+)?class\s+([A-Za-z_]\w*)/, 'class'],
      [/^struct\s+([A-Za-z_]\w*)/, 'struct'],
      [/^(?:indirect\s+)?enum\s+([A-Za-z_]\w*)/, 'enum'],
      [/^protocol\s+([A-Za-z_]\w*)/, 'protocol'],
      [/^extension\s+([A-Za-z_][\w.]*)/, 'extension'],
      [/^actor\s+([A-Za-z_]\w*)/, 'actor'],
    ],
    modifiers:
      /^(?:(?:public|private|fileprivate|internal|open|static|final|override|mutating|nonmutating|@objc|dynamic|lazy|weak|unowned|nonisolated)\s+)+/,
  },
  scala: {
    keywords: ['if', 'for', 'while', 'case'],
    wildcardCase: /^\s+_\s*=>/,
    lineStatements: true,
    functionPattern: /^def\s+(?<name>[A-Za-z_]\w*|[^\s([:]+)/,
    classPatterns: [
      [/^(?:case\s+)?class\s+([A-Za-z_]\w*)/, 'class'],
      [/^(?:case\s+)?object\s+([A-Za-z_]\w*)/, 'object'],
      [/^trait\s+([A-Za-z_]\w*)/, 'trait'],
      [/^enum\s+([A-Za-z_]\w*)/, 'enum'],
    ],
    modifiers:
      /^(?:(?:private|protected)(?:\[\w+\])?\s+|(?:final|sealed|abstract|implicit|override|lazy|inline|open|transparent)\s+)+/,
  },
  php: {
    keywords: ['if', 'elseif', 'for', 'foreach', 'while', 'case', 'catch'],
    ternary: true,
    nullish: true,
    elvis: true,
    functionPattern: /^function\s+&?\s*(?<name>[A-Za-z_]\w*)/,
    classPatterns: [
      [/^class\s+([A-Za-z_]\w*)/, 'class'],
      [/^interface\s+([A-Za-z_]\w*)/, 'interface'],
      [/^trait\s+([A-Za-z_]\w*)/, 'trait'],
      [/^enum\s+([A-Za-z_]\w*)/, 'enum'],
    ],
    namespacePattern: /^namespace\b[\w\\\s]*$/,
    modifiers: /^(?:(?:public|private|protected|static|abstract|final|readonly)\s+)+/,
    constructorNames: ['__construct'],
  },
  shell: {
    keywords: ['if', 'elif', 'for', 'while', 'until'],
    shellCaseArms: true,
    lineStatements: true,
    functionPattern: /^(?:function\s+(?<name>[\w:.-]+)\s*(?:\(\s*\))?|(?<bare>[A-Za-z_][\w:.-]*)\s*\(\s*\))\s*$/,
    classPatterns: [],
    modifiers: /^(?!)/,
  },
};

export function hasBraceProfile(language: Language): boolean {
  return PROFILES[language] !== undefined;
}

/** Leading annotations / attributes / labels a header may carry before the declaration proper. */
const DECORATIONS =
  /^(?:\s+|@(?!interface\b)[\w.]+(?:\s*\((?:[^()]|\([^()]*\))*\))?|#!?\[(?:[^[\]]|\[[^\]]*\])*\]|\[\[[^\]]*\]\]|\[(?:[^[\]]|\[[^\]]*\])*\](?=\s*[\w[])|(?:public|private|protected|internal)\s*:(?!:)|<\?php\b|\?>)+/;

/** Offset just after the last top-level line break of a header that has something after it. */
function lastLineOffset(header: string): number {
  let depth = 0;
  let lastBreak = 0;
  let candidate = 0;
  for (let i = 0; i < header.length; i++) {
    const char = header[i];
    if (char === '(' || char === '[') depth++;
    else if ((char === ')' || char === ']') && depth > 0) depth--;
    else if (char === '\n' && depth === 0) {
      if (header.slice(lastBreak, i).trim() !== '') candidate = lastBreak;
      lastBreak = i + 1;
    }
  }
  return header.slice(lastBreak).trim() !== '' ? lastBreak : candidate;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') {
      depth--;
      if (depth < 0) return false;
    }
  }
  return depth === 0;
}

/** A `=` outside parentheses that is an assignment (`=`, `:=`), not `==`, `<=`, `+=`, `=>` or `operator=`. */
function hasTopLevelAssignment(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth = Math.max(0, depth - 1);
    else if (char === '=' && depth === 0) {
      const before = text[i - 1] ?? '';
      const after = text[i + 1] ?? '';
      if ('=!<>+-*/%&|^~'.includes(before) || after === '=' || after === '>') continue;
      if (/operator\s*$/.test(text.slice(Math.max(0, i - 16), i))) continue;
      return true;
    }
  }
  return false;
}

function firstTopLevelParen(text: string): number {
  let angle = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '<') angle++;
    else if (char === '>' && angle > 0) angle--;
    else if (char === '(' && angle === 0) return i;
  }
  return -1;
}

const ANONYMOUS_CLASS = /(?:^|[^\w.])new\s+[\w.]+(?:\s*<(?:[^<>]|<[^<>]*>)*>)?\s*\((?:[^()]|\([^()]*\))*\)\s*$/;

const C_NAME =
  /(?:(?<owner>~?[A-Za-z_]\w*)(?:\s*<[^<>]*>)?\s*::\s*)?(?<name>operator\s*(?:\[\]|[^\s\w(]+)|~?[A-Za-z_]\w*)\s*(?:<(?:[^<>]|<[^<>]*>)*>)?$/;

interface Classified {
  type: BlockType;
  /** Offset (within the header) where the declaration starts. */
  at: number;
  name?: string;
  owner?: string;
  kind?: ClassKind | 'unnamed';
  functionKind?: FunctionKind;
  anonymousClass?: boolean;
}

function classify(profile: Profile, language: Language, header: string): Classified {
  let at = profile.lineStatements ? lastLineOffset(header) : 0;
  const decorations = DECORATIONS.exec(header.slice(at));
  at += decorations ? decorations[0].length : 0;
  const declaration = header.slice(at).trimEnd();
  const plain: Classified = { type: 'block', at };
  // Java `new Runnable() {` (also after `return` or `=`): an anonymous class whose methods are methods.
  if (language === 'java' && ANONYMOUS_CLASS.test(declaration.slice(-1000)))
    return { type: 'class', at, anonymousClass: true };
  if (declaration === '' || CONTROL.test(declaration)) return plain;

  const modifiers = profile.modifiers.exec(declaration);
  const rest = modifiers ? declaration.slice(modifiers[0].length) : declaration;

  const fn = profile.functionPattern?.exec(rest);
  const name = fn?.groups?.['name'] ?? fn?.groups?.['bare'];
  if (fn && name) {
    const owner = fn.groups?.['owner']?.trim();
    return { type: 'function', at, name, ...(owner ? { owner: owner.replace(/<.*$/, '') } : {}) };
  }
  if (profile.constructorPattern?.test(rest)) {
    return {
      type: 'function',
      at,
      name: /^\w+/.exec(rest.replace(/^(?:convenience|required)\s+/g, ''))?.[0] ?? 'init',
      functionKind: 'constructor',
    };
  }
  if (profile.namespacePattern?.test(rest)) return { type: 'namespace', at };
  if (hasTopLevelAssignment(rest)) return plain;
  for (const [pattern, kind] of profile.classPatterns) {
    const match = pattern.exec(rest);
    if (match) return kind === 'unnamed' ? { type: 'class', at } : { type: 'class', at, name: match[1] ?? '', kind };
  }
  if (!profile.cStyle || !balanced(rest)) return plain;
  const paren = firstTopLevelParen(rest);
  if (paren <= 0) return plain;
  let before = rest.slice(0, paren).trimEnd();
  if (/\boperator$/.test(before) && rest.slice(paren).startsWith('()')) before += '()';
  // The name is at the end of `before`: a bounded tail keeps the unanchored regex linear.
  const named = C_NAME.exec(before.slice(-300));
  const functionName = named?.groups?.['name'];
  if (!functionName || NOT_FUNCTION_NAMES.has(functionName)) return plain;
  const owner = named.groups?.['owner'];
  return { type: 'function', at, name: functionName.replace(/\s+/g, ''), ...(owner ? { owner } : {}) };
}

const INIT_LIST_COLON = /\)\s*:[^:]/;
const ENDS_IN_MEMBER = /[\w>]$/;
const ENDS_BEFORE_BODY = /\)\s*(?:const|noexcept|override|final)?$/;
/** How much of a header's end the initialiser test reads: one bounded look keeps it linear however often a header is resumed. */
const TAIL = 300;

/**
 * Whether the `{` after a C++ function header opens a member's brace initialiser (`Foo() : a_(1), b_{`)
 * rather than the body (`Foo() : a_(1) {`, `void f() const {`). `colonAt` is where the header's
 * `) :` ends, known once per header.
 */
function opensMemberInitializer(header: string, colonAt: number): boolean {
  const trimmed = header.trimEnd();
  const tail = trimmed.slice(-TAIL);
  return trimmed.length > colonAt && ENDS_IN_MEMBER.test(tail) && !ENDS_BEFORE_BODY.test(tail);
}

const decisionPatterns = new WeakMap<Profile, RegExp>();

/**
 * The decision points of a language, from its fixed profile only (never from the analysed source),
 * built once per profile; every match loop starts it afresh through matchAll.
 */
function decisionPattern(profile: Profile): RegExp {
  const known = decisionPatterns.get(profile);
  if (known) return known;
  const parts: string[] = [];
  if (profile.shellCaseArms) parts.push(';;&?|;&');
  parts.push('[{};]');
  parts.push(`(?<![\\w.$@])(?:${profile.keywords.join('|')})(?![\\w$])`);
  parts.push('&&', '\\|\\|');
  if (profile.nullish) parts.push('\\?\\?');
  if (profile.elvis) parts.push('\\?:');
  if (profile.ternary) parts.push('\\?');
  if (profile.arms) parts.push(profile.arms.arrow);
  const pattern = new RegExp(parts.join('|'), 'g');
  decisionPatterns.set(profile, pattern);
  return pattern;
}

/** Blanks preprocessor lines (and their backslash continuations): `#if` is not a decision, `#define X {` no block. */
function withoutPreprocessor(masked: string): string {
  return masked.replace(/^[ \t]*#(?:[^\n]*\\\n)*[^\n]*/gm, (directive) => directive.replace(/[^\n]/g, ' '));
}

export function analyzeBraces(masked: string, lineStarts: readonly number[], language: Language): Structure {
  const profile = PROFILES[language];
  if (!profile) return { functions: [], classes: [] };
  const text = profile.preprocessor ? withoutPreprocessor(masked) : masked;
  const functions: FunctionInfo[] = [];
  const classes: ClassInfo[] = [];
  const stack: Block[] = [];
  const line = (offset: number): number => lineAt(lineStarts, offset);
  let headerStart = 0;
  /** The classification of the header that resumes at `resumed.at` after a C++ brace initialiser closed. */
  let resumed: (ResumedHeader & { at: number }) | undefined;
  /** C++ `Foo::bar` and Go receiver methods, attached to their class once the whole file is read. */
  const ownedElsewhere: Array<[string, string]> = [];

  /** Nearest function or class at or below each stack level, so finding it is O(1) however deep the plain blocks nest. */
  const owners: Array<Block | undefined> = [];
  const push = (block: Block): void => {
    owners.push(block.type === 'function' || block.type === 'class' ? block : owners[owners.length - 1]);
    stack.push(block);
  };
  const pop = (): Block | undefined => {
    owners.pop();
    return stack.pop();
  };
  const enclosing = (): Block | undefined => owners[owners.length - 1];

  const open = (at: number): void => {
    const header = text.slice(headerStart, at);
    const known = resumed?.at === headerStart ? resumed : undefined;
    resumed = undefined;
    const classified = known?.classified ?? classify(profile, language, header);
    const start = headerStart + classified.at;
    const outer = enclosing();
    if (classified.type === 'function' && classified.name) {
      let kind: FunctionKind = classified.functionKind ?? 'function';
      let parent: string | undefined;
      if (classified.owner) {
        parent = classified.owner;
        kind = 'method';
        ownedElsewhere.push([classified.owner, classified.name]);
      } else if (outer?.type === 'class') {
        parent = outer.className;
        kind = classified.functionKind ?? 'method';
        if (outer.class) addMethod(outer.class, classified.name);
      } else if (outer?.function) {
        parent = outer.function.name;
      }
      if (profile.constructorsNamedLikeClass && parent === classified.name.replace(/^~/, '')) {
        kind = classified.name.startsWith('~') ? 'method' : 'constructor';
      }
      if (kind === 'method' && profile.constructorNames?.includes(classified.name)) kind = 'constructor';
      // C++ `Foo() : a_(1), b_{2} {`: the `{` after `b_` initialises a member, it is not the body.
      const colon = known ? undefined : language === 'cpp' ? INIT_LIST_COLON.exec(header) : null;
      const colonEnd = known?.colonEnd ?? (colon ? colon.index + colon[0].length : undefined);
      if (colonEnd !== undefined && opensMemberInitializer(header, colonEnd)) {
        push({ type: 'init', resumeHeaderAt: headerStart, resumeAs: { classified, colonEnd } });
        headerStart = at + 1;
        return;
      }
      const info: FunctionInfo = {
        name: classified.name,
        kind,
        ...(parent ? { parent } : {}),
        line: line(start),
        endLine: line(start),
        complexity: 1,
      };
      functions.push(info);
      push({ type: 'function', function: info });
    } else if (classified.type === 'class') {
      if (classified.name && classified.kind && classified.kind !== 'unnamed') {
        const info: ClassInfo = {
          name: classified.name,
          kind: classified.kind,
          line: line(start),
          endLine: line(start),
          methods: [],
        };
        classes.push(info);
        push({ type: 'class', class: info, className: info.name });
      } else {
        push({ type: 'class' });
      }
    } else {
      const arms = profile.arms !== undefined && profile.arms.header.test(header.slice(classified.at));
      push({ type: classified.type, ...(arms ? { arms } : {}) });
    }
    headerStart = at + 1;
  };

  const close = (at: number): void => {
    const block = pop();
    if (block?.function) block.function.endLine = line(at);
    if (block?.class) block.class.endLine = line(at);
    headerStart = block?.resumeHeaderAt ?? at + 1;
    if (block?.resumeHeaderAt !== undefined && block.resumeAs)
      resumed = { at: block.resumeHeaderAt, ...block.resumeAs };
  };

  const pattern = decisionPattern(profile);
  for (const match of text.matchAll(pattern)) {
    const token = match[0];
    const at = match.index;
    if (token === '{') {
      open(at);
      continue;
    }
    if (token === '}') {
      close(at);
      continue;
    }
    if (token === ';') {
      headerStart = at + 1;
      continue;
    }
    const owner = enclosing();
    const counting = owner?.type === 'function' ? owner.function : undefined;
    if (token.startsWith(';')) {
      headerStart = at + token.length;
      if (counting) counting.complexity++;
      continue;
    }
    if (!counting) continue;
    if (!countsAsDecision(profile, text, token, at, stack[stack.length - 1])) continue;
    counting.complexity++;
  }
  const end = Math.max(0, text.length - 1);
  while (stack.length > 0) close(end);
  // The first class of each name, found by lookup: a search per method was quadratic in large files.
  const classByName = new Map<string, ClassInfo>();
  for (const candidate of classes)
    if (candidate.kind !== 'interface' && !classByName.has(candidate.name)) classByName.set(candidate.name, candidate);
  for (const [ownerName, method] of ownedElsewhere) {
    const owner = classByName.get(ownerName);
    if (owner) addMethod(owner, method);
  }
  return { functions, classes };
}

function countsAsDecision(
  profile: Profile,
  text: string,
  token: string,
  at: number,
  innermost: Block | undefined,
): boolean {
  const before = text[at - 1] ?? '\n';
  const after = text[at + token.length] ?? '\n';
  const lineBefore = (): string => {
    const chunk = text.slice(Math.max(0, at - 200), at);
    return chunk.slice(chunk.lastIndexOf('\n') + 1).trim();
  };
  switch (token) {
    case '&&':
      return !profile.strictAnd || (/[\s)]/.test(before) && /[\s(!]/.test(after));
    case '||': {
      if (!profile.closureBars) return true;
      const previous = text.slice(Math.max(0, at - 40), at).trimEnd();
      return /[\w)\]}?'"]$/.test(previous) && !/\b(?:move|return|in)$/.test(previous);
    }
    case '?':
      if (!/[\s)]/.test(before) || !/\s/.test(after)) return false;
      return !/^\s*(?:extends|super)\b|^\s*[>,]/.test(text.slice(at + 1, at + 20));
    case '->':
    case '=>': {
      if (!profile.arms || token !== profile.arms.arrow || !innermost?.arms) return false;
      return !profile.arms.wildcard.test(lineBefore());
    }
    case 'case': {
      const next = text.slice(at + 4, at + 40);
      return !/^\s+(?:class|object)\b/.test(next) && !(profile.wildcardCase?.test(next) ?? false);
    }
    default:
      return true;
  }
}
