/**
 * Scenarios (scenarios/): schema check, then semantic checks (every check names
 * a requirement, regexes compile, replayed recordings load and the exchanges a
 * step addresses exist), then the typed model in ../types.ts.
 */
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { Ajv } from 'ajv';
import type { Diagnostic, Result } from '../../core/errors.js';
import type {
  Capability,
  CaptureSpec,
  CheckMeta,
  Expectation,
  HeaderExpectation,
  PathExpectation,
  Recording,
  RequestSpec,
  Scenario,
  ScimCheckName,
  ScimCheckSpec,
  Severity,
  StatusMatcher,
  Step,
} from '../types.js';
import { CAPABILITIES, CAPABILITY_PATTERNS, FILTER_OPERATORS, isCapability } from '../types.js';
import { loadRecordingFile } from './load-recording.js';
import { citedRefs, resolveCitation } from '../evidence.js';
import { parseRequirement } from './parse-requirement.js';
import { readYamlFile } from './read-yaml-file.js';
import type { YamlSource } from './yaml-source.js';
import { didYouMean, locationInWords } from './ajv-diagnostics.js';

type Raw = Record<string, unknown>;

/** Compiles `body.schema` blocks at load time so a bad one is a diagnostic, not a crash mid-run. */
const schemaAjv = new Ajv({ strict: false });

export interface LoadScenarioOptions {
  /** The folder the user passed that holds the file: default ids outside any `scenarios/` folder are relative to it. */
  root?: string;
  /** The command's working directory: diagnostics name files relative to it (default: the process's). */
  cwd?: string;
}

export function loadScenarioFile(file: string, options: LoadScenarioOptions = {}): Result<Scenario> {
  const read = readYamlFile(file, 'scenario', options.cwd);
  if (!read.ok) return read;
  return new ScenarioBuilder(read.source, resolve(options.cwd ?? process.cwd(), file), options.root, options.cwd).build();
}

/**
 * The default id (docs/formats.md): the path below the nearest `scenarios/`
 * folder without `.yaml` (`…/scenarios/okta/create-user.yaml` → `okta/create-user`);
 * outside one, the path below `root`, else the base name. Worked out from the
 * absolute path, so the id does not depend on the working directory.
 */
export function scenarioIdFromPath(file: string, root?: string): string {
  const abs = resolve(file).replace(/\.ya?ml$/i, '');
  const segs = abs.split(sep);
  const at = segs.lastIndexOf('scenarios', segs.length - 2);
  const rel = root === undefined ? '' : relative(resolve(root), abs);
  const id = at >= 0 ? segs.slice(at + 1).join('/') : rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : basename(abs);
  return id.toLowerCase();
}

class ScenarioBuilder {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly recordings = new Map<string, Result<Recording>>();

  constructor(
    private readonly source: YamlSource,
    private readonly absFile: string,
    private readonly root?: string,
    private readonly cwd?: string,
  ) {}

  build(): Result<Scenario> {
    const data = this.source.data as Raw;
    const tags = (data['tags'] as string[] | undefined) ?? [];
    const scenario: Scenario = {
      id: typeof data['id'] === 'string' ? data['id'] : scenarioIdFromPath(this.absFile, this.root),
      name: String(data['name']),
      file: this.source.file,
      tags,
      requires: this.requires(data['requires'], ['requires']),
      existingGroups: typeof data['existingGroups'] === 'number' ? data['existingGroups'] : 0,
      needs: this.needs(data['needs'], ['needs']) ?? [],
      severity: (data['severity'] as Severity | undefined) ?? 'MUST',
      variables: (data['variables'] as Raw | undefined) ?? {},
      setup: this.steps(data['setup'], 'setup'),
      steps: this.steps(data['steps'], 'steps'),
      teardown: this.steps(data['teardown'], 'teardown'),
    };
    if (typeof data['description'] === 'string') scenario.description = data['description'];
    if (this.diagnostics.length > 0) return { ok: false, diagnostics: this.diagnostics };
    return { ok: true, value: scenario };
  }

  private fail(pointer: string[], message: string, hint?: string, key = false): void {
    const span = this.source.spanOf(pointer, { key });
    const d: Diagnostic = {
      code: 'SCENARIO_INVALID',
      severity: 'error',
      message: `${locationInWords(pointer)}: ${message}`,
      pointer,
    };
    if (hint) d.hint = hint;
    if (span) d.span = span;
    this.diagnostics.push(d);
  }

