import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench-data/**', 'coverage/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The layers of the house: core is pure, render imports only core, only cli touches process.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/io/**', '**/render/**', '**/cli/**'], message: 'core must not import io, render or cli' },
        { group: ['node:*', 'fs', 'path', 'child_process', 'readline', 'os'], message: 'core does no I/O' },
      ] }],
      'no-restricted-globals': ['error', 'process', 'console'],
    },
  },
  {
    files: ['src/render/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/io/**', '**/cli/**'], message: 'render imports only core' },
        { group: ['node:fs', 'fs', 'child_process'], message: 'render does no I/O' },
      ] }],
      'no-restricted-globals': ['error', 'process'],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/main.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'only src/cli/main.ts sets the exit code' }],
    },
  },
  {
    files: ['scripts/shims/*.cjs', 'bin/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // the action's step runs on the runner's own Node (18+): fetch is a global there
    files: ['action/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', fetch: 'readonly' } },
  },
);
