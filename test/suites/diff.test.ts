/**
 * `scimctl diff` end to end: against `scimctl serve` itself nothing differs;
 * against a serve with planted faults each difference is shown and tied to
 * the check (and defect key) that judged it; --fail-on-diff and an unreachable
 * target give the documented exit codes.
 */
import { describe, expect, it } from 'vitest';
import { runDiffCommand } from '../../src/cli/run-diff.js';
import type { DiffResult } from '../../src/runner/diff/diff-types.js';
import { capturingIo, startServe } from '../recorder/helpers.js';

const TOKEN = 'diff-token-0123456789';

async function diff(url: string, flags: Record<string, unknown>): Promise<{ code: number; result: DiffResult }> {
  let out = '';
  const io = { ...capturingIo(process.cwd()), stdout: { write: (t: string) => void (out += t) } };
  const code = await runDiffCommand(url, { token: TOKEN, reporter: 'json', ...flags }, io);
  return { code, result: JSON.parse(out) as DiffResult };
}

describe('scimctl diff', () => {
  it('shows no difference between scimctl serve and the built-in server', async () => {
    const server = await startServe({ token: TOKEN });
    try {
      const { code, result } = await diff(server.url, { failOnDiff: true });
      const differing = result.steps.filter((s) => s.outcome !== 'same').map((s) => `${s.scenario} › ${s.step}: ${JSON.stringify(s.differences)}`);
      expect(differing).toEqual([]);
      expect(code).toBe(0);
      expect(result.counts.steps).toBeGreaterThan(400);
      expect(result.counts.same).toBe(result.counts.steps);
    } finally {
      await server.stop();
    }
  });

  it('shows what a faulty target does differently, each difference tied to the check that judged it', async () => {
    const server = await startServe({ token: TOKEN, fault: ['string-counts', 'no-location'] });
    try {
      const { code, result } = await diff(server.url, { tag: ['okta'], failOnDiff: true });
      expect(code).toBe(1);
      const all = result.steps.flatMap((s) => s.differences.map((d) => ({ step: s.step, ...d })));
      const totalResults = all.find((d) => d.at === '/totalResults');
      expect(totalResults).toMatchObject({ kind: 'body', change: 'changed', reference: 0, target: '0' });
      expect(totalResults?.judgedBy.map((j) => j.defect)).toContain('scim.listResponse.totalResults @ P-3.4.2-04');
      const location = all.find((d) => d.kind === 'header' && d.at === 'location');
      expect(location).toMatchObject({ change: 'missing' });
      expect(location?.judgedBy.length).toBeGreaterThan(0);
      // Everything else about those steps was normalised away: only the planted faults differ.
      expect([...new Set(all.map((d) => d.at))].sort()).toEqual(['/itemsPerPage', '/startIndex', '/totalResults', 'location']);
      // Without --fail-on-diff the same differences exit 0.
      expect((await diff(server.url, { tag: ['okta'], grep: 'test-connection' })).code).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('exits 3 when the target cannot be run, and says why', async () => {
    const { code, result } = await diff('http://127.0.0.1:9/scim/v2', { tag: ['okta'], timeout: '2000' });
    expect(code).toBe(3);
    expect(result.fatal?.code).toBe('TARGET_UNREACHABLE');
    expect(result.steps).toEqual([]);
  });
});
