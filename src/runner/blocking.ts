/**
 * Which IdPs a check blocks: those of the evidence rows it cites that may block
 * (docs/verdicts.md, "Evidence"). A scenario's tags never add any.
 */
import { canBlock, resolveCitation } from './evidence.js';
import type { Idp, Requirement } from './types.js';

export interface BlockingEvidence {
  idps: Idp[];
  /** The `ref` of each row that blocks, in citation order. */
  refs: string[];
}

/** Citations of a check: its `needs`, plus its requirement when that is an IdP document (`{ idp, doc }`). */
export function citationsOf(requirement: Requirement, needs: readonly string[]): string[] {
  const out = [...needs];
  if (requirement.source !== 'RFC7643' && requirement.source !== 'RFC7644' && requirement.doc) out.push(requirement.doc);
  return out;
}

export function blockingEvidence(requirement: Requirement, needs: readonly string[]): BlockingEvidence {
  const idps = new Set<Idp>();
  const refs: string[] = [];
  for (const citation of citationsOf(requirement, needs)) {
    for (const row of resolveCitation(citation).rows) {
      if (!canBlock(row) || refs.includes(row.ref)) continue;
      refs.push(row.ref);
      idps.add(row.idp);
    }
  }
  return { idps: [...idps].sort(), refs };
}
