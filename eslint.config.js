// Lint: typescript-eslint's recommended rules plus the layer boundaries of ARCHITECTURE.md,
// checked on every import (VS Code's habit): the renderer reaches the core only through the
// typed bridge; the core never loads Electron; the contract depends on zod alone.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const restrict = (patterns, message) => ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.native/**', 'out/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the app only through window.nexvio (preload/contract.ts).' }],
          patterns: [
            { regex: '^(\\.\\./)+(main|core|host|service|cli|bench)/', message: 'The renderer imports only preload/contract.ts and its own files.' },
            { group: ['node:*'], message: 'The renderer runs in a sandboxed page without Node.' },
          ],
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts', 'host/**/*.ts', 'cli/**/*.ts', 'bench/**/*.ts', 'service/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/ and preload/ may import electron: the core runs in tests, the CLI and the browser host too.' }],
          patterns: [{ regex: '^(\\.\\./)+(renderer|main)/', message: 'The core does not depend on the UI or the Electron glue.' }],
        },
      ],
    },
  },
  {
    files: ['preload/contract.ts'],
    rules: { 'no-restricted-imports': restrict(['../*', 'node:*', 'electron'], 'The contract depends on zod (and the channel names beside it) alone, so every layer can import it.') },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./)+renderer/', message: 'The main process never imports renderer code.' }] }],
    },
  },
);