  /** `requires:` names (docs/formats.md): a fixed capability, `filter.<op>` or `attr.<name>`; anything else is an error at its position. */
  private requires(raw: unknown, at: string[]): Capability[] {
    if (!Array.isArray(raw)) return [];
    const out: Capability[] = [];
    raw.forEach((name, i) => {
      if (typeof name !== 'string') return;
      if (isCapability(name)) {
        out.push(name);
        return;
      }
      const candidates = [...CAPABILITIES, ...FILTER_OPERATORS.map((op) => `filter.${op}`)];
      const guess = didYouMean(name, candidates);
      const why = name.startsWith('filter.')
        ? `unknown filter operator \`${name.slice('filter.'.length)}\` (filter.<op> takes one of ${FILTER_OPERATORS.join(', ')})`
        : name.startsWith('attr.')
          ? `\`${name}\` is not an attribute name (attr.<name>, e.g. attr.x509Certificates or attr.name.formatted)`
          : `unknown capability \`${name}\`; valid: ${CAPABILITIES.join(', ')}, ${CAPABILITY_PATTERNS.join(', ')}`;
      this.fail([...at, String(i)], why, guess ? `did you mean \`${guess}\`?` : undefined);
    });
    return out;
  }

  private steps(raw: unknown, phase: string): Step[] {
    if (!Array.isArray(raw)) return [];
    return raw.map((s, i) => this.step(s as Raw, [phase, String(i)]));
  }

  private step(raw: Raw, at: string[]): Step {
    const span = this.source.spanOf([...at, 'name'], { key: true });
    const needs = this.needs(raw['needs'], [...at, 'needs']);
    const base = {
      name: String(raw['name']),
      requires: this.requires(raw['requires'], [...at, 'requires']),
      ...(needs ? { needs } : {}),
      ...(typeof raw['control'] === 'string' ? { control: raw['control'] } : {}),
      ...(span ? { span } : {}),
    };
    if (raw['replay']) return { kind: 'replay', ...base, ...this.replay(raw['replay'] as Raw, [...at, 'replay']) };
    const capture: Record<string, CaptureSpec> = {};
    for (const [name, spec] of Object.entries((raw['capture'] as Record<string, Raw> | undefined) ?? {})) {
      const c: CaptureSpec = {};
      if (typeof spec['pointer'] === 'string') c.pointer = spec['pointer'];
      if (typeof spec['header'] === 'string') c.header = spec['header'];
      if (typeof spec['pattern'] === 'string') {
        this.regex(spec['pattern'], [...at, 'capture', name, 'pattern']);
        c.pattern = spec['pattern'];
      }
      if (spec['where'] && typeof spec['where'] === 'object') c.where = spec['where'] as Record<string, string | number | boolean>;
      if (typeof spec['then'] === 'string') c.then = spec['then'];
      capture[name] = c;
    }
    const step: Step = { kind: 'request', ...base, request: this.request(raw['request'] as Raw), capture };
    if (raw['expect']) step.expect = this.expect(raw['expect'] as Raw, [...at, 'expect']);
    return step;
  }

  private request(raw: Raw): RequestSpec {
    const spec: RequestSpec = {
      method: String(raw['method']),
      path: String(raw['path']),
      headers: (raw['headers'] as Record<string, string> | undefined) ?? {},
      hasBody: 'body' in raw,
      auth: (raw['auth'] as RequestSpec['auth'] | undefined) ?? 'default',
    };
    if (raw['query'] !== undefined) spec.query = raw['query'] as RequestSpec['query'];
    if ('body' in raw) spec.body = raw['body'];
    if (typeof raw['bodyText'] === 'string') spec.bodyText = raw['bodyText'];
    return spec;
  }

