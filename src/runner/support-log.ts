/**
 * What the target supports, as the run learns it: from discovery, from probes,
 * and from steps (a passing step confirms the features it requires; a lawful
 * refusal marks them unsupported). Shared by every scenario of one run.
 */
import type { SupportEntry } from './types.js';

export class SupportLog {
  private readonly entries = new Map<string, SupportEntry>();

  /** Discovery or probe results; runtime evidence learnt later wins. */
  record(entry: SupportEntry): void {
    const had = this.entries.get(entry.feature);
    if (had && had.how === 'refusal') return;
    this.entries.set(entry.feature, entry);
  }

  state(feature: string): SupportEntry['state'] | undefined {
    return this.entries.get(feature)?.state;
  }

  /** Why a step requiring these features is not worth sending, if one is already known to be refused. */
  missing(features: readonly string[]): string | undefined {
    for (const f of features) {
      const e = this.entries.get(f);
      if (e && (e.state === 'unsupported' || e.state === 'refused-by-design')) {
        return `unsupported by the target: ${f}${e.detail ? ` (${e.detail})` : ''}`;
      }
    }
    return undefined;
  }

  /**
   * A step requiring these features got the 2xx answer it expected: each is supported, unless known otherwise. The
   * caller passes only what the request used and only for a 2xx (a 400 a malformed-filter step expects confirms
   * nothing: an eq-only server gives it too).
   */
  confirmed(features: readonly string[], step: string): void {
    for (const f of features) {
      const e = this.entries.get(f);
      if (!e || e.state === 'unknown' || e.how === 'assumed') this.entries.set(f, { feature: f, state: 'supported', how: 'probe', detail: `step "${step}" passed` });
    }
  }

  /**
   * A step requiring these features was lawfully refused. Each filter operator is its own capability (issue 12): of
   * the ones not yet confirmed, only the most specific is blamed (an attribute operator before a value path, a value
   * path before `and`/`or`/`not`), and only when exactly one is left at that rank. When the refusal cannot say which
   * (two unconfirmed attribute operators), none is marked unsupported: each is recorded as unknown with the detail,
   * and later steps that use it alone settle it. When every one is confirmed alone, the combination is what is
   * refused. Returns the name recorded, for the check's reason.
   */
  refused(features: readonly string[], detail: string): string {
    // `filter.co`, not `filter` while `filter.eq` may still work.
    const specific = features.filter((f) => !features.some((g) => g !== f && g.startsWith(`${f}.`)));
    const open = specific.filter((f) => this.entries.get(f)?.state !== 'supported');
    if (open.length === 0) {
      const combination = specific.join('+');
      this.entries.set(combination, { feature: combination, state: 'unsupported', how: 'refusal', detail });
      return combination;
    }
    const top = Math.min(...open.map(rank));
    const blamed = open.filter((f) => rank(f) === top);
    // Outside filters (`search`, `patch`, …) each feature a request exercises is refused with it, as before.
    if (blamed.length === 1 || !blamed.every(isFilterOperator)) {
      for (const f of blamed) this.entries.set(f, { feature: f, state: 'unsupported', how: 'refusal', detail });
      return blamed.join(', ');
    }
    const unsure = `${detail} (the refusal does not say which of ${blamed.join(', ')} is not supported)`;
    for (const f of blamed) this.entries.set(f, { feature: f, state: 'unknown', how: 'refusal', detail: unsure });
    return blamed.join(' or ');
  }

  list(): SupportEntry[] {
    return [...this.entries.values()].sort((a, b) => a.feature.localeCompare(b.feature));
  }
}

const isFilterOperator = (f: string) => f.startsWith('filter.');

/** How specific a feature is (lower is more): structural filter parts rank after the operators they combine. */
function rank(feature: string): number {
  if (['filter.and', 'filter.or', 'filter.not'].includes(feature)) return 2;
  if (feature === 'filter.valuepath') return 1;
  return 0;
}
