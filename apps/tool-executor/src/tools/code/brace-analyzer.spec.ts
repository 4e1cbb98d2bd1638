import { analyzeSource } from './analyze-source';

const lines = (...source: string[]): string => `${source.join('\n')}\n`;

describe('brace heuristic: Java', () => {
  const result = analyzeSource({
    fileName: 'OrderService.java',
    text: lines(
      'package com.example;', // 1
      '',
      'import java.util.List;',
      '',
      '/**', // 5
      ' * Orders.',
      ' */',
      'public class OrderService {', // 8
      '    private final List<String> items;',
      '', // 10
      '    public OrderService(List<String> items) {',
      '        this.items = items;',
      '    }',
      '',
      '    @Override', // 15
      '    public String toString() {',
      '        return "OrderService{items=" + items + "}"; // braces in strings',
      '    }',
      '',
      '    public int total(int discount) throws IllegalStateException {', // 20
      '        int sum = 0;',
      '        for (String item : items) {',
      '            if (item.isEmpty() || item.startsWith("#")) {',
      '                continue;',
      '            }', // 25
      '            switch (item.charAt(0)) {',
      "                case 'a':",
      '                    sum += 1;',
      '                    break;',
      "                case '}':", // 30
      '                    sum += 2;',
      '                    break;',
      '                default:',
      '                    sum += discount > 0 ? 3 : 4;',
      '            }', // 35
      '        }',
      '        try {',
      '            validate(sum);',
      '        } catch (IllegalArgumentException e) {',
      '            // XXX: swallowing', // 40
      '        }',
      '        return sum;',
      '    }',
      '',
      '    private static <T> void validate(T value) {', // 45
      '        Runnable r = new Runnable() {',
      '            @Override',
      '            public void run() {',
      '                while (value == null) { }',
      '            }', // 50
      '        };',
      '        r.run();',
      '    }',
      '}',
    ),
  });

  it('counts lines', () => {
    expect(result.analyzer).toBe('brace-heuristic');
    expect(result.lines).toEqual({ total: 54, code: 44, comment: 4, blank: 6 });
  });

  it('finds constructors, annotated methods and methods of anonymous classes', () => {
    expect(result.functions).toEqual([
      { name: 'OrderService', kind: 'constructor', parent: 'OrderService', line: 11, endLine: 13, complexity: 1 },
      { name: 'toString', kind: 'method', parent: 'OrderService', line: 16, endLine: 18, complexity: 1 },
      { name: 'total', kind: 'method', parent: 'OrderService', line: 20, endLine: 43, complexity: 8 },
      { name: 'validate', kind: 'method', parent: 'OrderService', line: 45, endLine: 53, complexity: 1 },
      { name: 'run', kind: 'method', line: 48, endLine: 50, complexity: 2 },
    ]);
    expect(result.classes).toEqual([
      {
        name: 'OrderService',
        kind: 'class',
        line: 8,
        endLine: 54,
        methods: ['OrderService', 'toString', 'total', 'validate'],
      },
    ]);
    expect(result.findings).toEqual([{ kind: 'XXX', line: 40, text: 'XXX: swallowing' }]);
  });
});

describe('brace heuristic: Go', () => {
  const result = analyzeSource({
    fileName: 'shapes.go',
    text: lines(
      'package main',
      '',
      'import (',
      '\t"fmt"',
      '\t"strings"', // 5
      ')',
      '',
      '// Shape is anything with an area.',
      'type Shape interface {',
      '\tArea() float64', // 10
      '}',
      '',
      'type Rect struct {',
      '\tW, H float64',
      '}', // 15
      '',
      'func (r *Rect) Area() float64 {',
      '\treturn r.W * r.H',
      '}',
      '', // 20
      'func classify(values []int) (string, error) {',
      '\tvar parts []string',
      '\tfor _, v := range values {',
      '\t\tswitch {',
      '\t\tcase v < 0 && v != -1:', // 25
      '\t\t\tparts = append(parts, "neg")',
      '\t\tcase v == 0:',
      '\t\t\tparts = append(parts, "zero")',
      '\t\tdefault:',
      '\t\t\tparts = append(parts, `raw { string`)', // 30
      '\t\t}',
      '\t}',
      '\tif len(parts) == 0 || parts[0] == "" {',
      '\t\treturn "", fmt.Errorf("empty")',
      '\t}', // 35
      '\t/* TODO: join',
      '\t   with commas */',
      '\tgo func() {',
      '\t\tif true {',
      '\t\t}', // 40
      '\t}()',
      '\treturn strings.Join(parts, ","), nil',
      '}',
    ),
  });

  it('counts lines and finds receiver methods, closures counting for their function', () => {
    expect(result.lines).toEqual({ total: 43, code: 35, comment: 3, blank: 5 });
    expect(result.functions).toEqual([
      { name: 'Area', kind: 'method', parent: 'Rect', line: 17, endLine: 19, complexity: 1 },
      { name: 'classify', kind: 'function', line: 21, endLine: 43, complexity: 8 },
    ]);
    expect(result.classes).toEqual([
      { name: 'Shape', kind: 'interface', line: 9, endLine: 11, methods: [] },
      { name: 'Rect', kind: 'struct', line: 13, endLine: 15, methods: ['Area'] },
    ]);
    expect(result.findings).toEqual([{ kind: 'TODO', line: 36, text: 'TODO: join' }]);
  });
});