  private replay(raw: Raw, at: string[]): Omit<Extract<Step, { kind: 'replay' }>, 'kind' | 'name' | 'requires' | 'span'> {
    const rel = String(raw['recording']);
    const abs = resolve(dirname(this.absFile), rel);
    let loaded = this.recordings.get(abs);
    if (!loaded) {
      loaded = loadRecordingFile(abs, this.cwd);
      this.recordings.set(abs, loaded);
    }
    const empty: Recording = { name: rel, file: rel, basePath: '', exchanges: [] };
    let recording = empty;
    if (!loaded.ok) {
      const first = loaded.diagnostics[0];
      this.fail(
        [...at, 'recording'],
        loaded.diagnostics.length === 1 && first?.code === 'FILE_NOT_FOUND'
          ? `recording \`${rel}\` does not exist`
          : `recording \`${rel}\` is invalid`,
        'paths are relative to the scenario file',
      );
      this.diagnostics.push(...loaded.diagnostics.filter((d) => d.code !== 'FILE_NOT_FOUND'));
    } else {
      recording = loaded.value;
    }
    const refOk = (ref: string | number, pointer: string[], key: boolean) => {
      if (!loaded.ok) return;
      const exists =
        typeof ref === 'number' || /^\d+$/.test(String(ref))
          ? Number(ref) >= 1 && Number(ref) <= recording.exchanges.length
          : recording.exchanges.some((e) => e.id === ref);
      if (!exists) {
        this.fail(pointer, `no exchange \`${ref}\` in \`${rel}\` (it has ${recording.exchanges.length})`, undefined, key);
      }
    };
    const only = raw['only'] as (number | string)[] | undefined;
    only?.forEach((ref, i) => refOk(ref, [...at, 'only', String(i)], false));
    const atMap: Record<string, Expectation> = {};
    for (const [ref, exp] of Object.entries((raw['at'] as Record<string, Raw> | undefined) ?? {})) {
      refOk(ref, [...at, 'at', ref], true);
      atMap[ref] = this.expect(exp, [...at, 'at', ref]);
    }
    const out: Omit<Extract<Step, { kind: 'replay' }>, 'kind' | 'name' | 'requires' | 'span'> = {
      recordingPath: rel,
      recording,
      substitute: (raw['substitute'] as Record<string, string> | undefined) ?? {},
      runScoped: raw['runScoped'] !== false,
      autoChecks: raw['autoChecks'] !== false,
      at: atMap,
    };
    if (only) out.only = only;
    if (raw['expect']) out.expect = this.expect(raw['expect'] as Raw, [...at, 'expect']);
    return out;
  }

  /** `needs:` citations; each must name a row of the evidence table (src/runner/evidence.ts). */
  private needs(raw: unknown, at: string[]): string[] | undefined {
    if (raw === undefined) return undefined;
    const list = ([] as unknown[]).concat(raw).map(String);
    list.forEach((c, i) => this.citation(c, Array.isArray(raw) ? [...at, String(i)] : at));
    return list;
  }

  private citation(citation: string, at: string[]): void {
    const { unknown } = resolveCitation(citation);
    const none = citedRefs(citation).length === 0;
    if (none || unknown.length > 0) {
      this.fail(
        at,
        none ? `\`${citation}\` cites no IdP document` : `\`${unknown.join('`, `')}\` is not in the evidence table`,
        'cite an okta.md / entra.md section or mezmo-scim-setup.txt that src/runner/evidence.ts lists (docs/verdicts.md, "Evidence")',
      );
    }
  }

  private meta(raw: Raw, at: string[]): CheckMeta {
    const m: CheckMeta = {};
    if (raw['requirement'] !== undefined) {
      const r = parseRequirement(raw['requirement']);
      if (r) m.requirement = r;
      if (r?.doc !== undefined) this.citation(r.doc, [...at, 'requirement', 'doc']);
    }
    if (raw['severity']) m.severity = raw['severity'] as Severity;
    const needs = this.needs(raw['needs'], [...at, 'needs']);
    if (needs) m.needs = needs;
    if (typeof raw['because'] === 'string') m.because = raw['because'];
    const span = this.source.spanOf(at);
    if (span) m.span = span;
    return m;
  }

  private needsRequirement(meta: CheckMeta, parent: CheckMeta, at: string[], what: string): void {
    if (!meta.requirement && !parent.requirement) {
      this.fail(
        at,
        `${what} names no requirement`,
        'add `requirement: P-…` (a rfc-checklist.md ID) or `{ idp: okta, doc: "okta.md §…" }` here or on the expect block',
      );
    }
  }

  private regex(pattern: string, at: string[]): void {
    try {
      new RegExp(pattern);
    } catch (err) {
      this.fail(at, `\`${pattern}\` is not a valid regular expression (${(err as Error).message})`);
    }
  }

  private jsonSchema(schema: object, at: string[]): void {
    try {
      schemaAjv.compile(schema);
    } catch (err) {
      this.fail(at, `not a valid JSON Schema: ${(err as Error).message}`);
    }
  }

