import ts from 'typescript';
import { type TextRange, lineAt } from './lines';
import { ClassInfo, FunctionInfo, FunctionKind, ImportInfo, Structure, addMethod } from './structure';

export interface TypeScriptAnalysis extends Structure {
  comments: TextRange[];
}

const DECISION_KINDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.IfStatement,
  ts.SyntaxKind.ConditionalExpression,
  ts.SyntaxKind.CaseClause,
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.WhileStatement,
  ts.SyntaxKind.DoStatement,
  ts.SyntaxKind.CatchClause,
]);

/** `&&`, `||`, `??` and their assignment forms (`a ||= b` branches exactly like `a || (a = b)`). */
const DECISION_OPERATORS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

/** A function with a body: overload signatures, `declare` and abstract members are not functions to measure. */
function isImplementedFunction(node: ts.Node): node is FunctionNode {
  switch (node.kind) {
    case ts.SyntaxKind.ArrowFunction:
      return true;
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return (node as FunctionNode).body !== undefined;
    default:
      return false;
  }
}

function kindOf(node: FunctionNode): FunctionKind {
  switch (node.kind) {
    case ts.SyntaxKind.ArrowFunction:
      return 'arrow';
    case ts.SyntaxKind.MethodDeclaration:
      return 'method';
    case ts.SyntaxKind.Constructor:
      return 'constructor';
    case ts.SyntaxKind.GetAccessor:
      return 'getter';
    case ts.SyntaxKind.SetAccessor:
      return 'setter';
    default:
      return 'function';
  }
}

function scriptKindOf(
  fileName: string | undefined,
  language: 'typescript' | 'javascript',
  text: string,
): ts.ScriptKind {
  const extension = fileName ? /\.([cm]?[jt]sx?)$/i.exec(fileName)?.[1]?.toLowerCase() : undefined;
  if (extension === 'tsx') return ts.ScriptKind.TSX;
  if (extension === 'jsx') return ts.ScriptKind.JSX;
  if (extension?.endsWith('ts')) return ts.ScriptKind.TS;
  if (extension?.endsWith('js')) return ts.ScriptKind.JS;
  if (language === 'javascript') return ts.ScriptKind.JS;
  // Without a file name, JSX-looking content is parsed as TSX (where `<T>value` casts are not allowed).
  return /<\/[A-Za-z][\w.:-]*>|<[A-Za-z][\w.]*(\s[^<>]*)?\/>/.test(text) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

/**
 * Structure, complexity and comments of TypeScript or JavaScript from the compiler's own parser
 * (no type checking, so it is fast and needs no project). Each function is measured on its own:
 * decision points of a nested function or callback count for it, not for the function around it,
 * as ESLint's `complexity` rule does.
 */
export function analyzeTypeScript(
  text: string,
  lineStarts: readonly number[],
  language: 'typescript' | 'javascript',
  fileName: string | undefined,
): TypeScriptAnalysis {
  const scriptKind = scriptKindOf(fileName, language, text);
  const source = ts.createSourceFile(fileName ?? 'input.ts', text, ts.ScriptTarget.Latest, true, scriptKind);
  const functions: FunctionInfo[] = [];
  const classes: ClassInfo[] = [];
  const imports: ImportInfo[] = [];
  const line = (offset: number): number => lineAt(lineStarts, offset);

  const propertyName = (name: ts.PropertyName | ts.BindingName | ts.JsxAttributeName): string => {
    if (
      ts.isIdentifier(name) ||
      ts.isPrivateIdentifier(name) ||
      ts.isStringLiteral(name) ||
      ts.isNumericLiteral(name)
    ) {
      return name.text;
    }
    return name.getText(source);
  };

  /** What a function or class expression is called: the variable, property or attribute it is assigned to. */
  const nameFromContext = (node: ts.Node): string | undefined => {
    // A source file has no parent, whatever the declared type says.
    let parent = node.parent as ts.Node | undefined;
    while (
      parent &&
      (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))
    ) {
      parent = parent.parent;
    }
    if (!parent) return undefined;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return propertyName(parent.name);
    if (ts.isJsxExpression(parent) && ts.isJsxAttribute(parent.parent)) {
      return propertyName(parent.parent.name);
    }
    if (ts.isExportAssignment(parent)) return 'default';
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      if (ts.isPropertyAccessExpression(parent.left)) return parent.left.name.text;
      if (ts.isIdentifier(parent.left)) return parent.left.text;
    }
    return undefined;
  };

  const isDefaultExport = (node: ts.Node): boolean =>
    (ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined)?.some(
      (modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword,
    ) ?? false;

  const functionName = (node: FunctionNode): string => {
    if (node.kind === ts.SyntaxKind.Constructor) return 'constructor';
    if (node.name) return propertyName(node.name);
    if (ts.isFunctionDeclaration(node) && isDefaultExport(node)) return 'default';
    return nameFromContext(node) ?? '<anonymous>';
  };

  const className = (node: ts.ClassLikeDeclaration): string =>
    node.name?.text ?? (isDefaultExport(node) ? 'default' : (nameFromContext(node) ?? '<anonymous>'));

  /** Where a declaration starts for a reader: its first keyword or modifier, after any decorators. */
  const startOf = (node: ts.Node): number => {
    const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
    const decorators = ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined;
    if (!decorators || decorators.length === 0) return node.getStart(source);
    const afterDecorators = (decorators[decorators.length - 1] as ts.Decorator).end;
    const firstModifier = modifiers?.find((modifier) => modifier.getStart(source) >= afterDecorators);
    if (firstModifier) return firstModifier.getStart(source);
    const firstToken = node.getChildren(source).find((child) => child.getStart(source) >= afterDecorators);
    return firstToken ? firstToken.getStart(source) : node.getStart(source);
  };

  const complexityOf = (fn: FunctionNode): number => {
    let complexity = 1;
    const walk = (node: ts.Node): void => {
      if (DECISION_KINDS.has(node.kind)) complexity++;
      else if (ts.isBinaryExpression(node) && DECISION_OPERATORS.has(node.operatorToken.kind)) complexity++;
      if (isImplementedFunction(node) || ts.isClassLike(node)) return;
      ts.forEachChild(node, walk);
    };
    ts.forEachChild(fn, walk);
    return complexity;
  };

  const memberNames = (node: ts.ClassLikeDeclaration): string[] => {
    const names: string[] = [];
    for (const member of node.members) {
      if (ts.isConstructorDeclaration(member)) names.push('constructor');
      else if (
        ts.isMethodDeclaration(member) ||
        ts.isGetAccessorDeclaration(member) ||
        ts.isSetAccessorDeclaration(member)
      ) {
        names.push(propertyName(member.name));
      } else if (
        ts.isPropertyDeclaration(member) &&
        member.initializer &&
        (ts.isArrowFunction(member.initializer) || ts.isFunctionExpression(member.initializer))
      ) {
        names.push(propertyName(member.name));
      }
    }
    return [...new Set(names)];
  };

  /** The module named by `import … from`, `export … from`, `import x = require()`, `require()` or `import()`. */
  const importedModule = (node: ts.Node): ts.Expression | undefined => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return node.moduleSpecifier;
    if (ts.isExternalModuleReference(node)) return node.expression;
    if (ts.isCallExpression(node) && node.arguments.length === 1) {
      const dynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      if (dynamicImport || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) {
        return node.arguments[0];
      }
    }
    return undefined;
  };

  const visit = (node: ts.Node, parent: string | undefined): void => {
    const specifier = importedModule(node);
    if (specifier && ts.isStringLiteralLike(specifier)) {
      imports.push({ module: specifier.text, line: line(specifier.getStart(source)) });
    }
    if (isImplementedFunction(node)) {
      const name = functionName(node);
      functions.push({
        name,
        kind: kindOf(node),
        ...(parent ? { parent } : {}),
        line: line(startOf(node)),
        endLine: line(node.end - 1),
        complexity: complexityOf(node),
      });
      ts.forEachChild(node, (child) => visit(child, name === '<anonymous>' ? parent : name));
      return;
    }
    if (ts.isClassLike(node)) {
      const name = className(node);
      classes.push({
        name,
        kind: 'class',
        line: line(startOf(node)),
        endLine: line(node.end - 1),
        methods: memberNames(node),
      });
      ts.forEachChild(node, (child) => visit(child, name));
      return;
    }
    if (ts.isInterfaceDeclaration(node)) {
      const methods: ClassInfo = {
        name: node.name.text,
        kind: 'interface',
        line: line(startOf(node)),
        endLine: line(node.end - 1),
        methods: [],
      };
      for (const member of node.members)
        if (ts.isMethodSignature(member)) addMethod(methods, propertyName(member.name));
      classes.push(methods);
    }
    ts.forEachChild(node, (child) => visit(child, parent));
  };
  ts.forEachChild(source, (child) => visit(child, undefined));

  return { functions, classes, imports, comments: commentsOf(source) };
}

