import { analyzeSource } from './analyze-source';

// Compiling a grammar's WASM is slow under Jest's instrumentation.
jest.setTimeout(60_000);

describe('analyzeSource', () => {
  it('says when it compiled a grammar for the analysis: once per grammar, never for TypeScript', async () => {
    const loads: string[] = [];
    const analyse = (text: string, fileName: string) =>
      analyzeSource({ text, fileName }, { grammarLoaded: () => loads.push(fileName) });

    expect((await analyse('package main\n\nfunc main() {}\n', 'first.go')).analyzer).toBe('tree-sitter');
    expect((await analyse('package main\n\nfunc other() {}\n', 'second.go')).analyzer).toBe('tree-sitter');
    expect((await analyse('export const f = () => 1;\n', 'f.ts')).analyzer).toBe('typescript-compiler');
    expect(loads).toEqual(['first.go']);
  });
});
