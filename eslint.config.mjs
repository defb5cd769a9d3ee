import js from '@eslint/js';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/', '*.js', '*.cjs', '*.mjs', 'scripts/*.mjs'] },
  {
    // TypeScript rules for TypeScript files only (schema.graphql has its own parser and rules below)
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
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
    // The composition root wires everything in one place; the catalogue, the metrics and the IDE's example tabs are declarative tables.
    files: [
      'src/server/app.ts',
      'src/domain/chat-settings/catalogue.ts',
      'src/server/metrics.ts',
      'src/server/graphql-ide.ts',
    ],
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
  // the subgraph's public schema (generated, checked in): described and consistently named;
  // the parser builds it with @apollo/subgraph, so federation's directives are known
  {
    files: ['schema.graphql'],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: { schema: './schema.graphql' } } },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          rootField: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
          ignoredSelectors: [
            // the root operation types are documented by their fields
            '[type=ObjectTypeDefinition][name.value=/^(Query|Mutation|Subscription)$/]',
            // federation's own definitions, printed into the SDL by @apollo/subgraph
            'DirectiveDefinition InputValueDefinition',
            '[name.value=/^(_|link__|federation__)/]',
            'FieldDefinition[name.value=/^_/] InputValueDefinition',
            'ObjectTypeDefinition[name.value=/^_/] FieldDefinition',
          ],
        },
      ],
      '@graphql-eslint/naming-convention': [
        'error',
        {
          types: { style: 'PascalCase', ignorePattern: '^(link|federation)__' },
          FieldDefinition: 'camelCase',
          InputValueDefinition: 'camelCase',
          EnumValueDefinition: 'UPPER_CASE',
          allowLeadingUnderscore: true, // _service, _entities, _Any
        },
      ],
      '@graphql-eslint/no-typename-prefix': 'error',
      '@graphql-eslint/no-hashtag-description': 'error',
      '@graphql-eslint/require-deprecation-reason': 'error',
      '@graphql-eslint/no-unreachable-types': 'off', // entity-only types (Team, Ticket) are reached through _entities
    },
  },
);
