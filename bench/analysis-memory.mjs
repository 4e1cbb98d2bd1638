// `node bench/analysis-memory.mjs` — what analyze_code's worker threads hold, and what bounds it:
// the pool of two workers (AnalysisRunner from dist/, as the executor runs it) in this process, its
// RSS read from /proc while it works:
//   1. ready: both workers started, after one small TypeScript and one Python analysis;
//   2. two 1 MiB TypeScript sources at once (two callers), the worst case for the pod's memory;
//   3. 400 ordinary analyses later, with workers replaced above 256 MiB (as shipped) and never;
//   4. which 1 MiB sources pass at each heap limit (LFC_CODE_ANALYSIS_MAX_HEAP_MB), one worker each.
// Results go to docs/benchmarks.md ("analyze_code workers' memory"); docs/deploy.md sizes the chart
// from them.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ROOT, replaceSection } from './lib.mjs';

const require = createRequire(import.meta.url);
const { AnalysisRunner } = require(`${ROOT}/dist/apps/tool-executor/src/tools/code/analysis-runner.js`);

const MIB = 1024 * 1024;
const SHIPPED_RECYCLE_BYTES = 256 * MIB;
const HEAP_LIMITS_MB = [256, 320, 384];
const LARGE = {
  'TypeScript, calls on one line': { text: 'f(a,b);'.repeat(MIB / 7), fileName: 'calls.ts' },
  'TypeScript, one call a line': { text: 'f(a, b);\n'.repeat(MIB / 9), fileName: 'lines.ts' },
  'TypeScript, statements': { text: 'x;\n'.repeat(MIB / 3), fileName: 'statements.ts' },
  'TypeScript, functions': { text: 'function f(){}\n'.repeat(MIB / 15), fileName: 'functions.ts' },
  'TypeScript, one array literal': { text: `const a=[${'1,'.repeat(MIB / 2 - 10)}];`, fileName: 'array.ts' },
  'C, functions': { text: 'int f(){return 1;}\n'.repeat(MIB / 19), fileName: 'functions.c' },
  'Python, functions': { text: 'def f(a):\n  return a\n'.repeat(MIB / 22), fileName: 'functions.py' },
};

const rssMib = () => process.memoryUsage().rss / MIB;

/** Runs `work` while sampling this process's RSS every 10 ms; returns its result and the peak. */
async function withPeak(work) {
  let peak = rssMib();
  const sampler = setInterval(() => (peak = Math.max(peak, rssMib())), 10);
  try {
    return { result: await work(), peak };
  } finally {
    clearInterval(sampler);
  }
}

function runnerWith({ maxHeapMb = 384, recycleAboveBytes = SHIPPED_RECYCLE_BYTES, poolSize = 2 } = {}) {
  return new AnalysisRunner({ timeoutMs: 120_000, poolSize, maxQueuedPerTenant: 16, maxHeapMb, recycleAboveBytes });
}

const ordinary = (index) => [
  {
    text: `export function f${index}(a: number): number {\n  return a > ${index} ? 1 : 2;\n}\n`.repeat(50),
    fileName: 'f.ts',
  },
  { text: `def f${index}(a):\n    return 1 if a > ${index} else 2\n`.repeat(50), fileName: 'f.py' },
];

/** Steps 1–3 on one pool, in a process of its own (what one pool left behind would count for the next). */
async function poolStory(recycleAboveBytes) {
  const runner = runnerWith({ recycleAboveBytes });
  await Promise.all(ordinary(0).map((input, caller) => runner.run(`caller-${caller}`, input)));
  const loaded = rssMib();
  const twoLarge = await withPeak(() =>
    Promise.all([
      runner.run('caller-a', LARGE['TypeScript, calls on one line']),
      runner.run('caller-b', LARGE['TypeScript, one call a line']),
    ]),
  );
  for (let index = 1; index <= 200; index++) {
    await Promise.all(ordinary(index).map((input, caller) => runner.run(`caller-${caller}`, input)));
  }
  return { loaded, twoLargePeak: twoLarge.peak, afterOrdinary: rssMib() };
}

async function heapNeeds() {
  const rows = [];
  for (const [name, input] of Object.entries(LARGE)) {
    const outcomes = [];
    for (const maxHeapMb of HEAP_LIMITS_MB) {
      const runner = runnerWith({ maxHeapMb, poolSize: 1 });
      const outcome = await runner.run('caller', input).then(
        (analysis) => `✅ ${analysis.analyzer}`,
        (error) => (error.code === 'payload_too_large' ? '413' : `error: ${error.message}`),
      );
      outcomes.push(outcome);
    }
    rows.push(`| ${name} | ${(Buffer.byteLength(input.text) / MIB).toFixed(2)} | ${outcomes.join(' | ')} |`);
  }
  return rows;
}

if (process.argv[2] === 'pool') {
  process.stdout.write(JSON.stringify(await poolStory(Number(process.argv[3]))));
  process.exit(0);
}
const storyOf = (recycleAboveBytes) =>
  JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), 'pool', String(recycleAboveBytes)]));
const shipped = storyOf(SHIPPED_RECYCLE_BYTES);
const never = storyOf(Number.MAX_SAFE_INTEGER);
const needs = await heapNeeds();
const mib = (value) => `${Math.round(value)} MiB`;

replaceSection(
  'bench:analysis-memory',
  [
    '',
    `Run: \`node bench/analysis-memory.mjs\`, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}; the RSS of one process holding analyze_code's pool of two workers (the executor adds its own 150–250 MiB).`,
    '',
    '| the pool                                                        | workers replaced above 256 MiB (shipped) | never replaced |',
    '| --------------------------------------------------------------- | ---------------------------------------- | -------------- |',
    `| ready, after one small TypeScript and one Python analysis       | ${mib(shipped.loaded)} | ${mib(never.loaded)} |`,
    `| peak, two 1 MiB TypeScript sources at once                      | ${mib(shipped.twoLargePeak)} | ${mib(never.twoLargePeak)} |`,
    `| after 400 ordinary analyses                                     | ${mib(shipped.afterOrdinary)} | ${mib(never.afterOrdinary)} |`,
    '',
    `Which 1 MiB sources one worker analyses at each V8 heap limit (\`LFC_CODE_ANALYSIS_MAX_HEAP_MB\`; 413: refused as needing more):`,
    '',
    `| source | MiB | ${HEAP_LIMITS_MB.map((limit) => `${limit} MiB`).join(' | ')} |`,
    `| --- | --- | ${HEAP_LIMITS_MB.map(() => '---').join(' | ')} |`,
    ...needs,
    '',
  ].join('\n'),
);
console.log(JSON.stringify({ shipped, never }), '\n', needs.join('\n'));
// The workers are unref'd, but their pending terminations keep nothing alive; leave at once.
process.exit(0);