  private expect(raw: Raw, at: string[]): Expectation {
    const parent = this.meta(raw, at);
    const exp: Expectation = { ...parent, headers: [], paths: [], scim: [] };
    const status = raw['status'];
    if (status !== undefined) {
      const p = [...at, 'status'];
      const obj = typeof status === 'object' && status !== null && !Array.isArray(status) ? (status as Raw) : undefined;
      const meta = obj ? this.meta(obj, p) : { ...(this.source.spanOf(p) ? { span: this.source.spanOf(p) } : {}) };
      this.needsRequirement(meta, parent, p, 'the status check');
      exp.status = { ...meta, matcher: statusMatcher(obj ? obj['value'] : status) };
    }
    for (const [name, check] of Object.entries((raw['headers'] as Raw | undefined) ?? {})) {
      const p = [...at, 'headers', name];
      const h: HeaderExpectation = { name };
      if (typeof check === 'string') h.equals = check;
      else if (typeof check === 'boolean') h.present = check;
      else {
        const c = check as Raw;
        Object.assign(h, this.meta(c, p));
        if (typeof c['present'] === 'boolean') h.present = c['present'];
        if (typeof c['equals'] === 'string') h.equals = c['equals'];
        if (typeof c['pattern'] === 'string') {
          this.regex(c['pattern'], [...p, 'pattern']);
          h.pattern = c['pattern'];
        }
      }
      const span = h.span ?? this.source.spanOf(p);
      if (span) h.span = span;
      this.needsRequirement(h, parent, p, `the \`${name}\` header check`);
      exp.headers.push(h);
    }
    const body = raw['body'] as Raw | undefined;
    if (body) {
      const p = [...at, 'body'];
      const meta = this.meta(body, p);
      if ('match' in body || 'equals' in body || 'schema' in body) {
        this.needsRequirement(meta, parent, p, 'the body check');
      }
      exp.body = { ...meta, hasMatch: 'match' in body, hasEquals: 'equals' in body };
      if ('match' in body) exp.body.match = body['match'];
      if ('equals' in body) exp.body.equals = body['equals'];
      if (body['schema']) {
        exp.body.schema = body['schema'] as object;
        this.jsonSchema(body['schema'] as object, [...p, 'schema']);
      }
      const bodyParent: CheckMeta = { ...parent, ...definedOnly(meta) };
      ((body['paths'] as Raw[] | undefined) ?? []).forEach((pc, i) => {
        const pp = [...p, 'paths', String(i)];
        const path: PathExpectation = { pointer: String(pc['pointer']), ...this.meta(pc, pp) };
        for (const k of ['present', 'equals', 'match', 'type', 'pattern', 'length'] as const) {
          if (k in pc) (path as unknown as Raw)[k] = pc[k];
        }
        if (typeof pc['pattern'] === 'string') this.regex(pc['pattern'], [...pp, 'pattern']);
        this.needsRequirement(path, bodyParent, pp, `the check at \`${path.pointer}\``);
        path.requirement ??= bodyParent.requirement;
        path.severity ??= bodyParent.severity;
        path.needs ??= bodyParent.needs;
        exp.paths.push(path);
      });
    }
    ((raw['scim'] as unknown[] | undefined) ?? []).forEach((sc, i) => {
      const p = [...at, 'scim', String(i)];
      if (typeof sc === 'string') {
        const span = this.source.spanOf(p);
        exp.scim.push({ check: sc as ScimCheckName, ...(span ? { span } : {}) });
        return;
      }
      const o = sc as Raw;
      const spec: ScimCheckSpec = { check: o['check'] as ScimCheckName, ...this.meta(o, p) };
      if (o['scimType'] !== undefined) spec.scimType = ([] as string[]).concat(o['scimType'] as string | string[]);
      if (typeof o['resourceType'] === 'string') spec.resourceType = o['resourceType'];
      exp.scim.push(spec);
    });
    return exp;
  }
}

function definedOnly(meta: CheckMeta): CheckMeta {
  const out: CheckMeta = {};
  if (meta.requirement) out.requirement = meta.requirement;
  if (meta.severity) out.severity = meta.severity;
  if (meta.needs) out.needs = meta.needs;
  return out;
}

function statusMatcher(value: unknown): StatusMatcher {
  if (typeof value === 'number') return { kind: 'value', value };
  if (Array.isArray(value)) return { kind: 'set', values: value as number[] };
  return { kind: 'range', hundreds: Number(String(value)[0]) };
}
