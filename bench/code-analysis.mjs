// `node bench/code-analysis.mjs` — how analyze_code's analysis time grows with the size of the input:
// one realistic file per language (apps/tool-executor/src/tools/code/fixtures/) repeated to about
// 100 KB, 400 KB and 1.6 MB, each analysed in this process as the worker does (analyzeSource from
// dist/), best of LFC_BENCH_RUNS runs (default 5). One warm-up analysis of the largest input first
// loads the grammar, lets V8 compile its WASM to optimised code and grows the WASM heap, so the
// sizes compare steady states. Linear growth shows as a steady time per KB (the ratio columns stay
// near 1). Results go to docs/benchmarks.md.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, replaceSection } from './lib.mjs';

const require = createRequire(import.meta.url);
const { analyzeSource } = require('../dist/apps/tool-executor/src/tools/code/analyze-source.js');

const runs = Number(process.env.LFC_BENCH_RUNS ?? 5);
const SIZES_KB = [100, 400, 1600];
const FIXTURES = [
  ['Python', 'inventory.py'],
  ['Go', 'server.go'],
  ['Java', 'OrderService.java'],
  ['C++', 'matrix.cpp'],
  ['C#', 'Ledger.cs'],
  ['Ruby', 'invoice.rb'],
  ['Bash', 'deploy.sh'],
];

function inputOf(file, kb) {
  const unit = readFileSync(join(ROOT, 'apps/tool-executor/src/tools/code/fixtures', file), 'utf8');
  return unit.repeat(Math.ceil((kb * 1000) / unit.length));
}

async function bestOf(text, fileName) {
  let best = Infinity;
  let result;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = await analyzeSource({ text, fileName });
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, result };
}

const rows = [];
for (const [language, file] of FIXTURES) {
  await analyzeSource({ text: inputOf(file, SIZES_KB[SIZES_KB.length - 1]), fileName: file });
  const timings = [];
  for (const kb of SIZES_KB) {
    const text = inputOf(file, kb);
    const { ms, result } = await bestOf(text, file);
    // A parse over its budget would fall back to line counts and measure the lexer instead.
    if (result.analyzer !== 'tree-sitter') throw new Error(`${file} at ${kb} KB was analysed by ${result.analyzer}`);
    timings.push({ kb: Buffer.byteLength(text) / 1000, ms, functions: result.counts.functions });
  }
  const perKb = timings.map(({ kb, ms }) => (ms * 1000) / kb);
  rows.push(
    `| ${language.padEnd(6)} | ${timings.map(({ ms }) => Math.round(ms).toString().padStart(5)).join(' | ')} | ` +
      `${perKb.map((value) => Math.round(value).toString().padStart(4)).join(' / ')} | ` +
      `${(perKb[1] / perKb[0]).toFixed(2)} / ${(perKb[2] / perKb[0]).toFixed(2)} | ${timings[2].functions} |`,
  );
  console.log(rows[rows.length - 1]);
}

const date = new Date().toISOString().slice(0, 10);
replaceSection(
  'bench:code-analysis',
  [
    '',
    `Run: \`node bench/code-analysis.mjs\` (best of ${runs} runs per size, one process, Node ${process.version}), ${date}.`,
    '',
    '| file   | ~100 KB ms | ~400 KB ms | ~1.6 MB ms | µs per KB (100 / 400 / 1600) | per-KB ratio 400/100, 1600/100 | functions at 1.6 MB |',
    '| ------ | ---------- | ---------- | ---------- | ---------------------------- | ------------------------------ | ------------------- |',
    ...rows,
    '',
  ].join('\n'),
);
