/**
 * fixtures/rfc-checklist.json, the checklist as data (scripts/gen-coverage.mjs
 * writes it from rfc-checklist.md), and a lookup by ID read once on first use.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChecklistFile, ChecklistItem } from './checklist.js';

/** At the package root (src/runner/coverage and dist/runner/coverage both sit three levels down). */
export function checklistPath(): string {
  return fileURLToPath(new URL('../../../fixtures/rfc-checklist.json', import.meta.url));
}

export function loadChecklistFile(path = checklistPath()): ChecklistFile {
  const data = JSON.parse(readFileSync(path, 'utf8')) as ChecklistFile;
  if (data.version !== 1 || !Array.isArray(data.items)) throw new Error(`${path} is not a checklist file (version 1 with items)`);
  return data;
}

let byId: Map<string, ChecklistItem> | undefined;

/** The checklist item with this ID (`E-8471-01`), or undefined when the checklist has none. */
export function checklistItem(id: string): ChecklistItem | undefined {
  byId ??= new Map(loadChecklistFile().items.map((i) => [i.id, i]));
  return byId.get(id);
}
