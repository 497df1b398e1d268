/**
 * `scimctl test --schema-checks`: scenarios generated from what the target
 * declares in /ResourceTypes and /Schemas (checklist S-7-15 and area 23).
 * They are ordinary scenarios, tagged `schema-checks`, run and judged like the
 * built-in ones; none of their checks blocks an IdP.
 */
import type { Scenario } from '../types.js';
import { attributeScenario } from './attribute-scenario.js';
import { declarationScenario } from './declaration-scenario.js';
import { readDeclarations, scopedAttributes } from './declared-schemas.js';
import type { DeclaredSchema } from './declared-schemas.js';

export interface SchemaCheckInput {
  resourceTypesBody: unknown;
  schemasBody: unknown;
  runId: string;
}

export interface GeneratedChecks {
  scenarios: Scenario[];
  /** Attributes for which no scenario could be made, and why (reported, not failed). */
  notes: string[];
}

export function generateSchemaChecks(input: SchemaCheckInput): GeneratedChecks {
  const decl = readDeclarations(input.resourceTypesBody, input.schemasBody);
  if (decl.problem) return { scenarios: [], notes: [`--schema-checks: ${decl.problem}; nothing was generated`] };
  const attrs = scopedAttributes(decl);
  const notes: string[] = [];
  const scenarios: Scenario[] = [];
  const bySchema = new Map<string, { schema: DeclaredSchema; names: Set<string> }>();
  attrs.forEach((a, i) => {
    const entry = bySchema.get(a.schema.def.id) ?? { schema: a.schema, names: new Set<string>() };
    entry.names.add(a.def.name.toLowerCase());
    bySchema.set(a.schema.def.id, entry);
    const scenario = attributeScenario(a, i, { decl, runId: input.runId });
    if (scenario) scenarios.push(scenario);
    else notes.push(`--schema-checks: ${a.type.name} declares no required, writable string attribute to tell resources apart; ${a.def.name} is not exercised`);
  });
  const declarations = declarationScenario([...bySchema.values()]);
  if (attrs.length === 0) notes.push('--schema-checks: the target declares no attribute beyond what the built-in suites cover');
  return { scenarios: declarations ? [declarations, ...scenarios] : scenarios, notes };
}
