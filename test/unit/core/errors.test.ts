/**
 * One error model: every error class scimctl throws is a ScimctlError whose code is a row of
 * SCIMCTL_ERRORS, and its exit code is that row's class in EXIT_CODES.
 */
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, exitCodeForDiagnostics, ScimctlError, SCIMCTL_ERRORS } from '../../../src/core/errors.js';
import { HarError } from '../../../src/recorder/har-exchanges.js';
import { UndefinedVariableError } from '../../../src/runner/template.js';
import { parseFaultSpec } from '../../../src/server/faults/fault-spec.js';
import { PersistenceError } from '../../../src/server/persistence.js';
import { SeedError } from '../../../src/server/seed-data.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('the error table', () => {
  it.each([
    ['SeedError', new SeedError('groups[0]: bad'), 'SEED_INVALID', 2],
    ['PersistenceError (read)', new PersistenceError('cannot read x'), 'DATA_FILE_INVALID', 2],
    ['PersistenceError (write)', new PersistenceError('cannot write x', { code: 'DATA_FILE_WRITE' }), 'DATA_FILE_WRITE', 1],
    ['FaultSpecError', thrown(() => parseFaultSpec('no-such-fault')), 'FAULT_SPEC_INVALID', 2],
    ['HarError', new HarError('not a HAR file'), 'HAR_INVALID', 2],
    ['UndefinedVariableError', new UndefinedVariableError('user.id'), 'TEMPLATE_UNDEFINED', 2],
  ])('%s is a ScimctlError with its own row', (_name, err, code, exit) => {
    expect(err).toBeInstanceOf(ScimctlError);
    const e = err as ScimctlError;
    expect(e.code).toBe(code);
    expect(e.exitCode).toBe(exit);
    expect(e.title).toBe(SCIMCTL_ERRORS[e.code].title);
  });

  it('gives every row an exit class from EXIT_CODES and a hint', () => {
    for (const [code, row] of Object.entries(SCIMCTL_ERRORS)) {
      expect(EXIT_CODES[row.exitClass], code).toBeTypeOf('number');
      expect(row.hint.length, code).toBeGreaterThan(10);
    }
  });

  it('takes the highest exit class of a set of diagnostics, at least usage', () => {
    expect(exitCodeForDiagnostics([])).toBe(EXIT_CODES.usage);
    expect(exitCodeForDiagnostics([{ code: 'SCENARIO_INVALID', severity: 'error', message: 'm' }])).toBe(2);
    expect(exitCodeForDiagnostics([{ code: 'USAGE', severity: 'error', message: 'm' }, { code: 'TARGET_UNREACHABLE', severity: 'error', message: 'm' }])).toBe(3);
  });
});
