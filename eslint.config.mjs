import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/', '*.js', '*.cjs', '*.mjs', 'scripts/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
      // A promise nobody awaits loses its error; an async callback where a void one is expected too.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Configuration is parsed once, by one zod schema; nothing else reads the environment.
    files: ['src/**/*.ts'],
    ignores: ['src/server/config.ts', '**/*.spec.ts'],
    rules: { 'no-process-env': 'error' },
  },
  {
    // One job per file, one step per function (the composition root and declarative tables excepted below).
    files: ['src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    // The composition root wires everything in one place; the catalogue and the metrics are declarative tables.
    files: ['src/server/app.ts', 'src/domain/chat-settings/catalogue.ts', 'src/server/metrics.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    // Temporary: AutomationService.process (67 lines) is being rewritten as facts → plan → apply on
    // another branch; remove this override when that lands.
    files: ['src/domain/automation/automation.service.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
    },
  },
);