describe('brace heuristic: C', () => {
  const result = analyzeSource({
    fileName: 'main.c',
    text: lines(
      '#include <stdio.h>',
      '#define MAX(a, b) ((a) > (b) ? (a) : (b))',
      '',
      'struct point {',
      '    int x, y;', // 5
      '};',
      '',
      'static int clamp(int v, int lo, int hi)',
      '{',
      '    if (v < lo) return lo;', // 10
      '    else if (v > hi) return hi;',
      '    return v;',
      '}',
      '',
      'int main(int argc, char **argv) {', // 15
      '    const char *s = "/* not a comment */ {";',
      "    char c = '{';",
      '    int total = 0;',
      '    for (int i = 0; i < argc; i++) {',
      "        total += argv[i][0] == '-' ? 1 : 0;", // 20
      '    }',
      '#ifdef DEBUG',
      '    while (total-- > 0 && s) printf("%c", c);',
      '#endif',
      '    return clamp(total, 0, 10); /* FIXME: magic numbers */', // 25
      '}',
    ),
  });

  it('handles preprocessor lines, braces on their own line, and braces in strings and char literals', () => {
    expect(result.lines).toEqual({ total: 26, code: 23, comment: 0, blank: 3 });
    expect(result.functions).toEqual([
      { name: 'clamp', kind: 'function', line: 8, endLine: 13, complexity: 3 },
      { name: 'main', kind: 'function', line: 15, endLine: 26, complexity: 5 },
    ]);
    expect(result.classes).toEqual([{ name: 'point', kind: 'struct', line: 4, endLine: 6, methods: [] }]);
    expect(result.findings).toEqual([{ kind: 'FIXME', line: 25, text: 'FIXME: magic numbers' }]);
  });
});

describe('brace heuristic: C++', () => {
  const result = analyzeSource({
    fileName: 'stack.hpp',
    text: lines(
      '#include <vector>',
      'namespace geo {',
      'template <typename T>',
      'class Stack : public Base {',
      'public:', // 5
      '    Stack() : size_(0), items_{} {}',
      '    ~Stack() {}',
      '    bool push(T&& item) {',
      '        if (size_ >= 10 && !full()) return false;',
      '        items_.push_back(item);', // 10
      '        return true;',
      '    }',
      'private:',
      '    int size_;',
      '};', // 15
      '',
      'int Stack<int>::count() const {',
      '    try { return size_; } catch (...) { return -1; }',
      '}',
      '}  // namespace geo', // 20
      'auto raw = R"(a { b } // c)";',
    ),
  });

  it('handles templates, init lists with braces, destructors, qualified methods and raw strings', () => {
    expect(result.lines).toEqual({ total: 21, code: 20, comment: 0, blank: 1 });
    expect(result.functions).toEqual([
      { name: 'Stack', kind: 'constructor', parent: 'Stack', line: 6, endLine: 6, complexity: 1 },
      { name: '~Stack', kind: 'method', parent: 'Stack', line: 7, endLine: 7, complexity: 1 },
      { name: 'push', kind: 'method', parent: 'Stack', line: 8, endLine: 12, complexity: 3 },
      { name: 'count', kind: 'method', parent: 'Stack', line: 17, endLine: 19, complexity: 2 },
    ]);
    expect(result.classes).toEqual([
      { name: 'Stack', kind: 'class', line: 3, endLine: 15, methods: ['Stack', '~Stack', 'push', 'count'] },
    ]);
  });
});

