// Lint enforces the import table of ARCHITECTURE §2: a forbidden import fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS = '^(node:|(fs|path|os|crypto|child_process|http|https|net|tls|url|util|stream|worker_threads|zlib|events|buffer|process)(/|$))';
const NATIVE_LIBS = '^(better-sqlite3|pkcs11js|graphene-pk11)$';
const rel = (folder) => `(^|/)${folder}(/|$)`;

/** One no-restricted-imports rule per folder: every regex listed is forbidden there. */
const forbid = (files, rules) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', {
      patterns: rules.map(([regex, message]) => ({ regex, message })),
    }],
  },
});

const tests = [rel('tests'), 'product code never imports tests/'];
const electronPkg = ['^electron(/|$)', 'only electron/main and electron/preload may import electron'];
const renderer = [rel('renderer'), 'the renderer is reached only through IPC'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  { files: ['renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  forbid(['electron/common/**/*.ts'], [
    [NODE_BUILTINS, 'electron/common is pure: no Node modules'],
    [NATIVE_LIBS, 'electron/common is pure: no native libraries'],
    electronPkg, tests, renderer,
    ['(^|/)(node|main|preload|cli|simulators|native)(/|$)', 'electron/common imports only electron/common'],
  ]),
  forbid(['electron/node/**/*.ts'], [
    electronPkg, tests, renderer,
    ['(^|/)(main|preload|cli|simulators)(/|$)', 'electron/node may import electron/common and native/ only'],
  ]),
  forbid(['electron/simulators/**/*.ts'], [
    electronPkg, tests, renderer, ['(^|/)(main|preload|cli)(/|$)', 'simulators may import electron/common and electron/node'],
  ]),
  forbid(['electron/cli/**/*.ts'], [electronPkg, tests, renderer, ['(^|/)(main|preload)(/|$)', 'the CLI does not use the Electron shell']]),
  forbid(['electron/main/**/*.ts'], [tests, renderer, ['(^|/)(cli|simulators|preload|native)(/|$)', 'electron/main may import electron/common, electron/node and electron']]),
  forbid(['electron/preload/**/*.ts'], [
    tests, renderer, [NODE_BUILTINS, 'the preload is sandboxed'],
    ['(^|/)(node|main|cli|simulators|native)(/|$)', 'electron/preload may import electron/common and electron only'],
  ]),
  forbid(['renderer/**/*.{ts,tsx}'], [
    tests, electronPkg, [NODE_BUILTINS, 'the renderer has no Node'], [NATIVE_LIBS, 'the renderer has no native libraries'],
    ['(^|/)electron/(node|main|preload|cli|simulators)(/|$)', 'the renderer may import electron/common only'],
    [rel('native'), 'the renderer may import electron/common only'],
  ]),
  forbid(['native/**/*.ts'], [electronPkg, tests, renderer, ['(^|/)electron/', 'native/ is the lowest layer']]),
  // The XML libraries type their DOM with the W3C interfaces (xpath's typings pull lib.dom into the
  // Node layers), so the browser's *globals* are what is refused there.
  {
    files: ['electron/{node,simulators,cli}/**/*.ts', 'native/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'alert', 'HTMLElement']
        .map((name) => ({ name, message: 'no browser globals outside the renderer' }))],
    },
  },
);
