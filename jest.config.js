/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

// The load harness's pure helpers are ES modules run by plain Node; their specs load them as CommonJS.
const swcModules = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

const moduleNameMapper = {
  // The client SDK (packages/client) is ESM: its relative imports name the .js its .ts compiles to.
  '^(\\.{1,2}/.*)\\.js$': '$1',
  '^@langflow-connect/client$': '<rootDir>/packages/client/src',
  '^@lfc/(database|resilience)/testing$': '<rootDir>/libs/$1/src/testing',
  '^@lfc/contracts/([a-z-]+)$': '<rootDir>/libs/contracts/src/$1',
  '^@lfc/(access|common|contracts|database|identity|internal-http|kv|resilience|tracing)$': '<rootDir>/libs/$1/src',
};

// The MCP SDK client pulls in ESM-only helpers; compile those too.
const transformIgnorePatterns = ['/node_modules/(?!(pkce-challenge)/)'];
const transform = { '^.+\\.(t|j)s$': swc };

// Tests that bound answer times or event-loop lag in milliseconds: `npm test` runs them after the
// others, one at a time, so another suite's services never share the two cores with them.
const LATENCY_TESTS = [
  'test/rate-limits.e2e-spec.ts',
  'test/security/event-loop.e2e-spec.ts',
  'test/langflow-fallback.e2e-spec.ts',
];

module.exports = {
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/support/check-services.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.mjs',
        '<rootDir>/bench/**/*.spec.mjs',
        '<rootDir>/packages/*/src/**/*.spec.ts',
      ],
      transform: { ...transform, '^.+\\.mjs$': swcModules },
      transformIgnorePatterns,
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: LATENCY_TESTS,
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'latency',
      testMatch: LATENCY_TESTS.map((path) => `<rootDir>/${path}`),
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testEnvironment: 'node',
    },
  ],
};
