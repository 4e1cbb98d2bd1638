import { detectLanguage } from './languages';

describe('detectLanguage', () => {
  it('takes an explicit language first', () => {
    expect(detectLanguage('def f(): pass', 'x.js', 'ruby')).toEqual({ language: 'ruby', detectedBy: 'argument' });
  });

  it.each([
    ['src/app.ts', 'typescript'],
    ['View.TSX', 'typescript'],
    ['lib/index.cjs', 'javascript'],
    ['tool.py', 'python'],
    ['main.go', 'go'],
    ['Main.java', 'java'],
    ['build.gradle.kts', 'kotlin'],
    ['App.swift', 'swift'],
    ['Main.scala', 'scala'],
    ['lib.rs', 'rust'],
    ['util.c', 'c'],
    ['util.cc', 'cpp'],
    ['Program.cs', 'csharp'],
    ['task.rake', 'ruby'],
    ['index.php', 'php'],
    ['run.sh', 'shell'],
    ['schema.sql', 'sql'],
    ['package.json', 'json'],
    ['ci.yml', 'yaml'],
    ['Cargo.toml', 'toml'],
    ['README.md', 'markdown'],
    ['index.html', 'html'],
    ['pom.xml', 'xml'],
    ['site.css', 'css'],
  ])('knows %s by its extension', (fileName, language) => {
    expect(detectLanguage('', fileName)).toEqual({ language, detectedBy: 'extension' });
  });

  it('knows well-known file names', () => {
    expect(detectLanguage('', 'docker/Dockerfile')).toEqual({ language: 'dockerfile', detectedBy: 'filename' });
    expect(detectLanguage('', 'Dockerfile.dev')).toEqual({ language: 'dockerfile', detectedBy: 'filename' });
    expect(detectLanguage('', 'Makefile')).toEqual({ language: 'makefile', detectedBy: 'filename' });
    expect(detectLanguage('', 'Gemfile')).toEqual({ language: 'ruby', detectedBy: 'filename' });
  });

  it('tells C from C++ headers by their content', () => {
    expect(detectLanguage('int add(int a, int b);\n', 'add.h').language).toBe('c');
    expect(detectLanguage('namespace geo { class Point {}; }\n', 'point.h').language).toBe('cpp');
  });

  it.each([
    ['#!/usr/bin/env python3\nprint(1)\n', 'python'],
    ['#!/usr/bin/node\n', 'javascript'],
    ['#!/usr/bin/env -S deno run\n', 'unknown'],
    ['#!/usr/bin/env deno\n', 'typescript'],
    ['#!/bin/bash\n', 'shell'],
    ['#!/usr/bin/env ruby\n', 'ruby'],
  ])('reads the shebang of %j', (text, language) => {
    expect(detectLanguage(text, undefined).language).toBe(language);
  });

  it.each([
    ['<?php echo "hi";', 'php'],
    ['{"name": "x", "list": [1, 2]}', 'json'],
    ['package main\n\nfunc main() {\n\tx := 1\n}\n', 'go'],
    ['import os\n\ndef main(argv):\n    return 0\n', 'python'],
    ['fn main() {\n    let mut x = 1;\n    println!("{}", x);\n}\n', 'rust'],
    ['public class Hello {\n  public static void main(String[] a) { System.out.println(1); }\n}\n', 'java'],
    ['using System;\nnamespace Demo { class A {} }\n', 'csharp'],
    ['#include <iostream>\nint main() { std::cout << 1; }\n', 'cpp'],
    ['#include <stdio.h>\nint main(void) { printf("x"); }\n', 'c'],
    ['export interface User { name: string }\nexport const a = 1;\n', 'typescript'],
    ["const fs = require('fs');\nmodule.exports = fs;\n", 'javascript'],
    ['SELECT id, name FROM users WHERE id = 1;\n', 'sql'],
    ['# Title\n\nSee [the docs](https://example.com).\n', 'markdown'],
    ['<!DOCTYPE html>\n<html><body></body></html>\n', 'html'],
    ['<?xml version="1.0"?>\n<a/>\n', 'xml'],
    ['def greet(name)\n  puts "hi #{name}"\nend\n', 'ruby'],
    ['fun main() {\n    val x: Int = 1\n    println(x)\n}\n', 'kotlin'],
    ['if [[ -z "$1" ]]; then\n  echo "usage"\nfi\n', 'shell'],
  ])('recognises %j by its content', (text, language) => {
    expect(detectLanguage(text, undefined)).toEqual({ language, detectedBy: 'content' });
  });

  it('says unknown for plain prose and for unknown extensions without cues', () => {
    expect(detectLanguage('hello world\n', undefined)).toEqual({ language: 'unknown', detectedBy: 'none' });
    expect(detectLanguage('hello world\n', 'notes.txt')).toEqual({ language: 'unknown', detectedBy: 'none' });
  });
});
