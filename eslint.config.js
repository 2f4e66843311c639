// Lint: code quality (typescript-eslint) and the layer rule of docs/ARCHITECTURE.md.
// The layer rule is checked on resolved paths (import-x/no-restricted-paths), so a relative
// import that climbs into another layer fails the same way as an aliased one.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';

const layers = {
  shared: './src/shared',
  main: './src/main',
  electronGlue: './src/main/electron',
  renderer: './src/renderer',
  gateway: './src/gateway',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**', 'bench/results.json', '.data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'react-hooks/rules-of-hooks': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: layers.shared, from: [layers.main, layers.renderer, layers.gateway, './src/cli'],
              message: 'src/shared is pure: it may not import another layer.' },
            { target: layers.main, from: [layers.renderer, layers.gateway, './src/cli'],
              message: 'src/main may import only src/shared.' },
            { target: layers.renderer, from: [layers.main, layers.gateway, './src/cli'],
              message: 'src/renderer may import only src/shared; talk to the host through window.kiosk.' },
            { target: layers.gateway, from: [layers.main, layers.renderer, './src/cli'],
              message: 'src/gateway may import only src/shared.' },
          ],
        },
      ],
    },
  },
  {
    // Pure TypeScript: no Node built-ins, no Electron, no DOM-bound libraries.
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
    },
  },
  {
    // Only the Electron glue may import electron.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/electron/ may import electron.' }] }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'react', 'react-dom', 'dexie', 'serialport', 'fastify', 'pg', '@electric-sql/pglite', 'ws'],
      }],
    },
  },
  {
    // The renderer runs in Chromium: no Node built-ins there either.
    files: ['src/renderer/**/*.{ts,tsx}'],
    ignores: ['src/renderer/**/*.test.{ts,tsx}'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-imports': ['error', { paths: ['electron', 'serialport', 'fastify', 'pg', 'ws'] }],
    },
  },
);
