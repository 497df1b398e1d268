/**
 * The architecture rules in eslint.config.js fire: each bad file below is linted
 * with the repository's own config, as if it sat at the given path, and must be
 * reported by the named rule; its lawful twin must lint clean, so a rule that
 * flags everything fails here too.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function lint(filePath: string, code: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, message: m.message }));
}

const IMPORTS = '@typescript-eslint/no-restricted-imports';
const SYNTAX = 'no-restricted-syntax';

const cases: { name: string; file: string; bad: string; good: string; rule: string }[] = [
  {
    name: 'src/core imports no node:* module',
    file: 'src/core/bad.ts',
    bad: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    good: "import { SCIM_ERRORS } from './scim-errors.js';\nexport const x = SCIM_ERRORS;\n",
    rule: IMPORTS,
  },
  {
    name: 'src/core imports no undici, chalk or msw',
    file: 'src/core/filter/bad.ts',
    bad: "import { Chalk } from 'chalk';\nexport const x = Chalk;\n",
    good: "import { parseFilter } from './filter-parser.js';\nexport const x = parseFilter;\n",
    rule: IMPORTS,
  },
  {
    name: 'src/core imports no outer layer',
    file: 'src/core/bad.ts',
    bad: "import { createScimServer } from '../server/create-server.js';\nexport const x = createScimServer;\n",
    good: "import type { Diagnostic } from './errors.js';\nexport type X = Diagnostic;\n",
    rule: IMPORTS,
  },
  {
    name: 'src/runner imports no value from src/server (types are allowed)',
    file: 'src/runner/client/bad.ts',
    bad: "import { inProcessTransport } from '../../server/adapters/in-process.js';\nexport const x = inProcessTransport;\n",
    good: "import type { ScimHandler } from '../../server/types.js';\nexport type X = ScimHandler;\n",
    rule: IMPORTS,
  },
  {
    name: 'src/runner imports no value from src/server, re-exports included',
    file: 'src/runner/bad.ts',
    bad: "export { createScimServer } from '../server/create-server.js';\n",
    good: "export type { ScimRequest } from '../server/types.js';\n",
    rule: IMPORTS,
  },
  {
    name: 'reporters import only types from the runner, functions from result-queries',
    file: 'src/reporters/bad.ts',
    bad: "import { computeVerdict } from '../runner/verdict.js';\nexport const x = computeVerdict;\n",
    good: "import type { Verdict } from '../runner/verdict.js';\nimport { isFailure } from '../runner/result-queries.js';\nexport type X = Verdict;\nexport const y = isFailure;\n",
    rule: IMPORTS,
  },
  {
    name: 'reporters never reach the server',
    file: 'src/reporters/bad.ts',
    bad: "import type { ScimHandler } from '../server/types.js';\nexport type X = ScimHandler;\n",
    good: "import type { RunResult } from '../runner/types.js';\nexport type X = RunResult;\n",
    rule: IMPORTS,
  },
  {
    name: 'the recorder uses the server through its public entry point only',
    file: 'src/recorder/bad.ts',
    bad: "import { defaultSeed } from '../server/seed.js';\nexport const x = defaultSeed;\n",
    good: "import { defaultSeed } from '../server/index.js';\nexport const x = defaultSeed;\n",
    rule: IMPORTS,
  },
  {
    name: 'the server imports no runner code',
    file: 'src/server/routes/bad.ts',
    bad: "import { runSuite } from '../../runner/run-suite.js';\nexport const x = runSuite;\n",
    good: "import { scimErrorBody } from '../../core/scim-errors.js';\nexport const x = scimErrorBody;\n",
    rule: IMPORTS,
  },
  {
    name: 'only bin/ sets process.exitCode',
    file: 'src/cli/bad.ts',
    bad: 'export function done(code: number): void {\n  process.exitCode = code;\n}\n',
    good: 'export function done(code: number): number {\n  return process.exitCode === undefined ? code : 0;\n}\n',
    rule: SYNTAX,
  },
  {
    name: 'only bin/ ends the process',
    file: 'src/runner/bad.ts',
    bad: 'export function stop(): void {\n  process.exit(1);\n}\n',
    good: "export function stop(): void {\n  process.emitWarning('stopping');\n}\n",
    rule: SYNTAX,
  },
];

describe('eslint.config.js layer rules', () => {
  it.each(cases)('$name', async ({ file, bad, good, rule }) => {
    const badMessages = await lint(file, bad);
    expect(badMessages.map((m) => m.rule)).toContain(rule);
    expect(await lint(file, good)).toEqual([]);
  });

});
