/**
 * `scimctl load --export artillery <file>`: the profile's flows as an Artillery
 * script (https://www.artillery.io/docs), so traffic beyond one machine can run
 * on an existing engine. Each Artillery virtual user runs one flow, request
 * after request, as one IdP worker would; arrivals are paced so the requests per
 * second match `--rate`. Differences from `scimctl load`: Artillery paces flows,
 * not single requests; it creates no directory (the run's group must exist); and
 * an Okta flow ends with a DELETE of its user, because Okta never deletes users
 * (okta.md §6) and an exported script must not leave them behind.
 *
 * The token is not written into the file: the script reads `$SCIMCTL_TOKEN`.
 */
import { stringify } from 'yaml';
import { ENTRA_FLOW, flowsFor, OKTA_FLOW, type Flow, type FlowContext, type FlowStep } from './flows.js';
import type { LoadPlan } from './types.js';

/** A number no real flow uses; replaced by Artillery's per-user `{{ $uuid }}` after the steps are built. */
const N_SENTINEL = 987654321;
const VU_ID = '{{ $uuid }}';

export interface ArtilleryOptions {
  plan: LoadPlan;
  /** The group the flows push memberships to; it must exist on the target. */
  groupName: string;
  runId: string;
}

/** Requests one virtual user of this flow sends in the exported script. */
export function exportedRequestsPerFlow(flow: Flow): number {
  return flow.steps.length + (flow === OKTA_FLOW ? 1 : 0);
}

function template(text: string): string {
  // Placeholders went through encodeURIComponent or form encoding inside URLs; put them back.
  return text
    .split(String(N_SENTINEL))
    .join(VU_ID)
    .replace(/%7B%7B(?:%20|\+)(.*?)(?:%20|\+)%7D%7D/g, (_m, name: string) => `{{ ${decodeURIComponent(name)} }}`);
}

function templateValue(v: unknown): unknown {
  if (typeof v === 'string') return template(v);
  if (Array.isArray(v)) return v.map(templateValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, templateValue(x)]));
  return v;
}

function request(step: FlowStep, ctx: FlowContext): Record<string, unknown> {
  const req = step.build(ctx);
  if (!req) throw new TypeError(`flow step ${step.kind} did not build`);
  const url = template(`${req.path}${req.query ? `?${req.query}` : ''}`);
  const spec: Record<string, unknown> = { url, name: step.kind };
  if (req.body !== undefined) {
    spec.json = templateValue(req.body);
    spec.headers = { 'Content-Type': 'application/scim+json; charset=utf-8' };
  }
  if (step.capture) {
    spec.capture = step.kind.endsWith('.create') ? [{ json: '$.id', as: 'userId' }] : [{ json: '$.Resources[0].id', as: 'groupId' }];
  }
  return { [req.method.toLowerCase()]: spec };
}

function flowRequests(flow: Flow, options: ArtilleryOptions): Record<string, unknown>[] {
  const ctx: FlowContext = {
    runId: options.runId,
    n: N_SENTINEL,
    groupName: options.groupName,
    directorySize: 0,
    vars: { userId: '{{ userId }}', groupId: '{{ groupId }}' },
  };
  const steps = flow.steps.map((s) => request(s, ctx));
  if (flow === OKTA_FLOW) steps.push({ delete: { url: '/Users/{{ userId }}', name: 'cleanup.user.delete' } });
  return steps;
}

/** The Artillery script text (YAML). */
export function artilleryScript(options: ArtilleryOptions): string {
  const { plan } = options;
  const flows = flowsFor(plan.profile);
  // One scenario (mixed: Entra's flow, then Okta's, for two users), so the request count is exact.
  const perFlow = flows.reduce((n, f) => n + exportedRequestsPerFlow(f), 0);
  const steadyFlows = Math.max(1, Math.round((plan.rate * plan.durationMs) / 1000 / perFlow));
  const phases: Record<string, unknown>[] = [];
  if (plan.rampMs > 0) phases.push({ name: 'ramp', duration: Math.round(plan.rampMs / 1000), arrivalRate: 1, rampTo: Math.max(1, Math.round(plan.rate / perFlow)) });
  phases.push({ name: 'steady', duration: Math.max(1, Math.round(plan.durationMs / 1000)), arrivalCount: steadyFlows });
  const doc = {
    config: {
      target: plan.baseUrl.replace(/\?.*$/, '').replace(/\/+$/, ''),
      phases,
      http: { timeout: Math.round(plan.timeoutMs / 1000) },
      defaults: { headers: { Accept: 'application/scim+json', Authorization: 'Bearer {{ $env.SCIMCTL_TOKEN }}' } },
    },
    scenarios: [{ name: flows.map((f) => f.name).join(' + '), flow: flows.flatMap((f) => flowRequests(f, options)) }],
  };
  const header = [
    `# scimctl load --profile ${plan.profile} --rate ${plan.rate} as an Artillery script (docs/load.md).`,
    `# ${steadyFlows} flows of ${perFlow} requests in the steady phase: ${steadyFlows * perFlow} requests at about ${plan.rate} req/s.`,
    `# Needs the group "${options.groupName}" on the target, and the token in SCIMCTL_TOKEN.`,
    '# Run it without telemetry: ARTILLERY_DISABLE_TELEMETRY=true npx artillery run <this file>',
  ];
  return `${header.join('\n')}\n${stringify(doc, { lineWidth: 0 })}`;
}

export { ENTRA_FLOW, OKTA_FLOW };
