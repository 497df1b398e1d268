import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDiagnostic } from '../../../src/reporters/render-diagnostic.js';
import { validateFile } from '../../../src/cli/validate-command.js';

function render(file: string): string {
  const [d] = validateFile(file);
  if (!d) throw new Error(`${file} has no diagnostic`);
  return renderDiagnostic(d, readFileSync(file, 'utf8'), { color: false });
}

describe('renderDiagnostic (plain)', () => {
  it('shows the step header for context, the faulty line and carets under the value', () => {
    expect(render('test/fixtures/bad/status-not-a-status.yaml')).toBe(
      [
        'error: Invalid scenario file',
        '  --> test/fixtures/bad/status-not-a-status.yaml:9:15',
        '  |',
        '5 |   - name: list users',
        '  | ...',
        '9 |       status: ok',
        '  |               ^^ step 1 › expect.status: must be integer, array, a string matching ^[1-5]xx$ or object, not `ok`',
        '  |',
      ].join('\n'),
    );
  });

  it('marks an unknown key and offers the close one', () => {
    expect(render('test/fixtures/bad/unknown-key-typo.yaml')).toBe(
      [
        'error: Invalid scenario file',
        '  --> test/fixtures/bad/unknown-key-typo.yaml:4:1',
        '  |',
        '4 | requries: [patch]',
        '  | ^^^^^^^^ requries: unknown field `requries`',
        '  |',
        '  = help: did you mean `requires`?',
      ].join('\n'),
    );
  });

  it('puts the context line right above when no line is skipped', () => {
    expect(render('test/fixtures/bad/step-without-name.yaml')).toBe(
      [
        'error: Invalid scenario file',
        '  --> test/fixtures/bad/step-without-name.yaml:7:5',
        '  |',
        '7 |   - request:',
        '  |     ^^^^^^^ step 2: missing required field `name`',
        '  |',
      ].join('\n'),
    );
  });

  it('expands tabs and shifts the carets', () => {
    const text = 'a:\n\tb: 1\n';
    const out = renderDiagnostic(
      { code: 'SCENARIO_INVALID', severity: 'error', message: 'b: bad', span: { file: 'x.yaml', start: { line: 2, col: 2 }, end: { line: 2, col: 2 } } },
      text,
      { color: false },
    );
    expect(out.split('\n').slice(3, 5)).toEqual(['2 |     b: 1', '  |     ^ b: bad']);
  });

  it('renders a one-line filter with a caret at the column', () => {
    const out = renderDiagnostic(
      {
        code: 'SCENARIO_INVALID',
        severity: 'error',
        message: "expected a value after 'eq'",
        span: { file: 'filter', start: { line: 1, col: 19 }, end: { line: 1, col: 19 } },
      },
      'filter=userName eq',
      { color: false },
    );
    expect(out.split('\n').slice(3, 5)).toEqual(['1 | filter=userName eq', "  |                   ^ expected a value after 'eq'"]);
  });

  it('without a span: title, message and help', () => {
    expect(
      renderDiagnostic({ code: 'TARGET_UNREACHABLE', severity: 'error', message: 'connection refused by 127.0.0.1:1', hint: 'check the base URL' }, undefined, {
        color: false,
      }),
    ).toBe('error: The target cannot be reached\n  connection refused by 127.0.0.1:1\n  help: check the base URL');
  });

  it('colour mode adds ANSI codes around the same text', () => {
    const [d] = validateFile('test/fixtures/bad/unknown-key-typo.yaml');
    const colored = renderDiagnostic(d!, readFileSync('test/fixtures/bad/unknown-key-typo.yaml', 'utf8'), { color: true });
    expect(colored).toContain('\u001b[');
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(render('test/fixtures/bad/unknown-key-typo.yaml'));
  });
});
