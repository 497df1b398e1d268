/**
 * Severity from the checklist, in one place (docs/verdicts.md, "Grades"): a
 * check is never graded above the item it cites. Only a citation of an IdP's
 * documented need may keep a check stricter than its RFC item.
 */
import { checklistItem } from './coverage/load-checklist.js';
import type { Requirement, Severity } from './types.js';

const RANK: Record<Severity, number> = { MAY: 0, SHOULD: 1, MUST: 2 };

export function minSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] <= RANK[b] ? a : b;
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The grade of a checklist level as written (`MUST`, `SHALL NOT`, `REQUIRED (POST)`, `MAY / MUST`, `DEF`, ...):
 * - MUST, MUST NOT, SHALL, SHALL NOT, REQUIRED → MUST (BCP 14 absolute requirements);
 * - SHOULD, SHOULD NOT, RECOMMENDED → SHOULD; MAY, OPTIONAL → MAY;
 * - DEF (defined behaviour with no BCP 14 keyword) and DERIVED (follows from other text, or a range the checklist
 *   fixes where the RFC is silent) → SHOULD: a deviation is a defect, never an RFC MUST failure;
 * - a mixed level takes its first keyword (the checklist's own rule), except a keyword marked `(client)`, which
 *   binds the client: the server side is graded by what follows (`MUST (client) / DERIVED` → SHOULD).
 */
export function gradeOfLevel(level: string): Severity {
  const parts = level.split('/').map((p) => p.trim()).filter(Boolean);
  // Only client keywords: the row still describes what the server must then do at that keyword's strength.
  const serverSide = parts.find((p) => !/\(client\)/i.test(p)) ?? parts[0] ?? '';
  const word = serverSide.toUpperCase();
  if (/^(MUST|SHALL|REQUIRED)\b/.test(word)) return 'MUST';
  if (/^(SHOULD|RECOMMENDED)\b/.test(word)) return 'SHOULD';
  if (/^(MAY|OPTIONAL)\b/.test(word)) return 'MAY';
  // DEF, DERIVED, or a characteristic such as `readOnly`.
  return 'SHOULD';
}

/**
 * The grade of a cited requirement: its checklist item's level; SHOULD for an RFC section cited without an item
 * (no single requirement can be a MUST); undefined for an IdP citation (graded by its evidence instead).
 */
export function gradeOf(r: Requirement): Severity | undefined {
  if (r.source !== 'RFC7643' && r.source !== 'RFC7644') return undefined;
  if (!r.id) return 'SHOULD';
  const item = checklistItem(r.id);
  return item ? gradeOfLevel(item.level) : 'SHOULD';
}

/**
 * A check's severity: what it declares (MUST by default) capped by its requirement's grade, unless it cites an IdP
 * need that may block (then the IdP's need is the reason for the strictness, and the check stays as declared).
 */
export function gradeCheck(declared: Severity, requirement: Requirement, hasBlockingEvidence: boolean): Severity {
  if (hasBlockingEvidence) return declared;
  const cap = gradeOf(requirement);
  if (cap === undefined) return minSeverity(declared, 'SHOULD');
  return minSeverity(declared, cap);
}

/** RFC MUST-class: fails the run under "RFC" whatever the IdPs need. */
export function isRfcMust(requirement: Requirement): boolean {
  return gradeOf(requirement) === 'MUST';
}