const FIRST_JSDOC = ts.SyntaxKind.FirstJSDocNode;
const LAST_JSDOC = ts.SyntaxKind.LastJSDocNode;

/**
 * Every comment in the file: comments live only in the trivia before a token, so the leading trivia
 * of every token is read (JSX text is not trivia: `<p>// hi</p>` is content).
 */
function commentsOf(source: ts.SourceFile): TextRange[] {
  const text = source.text;
  const comments: TextRange[] = [];
  // A hashbang line is a comment to ECMAScript (and skipped by the compiler's trivia scan).
  if (text.startsWith('#!')) {
    const newline = text.indexOf('\n');
    comments.push({ start: 0, end: newline === -1 ? text.length : newline });
  }
  const visit = (node: ts.Node): void => {
    if (node.kind >= FIRST_JSDOC && node.kind <= LAST_JSDOC) return;
    if (node.kind === ts.SyntaxKind.JsxText) return;
    const children = node.getChildren(source);
    if (children.length === 0) {
      // The compiler splits a trivia run into the previous token's trailing comments (same line) and
      // the next token's leading ones; both are wanted. An empty list shares its position with the
      // next token, so a run is read once.
      const add = (start: number, end: number): void => {
        const last = comments[comments.length - 1];
        if (!last || start >= last.end) comments.push({ start, end });
      };
      ts.forEachTrailingCommentRange(text, node.pos, add);
      ts.forEachLeadingCommentRange(text, node.pos, add);
      return;
    }
    for (const child of children) visit(child);
  };
  visit(source);
  return comments;
}
