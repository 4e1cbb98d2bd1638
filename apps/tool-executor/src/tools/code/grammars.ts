import type { ParsedLanguage } from './languages';

/**
 * How each language parsed by tree-sitter is read: the grammar (a prebuilt WASM file from an npm
 * package; tree-sitter-wasms has most, built for ABI 13 and 14, which web-tree-sitter 0.25 loads;
 * its bash grammar calls libc functions the 0.25 runtime no longer exports, so bash comes from the
 * grammar's own package, built for 0.25) and one query whose captures name what the analyzer collects.
 *
 * Captures: a definition is `@function` (a method when a class-like encloses it), `@method` (a
 * method whatever encloses it), `@constructor`, `@getter` or `@setter`, with its `@name` and, for a
 * method defined outside its class (Go receivers, C++ `A::f`), the class as `@owner`;
 * `@signature` is a method declared without a body (interfaces, traits, C++ class bodies), which
 * its class lists but which is not a function to measure; a class-like is captured by its kind (`@class`, `@struct`, `@interface`, …, see
 * CLASS_KINDS) with its `@name`; `@decision` is one decision point of cyclomatic complexity,
 * `@import` the module an import names, `@comment` a comment (Python docstrings included). Captures
 * starting with `_` only serve predicates.
 */
export interface GrammarProfile {
  /** The grammar's WASM file, as a module path resolved from node_modules. */
  wasm: string;
  query: string;
  /** Method names that are constructors (Python `__init__`, Ruby `initialize`, PHP `__construct`). */
  constructorNames?: readonly string[];
  /** A method named like its class is a constructor (C++, which has no keyword for it). */
  constructorsNamedLikeClass?: boolean;
  /**
   * Decorators that make a method an accessor (Python `@property`, `@x.setter`). Read from the
   * definition's decorators rather than matched by the query: a pattern over a decorator list makes
   * the query cursor try every decorator of a long list against every other.
   */
  accessorDecorators?: Readonly<Record<string, 'getter' | 'setter'>>;
}

const C_DECISIONS = `
(if_statement) @decision
(for_statement) @decision
(while_statement) @decision
(do_statement) @decision
(case_statement value: (_)) @decision
(conditional_expression) @decision
(binary_expression operator: ["&&" "||"]) @decision
`;

/** A C function's name sits under its declarator, behind any pointer declarators. */
const C_FUNCTIONS = `
(function_definition declarator: (function_declarator declarator: (_) @name)) @function
(function_definition declarator: (pointer_declarator declarator: (function_declarator declarator: (_) @name))) @function
(function_definition declarator: (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (_) @name)))) @function
`;

const C_COMMON = `
${C_FUNCTIONS}
(struct_specifier name: (_) @name body: (_)) @struct
(enum_specifier name: (_) @name body: (_)) @enum
(preproc_include path: (_) @import)
(comment) @comment
${C_DECISIONS}
`;

