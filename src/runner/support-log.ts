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

  /** A step requiring these features passed: each is supported, unless known otherwise. */
  confirmed(features: readonly string[], step: string): void {
    for (const f of features) {
      const e = this.entries.get(f);
      if (!e || e.state === 'unknown' || e.how === 'assumed') this.entries.set(f, { feature: f, state: 'supported', how: 'probe', detail: `step "${step}" passed` });
    }
  }

  /**
   * A step requiring these features was lawfully refused: the ones not already confirmed are unsupported (all of
   * them, as a combination, when each alone is confirmed). Returns the name recorded.
   */
  refused(features: readonly string[], detail: string): string {
    // The most specific features are the ones refused: `filter.co`, not `filter` while `filter.eq` may still work.
    const specific = features.filter((f) => !features.some((g) => g !== f && g.startsWith(`${f}.`)));
    const open = specific.filter((f) => this.entries.get(f)?.state !== 'supported');
    const names = open.length > 0 ? open : [specific.join('+')];
    for (const f of names) this.entries.set(f, { feature: f, state: 'unsupported', how: 'refusal', detail });
    return names.join(', ');
  }

  list(): SupportEntry[] {
    return [...this.entries.values()].sort((a, b) => a.feature.localeCompare(b.feature));
  }
}
