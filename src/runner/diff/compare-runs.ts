/**
 * `scimctl diff`: the same scenarios run against the target and the reference
 * server, paired step by step, normalised (normalise-exchange.ts) and
 * compared. Each difference says which of the target's failed checks judged
 * it, by the defect key the verdict uses, or that it is only a difference.
 */
import type { CheckResult, RunResult, ScenarioResult, StepResult } from '../types.js';
import { defectKeyOf } from './defect-key.js';
import type { Difference, DiffResult, JudgedBy, NormalisedExchange, StepDiff } from './diff-types.js';
import { IdNumbering, NORMALISED, normaliseExchange } from './normalise-exchange.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Attributes a server may add or leave out that the RFC allows (RFC 7643 §3.1 meta, §2.3.7 `$ref`,
 * §4.1.2 the readOnly `groups`, §3.3 the server's own extensions, RFC 7644 §3.12 `detail`,
 * §3.4.2 startIndex/itemsPerPage on an unpaged list).
 */
function allowed(pointer: string, change: 'added' | 'missing'): boolean {
  const segs = pointer.split('/').slice(1);
  const last = segs[segs.length - 1] ?? '';
  if (last === 'detail' || last === 'display') return true;
  if (change === 'missing') {
    // Optional parts the reference adds: meta.version without ETag support (RFC 7644 §3.14), a member's $ref and type.
    if (last === 'version' && segs[segs.length - 2] === 'meta') return true;
    return (last === '$ref' || last === 'type') && segs.some((s) => /^(members|groups)$/.test(s));
  }
  if (segs.includes('meta')) return true;
  if (last === '$ref' || last === 'displayName' && segs.some((s) => /^(members|groups|manager)$/.test(s))) return true;
  if (last === 'groups' && segs.length <= 3) return true;
  if (last === 'type' && segs.some((s) => /^(members|groups)$/.test(s))) return true;
  if (segs.length === 1 && (last === 'startIndex' || last === 'itemsPerPage')) return true;
  return segs.some((s) => s.includes(':') && !s.startsWith('urn:ietf:params:scim:'));
}

function compareBodies(t: unknown, r: unknown, at: string, out: Omit<Difference, 'judgedBy'>[]): void {
  if (JSON.stringify(t) === JSON.stringify(r)) return;
  if (t === undefined) {
    if (!allowed(at, 'missing')) out.push({ kind: 'body', at: at || '/', change: 'missing', reference: r });
    return;
  }
  if (r === undefined) {
    if (!allowed(at, 'added')) out.push({ kind: 'body', at: at || '/', change: 'added', target: t });
    return;
  }
  if (isObject(t) && isObject(r)) {
    for (const k of [...new Set([...Object.keys(r), ...Object.keys(t)])]) compareBodies(t[k], r[k], `${at}/${esc(k)}`, out);
    return;
  }
  if (Array.isArray(t) && Array.isArray(r)) {
    const key = pairingKey(t, r);
    if (key) {
      // Elements with a natural key (attribute name, resource id, member value) pair by it, not by place.
      const byKey = (list: unknown[]) => new Map(list.map((x) => [String((x as Record<string, unknown>)[key]), x]));
      const tk = byKey(t);
      const rk = byKey(r);
      r.forEach((x, i) => compareBodies(tk.get(String((x as Record<string, unknown>)[key])), x, `${at}/${i}`, out));
      t.forEach((x, i) => {
        if (!rk.has(String((x as Record<string, unknown>)[key]))) compareBodies(x, undefined, `${at}/${r.length + i}`, out);
      });
      return;
    }
    for (let i = 0; i < Math.max(t.length, r.length); i++) compareBodies(t[i], r[i], `${at}/${i}`, out);
    return;
  }
  out.push({ kind: 'body', at: at || '/', change: 'changed', target: t, reference: r });
}

const PAIRING_KEYS = ['id', 'name', 'value', 'bulkId', 'schema'];

/** The key every element of both arrays has, unique within each, if any. */
function pairingKey(t: unknown[], r: unknown[]): string | undefined {
  const all = [...t, ...r];
  if (all.length === 0 || !all.every(isObject)) return undefined;
  return PAIRING_KEYS.find((k) =>
    [t, r].every((list) => {
      const values = list.map((x) => (x as Record<string, unknown>)[k]);
      return values.every((v) => typeof v === 'string') && new Set(values).size === values.length;
    }),
  );
}

function differences(t: NormalisedExchange, r: NormalisedExchange): Omit<Difference, 'judgedBy'>[] {
  const out: Omit<Difference, 'judgedBy'>[] = [];
  if (t.status !== r.status) out.push({ kind: 'status', at: 'status', change: t.status === undefined ? 'missing' : r.status === undefined ? 'added' : 'changed', target: t.status, reference: r.status });
  for (const name of [...new Set([...Object.keys(r.headers), ...Object.keys(t.headers)])]) {
    const a = t.headers[name];
    const b = r.headers[name];
    // An ETag the reference does not send is one the RFC allows (RFC 7644 §3.14).
    if (a === b || (name === 'etag' && b === undefined)) continue;
    out.push({ kind: 'header', at: name, change: a === undefined ? 'missing' : b === undefined ? 'added' : 'changed', ...(a === undefined ? {} : { target: a }), ...(b === undefined ? {} : { reference: b }) });
  }
  compareBodies(t.body, r.body, '', out);
  return out;
}

const failed = (c: CheckResult) => c.status === 'failed' || c.status === 'errored';
const judged = (c: CheckResult): JudgedBy => ({
  checkId: c.checkId,
  defect: defectKeyOf(c),
  message: c.status === 'failed' ? c.message : c.status === 'errored' ? c.error.message : '',
});