export const GRAMMARS: Record<ParsedLanguage, GrammarProfile> = {
  python: {
    wasm: 'tree-sitter-wasms/out/tree-sitter-python.wasm',
    constructorNames: ['__init__'],
    accessorDecorators: { property: 'getter', setter: 'setter' },
    query: `
(function_definition name: (identifier) @name) @function
(class_definition name: (identifier) @name) @class
(import_statement name: (dotted_name) @import)
(import_statement name: (aliased_import name: (dotted_name) @import))
(import_from_statement module_name: (_) @import)
(comment) @comment
(expression_statement (string) @comment)
(if_statement) @decision
(elif_clause) @decision
(for_statement) @decision
(while_statement) @decision
(except_clause) @decision
(boolean_operator) @decision
(conditional_expression) @decision
(for_in_clause) @decision
(if_clause) @decision
(case_clause (case_pattern) @_pattern (#not-eq? @_pattern "_")) @decision
`,
  },
  go: {
    wasm: 'tree-sitter-wasms/out/tree-sitter-go.wasm',
    query: `
(function_declaration name: (identifier) @name) @function
(method_declaration
  receiver: (parameter_list (parameter_declaration type: [(type_identifier) @owner (pointer_type (type_identifier) @owner)]))
  name: (field_identifier) @name) @method
(method_spec name: (field_identifier) @name) @signature
(type_spec name: (type_identifier) @name type: (struct_type)) @struct
(type_spec name: (type_identifier) @name type: (interface_type)) @interface
(import_spec path: (_) @import)
(comment) @comment
(if_statement) @decision
(for_statement) @decision
(expression_case) @decision
(type_case) @decision
(communication_case) @decision
(binary_expression operator: ["&&" "||"]) @decision
`,
  },
  java: {
    wasm: 'tree-sitter-wasms/out/tree-sitter-java.wasm',
    query: `
(method_declaration name: (identifier) @name body: (_)) @function
(method_declaration name: (identifier) @name !body) @signature
(constructor_declaration name: (identifier) @name) @constructor
(class_declaration name: (identifier) @name) @class
(interface_declaration name: (identifier) @name) @interface
(enum_declaration name: (identifier) @name) @enum
(record_declaration name: (identifier) @name) @record
(import_declaration (scoped_identifier) @import)
(import_declaration (identifier) @import)
(line_comment) @comment
(block_comment) @comment
(if_statement) @decision
(for_statement) @decision
(enhanced_for_statement) @decision
(while_statement) @decision
(do_statement) @decision
(catch_clause) @decision
(ternary_expression) @decision
((switch_label) @decision (#not-match? @decision "^default"))
(binary_expression operator: ["&&" "||"]) @decision
`,
  },
  kotlin: {
    wasm: 'tree-sitter-wasms/out/tree-sitter-kotlin.wasm',
    query: `
(function_declaration (simple_identifier) @name) @function
(class_declaration (type_identifier) @name) @class
(object_declaration (type_identifier) @name) @object
(import_header (identifier) @import)
(line_comment) @comment
(multiline_comment) @comment
(if_expression) @decision
(for_statement) @decision
(while_statement) @decision
(do_while_statement) @decision
(when_entry (when_condition)) @decision
(catch_block) @decision
(conjunction_expression) @decision
(disjunction_expression) @decision
(elvis_expression) @decision
`,
  },
  swift: {
    wasm: 'tree-sitter-wasms/out/tree-sitter-swift.wasm',
    query: `
(function_declaration name: (simple_identifier) @name) @function
(init_declaration "init" @name) @constructor
(class_declaration declaration_kind: "class" name: (type_identifier) @name) @class
(class_declaration declaration_kind: "struct" name: (type_identifier) @name) @struct
(class_declaration declaration_kind: "enum" name: (type_identifier) @name) @enum
(class_declaration declaration_kind: "extension" name: (user_type) @name) @extension
(class_declaration declaration_kind: "actor" name: (type_identifier) @name) @actor
(protocol_declaration name: (type_identifier) @name) @protocol
(import_declaration (identifier) @import)
(comment) @comment
(multiline_comment) @comment
(if_statement) @decision
(guard_statement) @decision
(for_statement) @decision
(while_statement) @decision
(repeat_while_statement) @decision
(switch_entry (switch_pattern)) @decision
(catch_block) @decision
(ternary_expression) @decision
(conjunction_expression) @decision
(disjunction_expression) @decision
(nil_coalescing_expression) @decision
`,
  },
  scala: {
    wasm: 'tree-sitter-wasms/out/tree-sitter-scala.wasm',
    query: `
(function_definition name: (identifier) @name) @function
(class_definition name: (identifier) @name) @class
(object_definition name: (identifier) @name) @object
(trait_definition name: (identifier) @name) @trait
(import_declaration path: (_) @import)
(comment) @comment
(if_expression) @decision
(case_clause) @decision
(catch_clause) @decision
(infix_expression operator: (operator_identifier) @_operator (#match? @_operator "^(&&|\\\\|\\\\|)$")) @decision
`,
  },
  rust: {
    wasm: 'tree-sitter-wasms/out/tree-sitter-rust.wasm',
    query: `
(function_item name: (identifier) @name) @function
(struct_item name: (type_identifier) @name) @struct
(enum_item name: (type_identifier) @name) @enum
(trait_item name: (type_identifier) @name) @trait
(function_signature_item name: (identifier) @name) @signature
(impl_item type: [(type_identifier) @name (generic_type type: (type_identifier) @name) (scoped_type_identifier) @name]) @impl
(use_declaration argument: (_) @import)
(extern_crate_declaration name: (identifier) @import)
(line_comment) @comment
(block_comment) @comment
(if_expression) @decision
(while_expression) @decision
(for_expression) @decision
(match_arm) @decision
(binary_expression operator: ["&&" "||"]) @decision
`,
  },
  c: { wasm: 'tree-sitter-wasms/out/tree-sitter-c.wasm', query: C_COMMON },
  cpp: {
    wasm: 'tree-sitter-wasms/out/tree-sitter-cpp.wasm',
    constructorsNamedLikeClass: true,
    query: `
${C_COMMON}
(function_definition
  declarator: (function_declarator declarator: (qualified_identifier scope: (_) @owner name: (_) @name))) @method
(function_definition
  declarator: (reference_declarator (function_declarator declarator: (qualified_identifier scope: (_) @owner name: (_) @name)))) @method
(function_definition declarator: (reference_declarator (function_declarator declarator: (_) @name))) @function
(field_declaration declarator: (function_declarator declarator: (_) @name)) @signature
(class_specifier name: (_) @name body: (_)) @class
(for_range_loop) @decision
(catch_clause) @decision
`,
  },
  csharp: {
    wasm: 'tree-sitter-wasms/out/tree-sitter-c_sharp.wasm',
    query: `
(method_declaration name: (identifier) @name body: (_)) @function
(method_declaration name: (identifier) @name !body) @signature
(local_function_statement name: (identifier) @name) @function
(constructor_declaration name: (identifier) @name) @constructor
(property_declaration name: (identifier) @name (accessor_list (accessor_declaration "get" body: (_)) @getter))
(property_declaration name: (identifier) @name (accessor_list (accessor_declaration "set" body: (_)) @setter))
(class_declaration name: (identifier) @name) @class
(interface_declaration name: (identifier) @name) @interface
(struct_declaration name: (identifier) @name) @struct
(enum_declaration name: (identifier) @name) @enum
(record_declaration name: (identifier) @name) @record
(using_directive (qualified_name) @import)
(using_directive (identifier) @import)
(comment) @comment
(if_statement) @decision
(for_statement) @decision
(for_each_statement) @decision
(while_statement) @decision
(do_statement) @decision
(catch_clause) @decision
(conditional_expression) @decision
(switch_section (case_switch_label)) @decision
(switch_expression_arm) @decision
(binary_expression operator: ["&&" "||" "??"]) @decision
`,
  },
  ruby: {
    wasm: 'tree-sitter-wasms/out/tree-sitter-ruby.wasm',
    constructorNames: ['initialize'],
    query: `
(method name: (_) @name) @function
(singleton_method name: (_) @name) @method
(class name: (_) @name) @class
(module name: (_) @name) @module
(call
  method: (identifier) @_require (#match? @_require "^(require|require_relative|load)$")
  arguments: (argument_list . (string (string_content) @import)))
(comment) @comment
(if) @decision
(unless) @decision
(elsif) @decision
(while) @decision
(until) @decision
(for) @decision
(when) @decision
(rescue) @decision
(if_modifier) @decision
(unless_modifier) @decision
(while_modifier) @decision
(until_modifier) @decision
(rescue_modifier) @decision
(conditional) @decision
(binary operator: ["&&" "||" "and" "or"]) @decision
`,
  },
  php: {
    wasm: 'tree-sitter-wasms/out/tree-sitter-php.wasm',
    constructorNames: ['__construct'],
    query: `
(function_definition name: (name) @name) @function
(method_declaration name: (name) @name body: (_)) @function
(method_declaration name: (name) @name !body) @signature
(class_declaration name: (name) @name) @class
(interface_declaration name: (name) @name) @interface
(trait_declaration name: (name) @name) @trait
(enum_declaration name: (name) @name) @enum
(namespace_use_clause (qualified_name) @import)
(namespace_use_clause (name) @import)
(require_expression (string) @import)
(require_once_expression (string) @import)
(include_expression (string) @import)
(include_once_expression (string) @import)
(comment) @comment
(if_statement) @decision
(else_if_clause) @decision
(for_statement) @decision
(foreach_statement) @decision
(while_statement) @decision
(do_statement) @decision
(case_statement) @decision
(catch_clause) @decision
(conditional_expression) @decision
(match_conditional_expression) @decision
(binary_expression operator: ["&&" "||" "and" "or" "??"]) @decision
`,
  },
  shell: {
    wasm: 'tree-sitter-bash/tree-sitter-bash.wasm',
    query: `
(function_definition name: (word) @name) @function
(command
  name: (command_name) @_command (#match? @_command "^(source|\\\\.)$")
  argument: (_) @import)
(comment) @comment
(if_statement) @decision
(elif_clause) @decision
(for_statement) @decision
(c_style_for_statement) @decision
(while_statement) @decision
(case_item) @decision
(list ["&&" "||"] @decision)
`,
  },
};
