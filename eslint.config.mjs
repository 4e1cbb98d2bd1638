// Type-aware lint (STYLE.md: typescript-eslint strictTypeChecked with the project service).
import eslint from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', 'coverage/**', 'node_modules/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A `default` is a decision about the other members, e.g. of ts.SyntaxKind.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // The path and name checks refuse control characters by matching them.
      'no-control-regex': 'off',
      // Numbers and booleans read fine in messages; objects and nullish values are what this rule is for.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Nest modules are empty classes that only carry their decorator.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // In-process implementations of async interfaces (memory store, local presigner, ping) have nothing to await.
      '@typescript-eslint/require-await': 'off',
      // TypeORM and Nest take plain objects where their signatures name classes (entities, options).
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // One logger path: the service's pino logger through @InjectLogger() (LoggingModule in @lfc/common).
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/common',
              importNames: ['Logger', 'ConsoleLogger'],
              message: "Inject the service's pino logger with @InjectLogger() from @lfc/common.",
            },
          ],
        },
      ],
    },
  },
  {
    // The web console (its own tsconfig, found by the project service): the two classic hooks rules.
    files: ['apps/console/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Tests read parsed YAML and JSON answers whose shape the assertions themselves check.
    files: ['test/**/*.ts', '**/*.spec.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Helpers type the JSON answer their caller expects.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // afterAll hooks guard values that a failed beforeAll never set, which the types cannot show.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Test doubles implement async interfaces without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