const HEADER_CHECKS: Record<string, string[]> = { location: ['scim.location'], etag: ['scim.etag'], 'content-type': ['scim.contentType'] };

/** Which failed checks of the target's step judged a difference. */
function judges(d: Omit<Difference, 'judgedBy'>, checks: CheckResult[]): CheckResult[] {
  if (d.kind === 'status') return checks.filter((c) => c.checkId === 'status' || c.checkId === 'transport');
  if (d.kind === 'header') {
    return checks.filter((c) => c.checkId.toLowerCase() === `header.${d.at}` || (HEADER_CHECKS[d.at] ?? []).some((p) => c.checkId.startsWith(p)));
  }
  const last = d.at.split('/').pop() ?? '';
  return checks.filter((c) => {
    // body.path<pointer>: the same place, or one inside the other.
    if (c.checkId.startsWith('body.path/')) {
      const p = c.checkId.slice('body.path'.length);
      return p === d.at || d.at.startsWith(`${p}/`) || p.startsWith(`${d.at}/`);
    }
    // scim.<check>.<field> (scim.listResponse.totalResults): the same field.
    if (c.checkId.startsWith('scim.')) return c.checkId.split('.').pop() === last;
    // body.match / body.schema name the place in their message (`/totalResults must be integer`).
    if (/^body\.(match|equals|schema)$/.test(c.checkId) && c.status === 'failed') return c.message.includes(d.at);
    return false;
  });
}

function stepKey(s: StepResult, i: number, all: StepResult[]): string {
  // Clean-up steps are named by the resource's path (ids differ): pair them by order instead.
  if (s.name.startsWith('clean up ')) return `${s.phase}:clean up #${all.slice(0, i).filter((x) => x.name.startsWith('clean up ')).length}`;
  const n = all.slice(0, i).filter((x) => x.phase === s.phase && x.name === s.name).length;
  return `${s.phase}:${s.name}#${n}`;
}

function compareScenario(t: ScenarioResult | undefined, r: ScenarioResult | undefined, bases: { target: string; reference: string }): StepDiff[] {
  const tSide = { baseUrl: bases.target, ids: new IdNumbering() };
  const rSide = { baseUrl: bases.reference, ids: new IdNumbering() };
  const tSteps = t?.steps ?? [];
  const rSteps = r?.steps ?? [];
  const rByKey = new Map(rSteps.map((s, i) => [stepKey(s, i, rSteps), s]));
  const tByKey = new Map(tSteps.map((s, i) => [stepKey(s, i, tSteps), s]));
  const keys = [...new Set([...tSteps.map((s, i) => stepKey(s, i, tSteps)), ...rSteps.map((s, i) => stepKey(s, i, rSteps))])];
  const scenario = (t ?? r) as ScenarioResult;
  const out: StepDiff[] = [];
  for (const key of keys) {
    const ts = tByKey.get(key);
    const rs = rByKey.get(key);
    // Both sides learn ids in the same order: normalise in step order on each side.
    const tn = normaliseExchange(ts?.exchange, tSide);
    const rn = normaliseExchange(rs?.exchange, rSide);
    const base = { scenario: scenario.id, scenarioName: scenario.name, phase: (ts ?? rs)?.phase ?? 'steps', step: (ts ?? rs)?.name.startsWith('clean up ') ? `clean up ${(tn ?? rn)?.request.split(' ')[1] ?? ''}` : ((ts ?? rs)?.name ?? key) };
    const failures = (ts?.checks ?? []).filter(failed);
    if (!tn || !rn) {
      if (!tn && !rn) continue;
      out.push({ ...base, outcome: tn ? 'target-only' : 'reference-only', ...(tn ? { target: tn } : {}), ...(rn ? { reference: rn } : {}), differences: [], otherFailures: failures.map(judged) });
      continue;
    }
    const used = new Set<CheckResult>();
    const diffs: Difference[] = differences(tn, rn).map((d) => {
      const by = judges(d, failures);
      by.forEach((c) => used.add(c));
      return { ...d, judgedBy: by.map(judged) };
    });
    out.push({ ...base, outcome: diffs.length === 0 ? 'same' : 'differs', target: tn, reference: rn, differences: diffs, otherFailures: failures.filter((c) => !used.has(c)).map(judged) });
  }
  return out;
}

export interface CompareOptions {
  profile: string;
}

/** Pairs the two runs scenario by scenario and step by step. */
export function compareRuns(target: RunResult, reference: RunResult, options: CompareOptions): DiffResult {
  const rById = new Map(reference.scenarios.map((s) => [s.id, s]));
  const tIds = new Set(target.scenarios.map((s) => s.id));
  const bases = { target: target.target.baseUrl, reference: reference.target.baseUrl };
  const steps = [
    ...target.scenarios.flatMap((t) => compareScenario(t, rById.get(t.id), bases)),
    ...reference.scenarios.filter((r) => !tIds.has(r.id)).flatMap((r) => compareScenario(undefined, r, bases)),
  ];
  const count = (o: StepDiff['outcome']) => steps.filter((s) => s.outcome === o).length;
  const all = steps.flatMap((s) => s.differences);
  return {
    version: 1,
    target: target.target.baseUrl,
    reference: { profile: options.profile },
    runId: target.runId,
    normalised: NORMALISED,
    steps,
    counts: {
      steps: steps.length,
      same: count('same'),
      differs: count('differs'),
      oneSided: count('target-only') + count('reference-only'),
      differences: all.length,
      judged: all.filter((d) => d.judgedBy.length > 0).length,
    },
    ...(target.fatal ? { fatal: { code: target.fatal.code, message: target.fatal.message } } : {}),
  };
}
