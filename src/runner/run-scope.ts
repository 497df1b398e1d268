/**
 * The token every name a scenario creates carries (`{{run}}`): the run id plus
 * a short tag derived from the scenario id. Two scenarios replaying recordings
 * with the same names (alice@contoso.com in five Entra flows) never touch each
 * other's users, whatever the order or concurrency, and a second run never
 * meets the first run's leftovers.
 */

/** Four base-36 characters from the scenario id (FNV-1a, 32 bit): stable across runs and machines. */
export function scenarioTag(scenarioId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < scenarioId.length; i++) {
    h ^= scenarioId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % 36 ** 4).toString(36).padStart(4, '0');
}

/** `r1a2b3` + the scenario's tag: `r1a2b3k9x2`. */
export function scenarioRunId(runId: string, scenarioId: string): string {
  return `${runId}${scenarioTag(scenarioId)}`;
}
