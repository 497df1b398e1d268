// The architecture as lint rules (docs/architecture.md, house style §13). Deliberately small: the
// layer boundaries and the exit-code contract, nothing about style. test/unit/lint/layer-rules.test.ts
// proves each rule fires on a bad file.
import tseslint from 'typescript-eslint';

/** A relative import that leaves the current layer for `layer` (`../server/…`, `../../server/…`). */
const into = (...layers) => `^(\\.\\./)+(${layers.join('|')})(/|$)`;

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'http', 'https', 'net', 'url', 'os', 'crypto', 'child_process', 'stream', 'util'];

/** `@typescript-eslint/no-restricted-imports` options: `patterns` in order, first match reports. */
const restrict = (...patterns) => ['error', { patterns }];

const exitCode = [
  'error',
  {
    selector: "CallExpression[callee.object.name='process'][callee.property.name=/^(exit|abort|reallyExit)$/]",
    message: 'Only bin/scimctl.js ends the process or sets the exit code: return a code from main() (house style §13).',
  },
  {
    selector: "AssignmentExpression > MemberExpression.left[object.name='process'][property.name='exitCode']",
    message: 'Only bin/scimctl.js sets process.exitCode: return a code from main() (house style §13).',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tseslint.parser, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: { 'no-restricted-syntax': exitCode },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        { group: NODE_BUILTINS, message: 'src/core is pure: no node:* I/O (docs/architecture.md).' },
        { group: ['undici', 'undici/*', 'chalk', 'msw', 'msw/*'], message: 'src/core is pure: no undici, chalk or msw (docs/architecture.md).' },
        { regex: into('server', 'runner', 'recorder', 'reporters', 'cli'), message: 'src/core is the innermost layer: it imports no other layer.' },
      ),
    },
  },
  {
    files: ['src/runner/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        {
          regex: into('server'),
          allowTypeImports: true,
          message: 'src/runner reaches the server only through types (ScimHandler): `import type` (docs/architecture.md).',
        },
        { regex: into('recorder', 'reporters', 'cli'), message: 'src/runner imports no outer layer (recorder, reporters, cli).' },
      ),
    },
  },
  {
    files: ['src/reporters/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        {
          regex: `${into('runner')}(?!result-queries\\.js$)`,
          allowTypeImports: true,
          message: 'Reporters only read the result tree: import types from the runner, functions only from runner/result-queries.ts.',
        },
        { regex: into('server', 'recorder', 'cli'), message: 'Reporters import neither the server, the recorder nor the CLI.' },
      ),
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict({
        regex: into('runner', 'recorder', 'reporters', 'cli'),
        message: 'src/server builds on src/core only (docs/architecture.md).',
      }),
    },
  },
  {
    files: ['src/load/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        { regex: into('server'), message: 'src/load drives a target over HTTP through the runner\'s client; it never imports the server (docs/load.md).' },
        { regex: into('recorder', 'reporters', 'cli'), message: 'src/load imports no outer layer (recorder, reporters, cli).' },
      ),
    },
  },
  {
    files: ['src/recorder/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        { regex: `${into('server')}(?!index\\.js$)`, message: 'The recorder uses the server through its public entry point (src/server/index.ts) only.' },
        { regex: into('reporters', 'cli'), message: 'The recorder imports neither reporters nor the CLI.' },
      ),
    },
  },
);
