/** What every structural analyzer (the TypeScript compiler or a tree-sitter grammar) reports about a source text. */

export const FUNCTION_KINDS = ['function', 'method', 'constructor', 'getter', 'setter', 'arrow'] as const;
export type FunctionKind = (typeof FUNCTION_KINDS)[number];

export const CLASS_KINDS = [
  'class',
  'interface',
  'struct',
  'enum',
  'record',
  'trait',
  'impl',
  'object',
  'protocol',
  'extension',
  'actor',
  'module',
] as const;
export type ClassKind = (typeof CLASS_KINDS)[number];

export interface FunctionInfo {
  /** `<anonymous>` for a callback nobody named. */
  name: string;
  kind: FunctionKind;
  /** The enclosing class (or, for a nested function, the enclosing function), when there is one. */
  parent?: string;
  /** 1-based, where the declaration starts (after decorators/annotations). */
  line: number;
  endLine: number;
  /** Cyclomatic complexity: 1 + decision points in the body, nested functions excluded. */
  complexity: number;
}

export interface ClassInfo {
  name: string;
  kind: ClassKind;
  line: number;
  endLine: number;
  /** Names of the methods (constructors, accessors included) declared in its body, in order, each once. */
  methods: string[];
}

export interface ImportInfo {
  /** The module, package, header or file imported, as written (without quotes or angle brackets). */
  module: string;
  line: number;
}

export interface Structure {
  functions: FunctionInfo[];
  classes: ClassInfo[];
  imports: ImportInfo[];
}

/** The names each class already lists: searching `methods` instead made a class of thousands of methods quadratic. */
const listed = new WeakMap<ClassInfo, Set<string>>();

export function addMethod(target: ClassInfo, name: string): void {
  let names = listed.get(target);
  if (!names) {
    names = new Set(target.methods);
    listed.set(target, names);
  }
  if (names.has(name)) return;
  names.add(name);
  target.methods.push(name);
}
