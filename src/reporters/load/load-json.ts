/** `scimctl load --reporter json`: the LoadResult as schemas/load-report.schema.json describes it. */
import type { LoadResult } from '../../load/types.js';

export function renderLoadJson(r: LoadResult, exitCode: number): string {
  return `${JSON.stringify({ ...r, exitCode }, null, 2)}\n`;
}