describe('brace heuristic: Rust', () => {
  const result = analyzeSource({
    fileName: 'point.rs',
    text: lines(
      'use std::fmt;',
      '',
      '#[derive(Debug)]',
      "pub struct Point<'a> {",
      "    name: &'a str,", // 5
      '    x: i32,',
      '}',
      '',
      "impl<'a> fmt::Display for Point<'a> {",
      '    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {', // 10
      '        write!(f, "{}", self.name)',
      '    }',
      '}',
      '',
      '/// Sign of a number.', // 15
      "pub fn sign(n: i32) -> &'static str {",
      '    let label = match n {',
      '        i32::MIN..=-1 => "negative",',
      '        0 => "zero",',
      '        _ => "positive",', // 20
      '    };',
      '    if n > 100 && label != "zero" || n < -100 {',
      '        return "big";',
      '    }',
      '    let f = || n > 0;', // 25
      '    /* nested /* comment */ still comment */',
      '    label',
      '}',
    ),
  });

  it('handles lifetimes, nested comments, impl blocks, match arms and closures', () => {
    expect(result.lines).toEqual({ total: 28, code: 23, comment: 2, blank: 3 });
    expect(result.functions).toEqual([
      { name: 'fmt', kind: 'method', parent: 'Point', line: 10, endLine: 12, complexity: 1 },
      { name: 'sign', kind: 'function', line: 16, endLine: 28, complexity: 6 },
    ]);
    expect(result.classes).toEqual([
      { name: 'Point', kind: 'struct', line: 4, endLine: 7, methods: [] },
      { name: 'Point', kind: 'impl', line: 9, endLine: 13, methods: ['fmt'] },
    ]);
  });
});

describe('brace heuristic: Kotlin', () => {
  const result = analyzeSource({
    fileName: 'User.kt',
    text: lines(
      'package demo',
      '',
      'data class User(val name: String, val age: Int = 0) {',
      '    fun isAdult(): Boolean = age >= 18',
      '', // 5
      '    fun describe(): String {',
      '        return when {',
      '            age < 13 -> "child"',
      '            age < 20 && name.isNotEmpty() -> "teen"',
      '            else -> "adult"', // 10
      '        }',
      '    }',
      '}',
      '',
      'fun String.shout(times: Int): String {', // 15
      '    val base = this.uppercase() ?: ""',
      '    return (1..times).joinToString("") { i -> if (i % 2 == 0) base else base.lowercase() }',
      '}',
    ),
  });

  it('counts when arms but not lambda arrows, and treats extension functions as methods of their receiver', () => {
    expect(result.lines).toEqual({ total: 18, code: 15, comment: 0, blank: 3 });
    expect(result.functions).toEqual([
      { name: 'describe', kind: 'method', parent: 'User', line: 6, endLine: 12, complexity: 4 },
      { name: 'shout', kind: 'method', parent: 'String', line: 15, endLine: 18, complexity: 3 },
    ]);
    expect(result.classes).toEqual([{ name: 'User', kind: 'class', line: 3, endLine: 13, methods: ['describe'] }]);
  });
});

describe('brace heuristic: C#', () => {
  const result = analyzeSource({
    fileName: 'Cart.cs',
    text: lines(
      'using System;',
      '',
      'namespace Shop',
      '{',
      '    [Serializable]', // 5
      '    public sealed class Cart',
      '    {',
      '        public decimal Total { get; private set; }',
      '',
      '        public Cart(decimal total) => Total = total;', // 10
      '',
      '        public decimal Discount(string code)',
      '        {',
      '            var rate = code switch { "A" => 0.1m, _ => 0m };',
      '            foreach (var c in code ?? "")', // 15
      '            {',
      "                if (char.IsDigit(c) || c == '#') rate += 0.01m;",
      '            }',
      '            return Total * (rate > 0.5m ? 0.5m : rate);',
      '        }', // 20
      '    }',
      '}',
    ),
  });

  it('skips attributes, properties and switch expressions; counts ?? and spaced ternaries', () => {
    expect(result.lines).toEqual({ total: 22, code: 19, comment: 0, blank: 3 });
    expect(result.functions).toEqual([
      { name: 'Discount', kind: 'method', parent: 'Cart', line: 12, endLine: 20, complexity: 6 },
    ]);
    expect(result.classes).toEqual([{ name: 'Cart', kind: 'class', line: 6, endLine: 21, methods: ['Discount'] }]);
  });
});

