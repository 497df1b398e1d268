/**
 * `--reporter junit`: one <testsuite> per scenario, one <testcase> per step
 * named `scenario › step`; a blocking conformance failure is <failure>, a check
 * that could not be judged is <error>, a skipped step is <skipped>. Failures
 * that block nothing (SHOULD/MAY) are listed in <system-out> as warnings.
 * The first <testsuite>, `defects`, has one <testcase> per defect (a failure
 * grouped across steps and scenarios): <failure> when it blocks an IdP or an
 * RFC MUST, with what it blocks, why, how often and its first exchange.
 * Under --baseline, a step or defect whose failures the baseline all accepts is
 * <skipped message="known failure (baseline): …">, not a failure.
 */
import type { RunResult, ScenarioResult, StepResult } from '../runner/types.js';
import { isBlocking, isFailure } from '../runner/result-queries.js';
import { checkMessage, defectCounts, defectGates, defectImpact, defectKnown, defectLines, describeRequirement, exchangeText, firstFailure, KNOWN_REASON, knownFailures, spanText, stepSkipReason } from './format.js';
import type { Reporter, RunSummary, Sink } from './types.js';
import { writeOutput } from './write-output.js';
import type { Destination } from './write-output.js';

export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const secs = (ms: number) => (ms / 1000).toFixed(3);

type Outcome = 'error' | 'failure' | 'skipped' | 'passed';

function testcase(scenario: ScenarioResult, step: StepResult, isKnown: ReturnType<typeof knownFailures>, lines: string[]): Outcome {
  const suite = scenario.id;
  const attrs = `classname="${escapeXml(suite)}" name="${escapeXml(`${suite} › ${step.name}`)}" time="${secs(step.durationMs)}"`;
  const fresh = step.checks.filter((c) => !isKnown(scenario, step, c));
  const known = step.checks.filter((c) => isKnown(scenario, step, c));
  const blocking = fresh.filter((c) => c.status === 'failed' && isBlocking(c));
  const errored = fresh.filter((c) => c.status === 'errored');
  const warnings = fresh.filter((c) => isFailure(c) && !isBlocking(c));
  const detail = (checks: typeof step.checks) =>
    escapeXml(
      [
        ...checks.flatMap((c) => [checkMessage(c), `  requirement: ${describeRequirement(c)}`, ...(spanText(c.span) ? [`  at ${spanText(c.span)}`] : [])]),
        ...(step.exchange ? ['', ...exchangeText(step.exchange)] : []),
      ].join('\n'),
    );
  const inner: string[] = [];
  let outcome: Outcome = 'passed';
  if (errored.length > 0) {
    inner.push(`      <error message="${escapeXml(checkMessage(errored[0]!))}" type="${escapeXml(errored[0]!.status === 'errored' ? errored[0]!.error.code : '')}">${detail(errored)}</error>`);
    outcome = 'error';
  } else if (blocking.length > 0) {
    inner.push(`      <failure message="${escapeXml(checkMessage(blocking[0]!))}" type="${escapeXml(blocking[0]!.requirement.id ?? blocking[0]!.requirement.source)}">${detail(blocking)}</failure>`);
    outcome = 'failure';
  } else if (known.length > 0) {
    inner.push(`      <skipped message="${escapeXml(`${KNOWN_REASON}: ${checkMessage(known[0]!)}`)}">${detail(known)}</skipped>`);
    outcome = 'skipped';
  } else if (stepSkipReason(step) !== undefined) {
    inner.push(`      <skipped message="${escapeXml(stepSkipReason(step) ?? '')}"/>`);
    outcome = 'skipped';
  }
  if (warnings.length > 0) inner.push(`      <system-out>${escapeXml(warnings.map((w) => `warning: ${checkMessage(w)} (${describeRequirement(w)})`).join('\n'))}</system-out>`);
  lines.push(inner.length > 0 ? `    <testcase ${attrs}>\n${inner.join('\n')}\n    </testcase>` : `    <testcase ${attrs}/>`);
  return outcome;
}

export function junitXml(run: RunResult, summary?: RunSummary): string {
  const isKnown = knownFailures(summary);
  const lines: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const suites: string[] = [];
  const defects = summary ? summary.verdict.defects : [];
  if (summary && defects.length > 0) {
    const cases: string[] = [];
    let f = 0;
    let e = 0;
    let k = 0;
    for (const d of defects) {
      const attrs = `classname="defects" name="${escapeXml(`defect › ${d.title} (${d.key})`)}" time="0.000"`;
      const body = escapeXml(defectLines(run, summary.verdict, d).join('\n'));
      const what = `${d.title}: ${d.first.message} (${defectImpact(summary.verdict, d)}; ${defectCounts(d)})`;
      if (defectKnown(run, summary, d)) {
        cases.push(`    <testcase ${attrs}>\n      <skipped message="${escapeXml(`${KNOWN_REASON}: ${what}`)}">${body}</skipped>\n    </testcase>`);
        k++;
      } else if (firstFailure(run, d)?.check?.status === 'errored') {
        cases.push(`    <testcase ${attrs}>\n      <error message="${escapeXml(what)}" type="${escapeXml(d.key)}">${body}</error>\n    </testcase>`);
        e++;
      } else if (defectGates(d)) {
        cases.push(`    <testcase ${attrs}>\n      <failure message="${escapeXml(what)}" type="${escapeXml(d.key)}">${body}</failure>\n    </testcase>`);
        f++;
      } else {
        cases.push(`    <testcase ${attrs}>\n      <system-out>${escapeXml(`warning: ${what}`)}\n${body}</system-out>\n    </testcase>`);
      }
    }
    tests += defects.length;
    failures += f;
    errors += e;
    skipped += k;
    suites.push(`  <testsuite name="defects" tests="${defects.length}" failures="${f}" errors="${e}" skipped="${k}" time="0.000">\n${cases.join('\n')}\n  </testsuite>`);
  }
  for (const s of run.scenarios) {
    const cases: string[] = [];
    let f = 0;
    let e = 0;
    let k = 0;
    const steps = s.steps.length > 0 ? s.steps : [{ name: s.name, phase: 'steps' as const, status: s.status, durationMs: 0, checks: [], ...(s.reason ? { reason: s.reason } : {}) }];
    for (const step of steps) {
      const outcome = testcase(s, step, isKnown, cases);
      if (outcome === 'error') e++;
      else if (outcome === 'failure') f++;
      else if (outcome === 'skipped') k++;
    }
    tests += steps.length;
    failures += f;
    errors += e;
    skipped += k;
    suites.push(
      `  <testsuite name="${escapeXml(s.id)}" tests="${steps.length}" failures="${f}" errors="${e}" skipped="${k}" time="${secs(s.durationMs)}" file="${escapeXml(s.file)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  if (run.fatal) {
    errors++;
    tests++;
    suites.push(
      `  <testsuite name="discovery" tests="1" failures="0" errors="1" skipped="0" time="0.000">\n    <testcase classname="discovery" name="discovery › target" time="0.000">\n      <error message="${escapeXml(run.fatal.message)}" type="${escapeXml(run.fatal.code)}"/>\n    </testcase>\n  </testsuite>`,
    );
  }
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push(`<testsuites name="scimctl" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${secs(run.durationMs)}">`);
  lines.push(...suites);
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

export function createJunitReporter(dest: Destination, stdout: Sink): Reporter {
  return {
    async onRunEnd(run, summary) {
      await writeOutput(dest, stdout, junitXml(run, summary));
    },
  };
}