describe('brace heuristic: PHP', () => {
  const result = analyzeSource({
    fileName: 'UserRepo.php',
    text: lines(
      '<?php',
      'namespace App;',
      '',
      '# Users.',
      'class UserRepo extends Base', // 5
      '{',
      '    public function __construct(private array $rows = []) {}',
      '',
      '    public function find(int $id): ?array',
      '    {', // 10
      '        foreach ($this->rows as $row) {',
      "            if ($row['id'] === $id && !empty($row)) {",
      '                return $row;',
      '            }',
      '        }', // 15
      '        return $this->rows[0] ?? null;',
      '    }',
      '}',
      '',
      'function helper($x) {', // 20
      '    return $x ?: <<<EOT',
      '  { not code # nor comment',
      '  EOT;',
      '}',
    ),
  });

  it('handles # comments, heredocs, constructors, ?? and ?:', () => {
    expect(result.lines).toEqual({ total: 24, code: 20, comment: 1, blank: 3 });
    expect(result.functions).toEqual([
      { name: '__construct', kind: 'constructor', parent: 'UserRepo', line: 7, endLine: 7, complexity: 1 },
      { name: 'find', kind: 'method', parent: 'UserRepo', line: 9, endLine: 17, complexity: 5 },
      { name: 'helper', kind: 'function', line: 20, endLine: 24, complexity: 2 },
    ]);
    expect(result.classes).toEqual([
      { name: 'UserRepo', kind: 'class', line: 5, endLine: 18, methods: ['__construct', 'find'] },
    ]);
  });
});

describe('brace heuristic: shell', () => {
  const result = analyzeSource({
    fileName: 'deploy.sh',
    text: lines(
      '#!/bin/bash',
      '# Deploy script',
      'set -euo pipefail',
      '',
      'deploy() {', // 5
      '  local target="${1:-prod}"',
      '  if [[ -z "$target" || "$target" == "#" ]]; then',
      '    echo "usage: deploy <target>" >&2',
      '    return 1',
      '  fi', // 10
      '  case "$target" in',
      '    prod) echo "prod" ;;',
      '    dev|test) echo "non-prod" ;;',
      '  esac',
      '  for f in *.yaml; do', // 15
      '    kubectl apply -f "$f" && echo "ok $#" || true',
      '  done',
      '  cat <<EOF',
      '{ unbalanced brace # not a comment',
      'EOF', // 20
      '}',
      '',
      'function cleanup {',
      '  rm -rf /tmp/x # TODO: use mktemp',
      '}', // 25
    ),
  });

  it('handles heredocs, $# and case arms', () => {
    expect(result.lines).toEqual({ total: 25, code: 21, comment: 2, blank: 2 });
    expect(result.functions).toEqual([
      { name: 'deploy', kind: 'function', line: 5, endLine: 21, complexity: 8 },
      { name: 'cleanup', kind: 'function', line: 23, endLine: 25, complexity: 1 },
    ]);
    expect(result.findings).toEqual([{ kind: 'TODO', line: 24, text: 'TODO: use mktemp' }]);
  });
});

describe('brace heuristic: Swift and Scala', () => {
  it('finds Swift initialisers, functions in extensions, guard and ??', () => {
    const result = analyzeSource({
      fileName: 'Temp.swift',
      text: lines(
        'import Foundation',
        'struct Temp {',
        '    let value: Double?',
        '    init(value: Double?) {',
        '        self.value = value', // 5
        '    }',
        '}',
        'extension Temp {',
        '    func describe() -> String {',
        '        guard let v = value else { return "none" }', // 10
        '        return v > 30 ? "hot" : "\\(v ?? 0)"',
        '    }',
        '}',
      ),
    });
    expect(result.functions).toEqual([
      { name: 'init', kind: 'constructor', parent: 'Temp', line: 4, endLine: 6, complexity: 1 },
      { name: 'describe', kind: 'method', parent: 'Temp', line: 9, endLine: 12, complexity: 3 },
    ]);
    expect(result.classes).toEqual([
      { name: 'Temp', kind: 'struct', line: 2, endLine: 7, methods: ['init'] },
      { name: 'Temp', kind: 'extension', line: 8, endLine: 13, methods: ['describe'] },
    ]);
  });

  it('counts Scala case clauses except the wildcard and case classes', () => {
    const result = analyzeSource({
      fileName: 'Shapes.scala',
      text: lines(
        'sealed trait Shape',
        'case class Circle(r: Double) extends Shape {',
        '  def area: Double = { math.Pi * r * r }',
        '}',
        'object Shapes {', // 5
        '  def name(s: Shape): String = {',
        '    s match {',
        '      case Circle(r) if r > 10 => "big circle"',
        '      case _: Circle => "circle"',
        '      case _ => "unknown"', // 10
        '    }',
        '  }',
        '}',
      ),
    });
    expect(result.functions).toEqual([
      { name: 'area', kind: 'method', parent: 'Circle', line: 3, endLine: 3, complexity: 1 },
      { name: 'name', kind: 'method', parent: 'Shapes', line: 6, endLine: 12, complexity: 4 },
    ]);
    expect(result.classes).toEqual([
      { name: 'Circle', kind: 'class', line: 2, endLine: 4, methods: ['area'] },
      { name: 'Shapes', kind: 'object', line: 5, endLine: 13, methods: ['name'] },
    ]);
  });
});
