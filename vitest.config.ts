import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Four projects (`vitest run --project unit`, `npm run test:unit`, …); `npm test` runs them all.
 * - unit: pure functions and in-process commands (test/unit/**)
 * - suites: the built-in scenarios against the reference server, coverage docs, golden CLI cases
 * - robustness: fuzzing, faults, crashes, races (figures for `npm run robustness`)
 * - http: everything else: real sockets, spawned CLIs, the recorder, load and field tests
 */
const UNIT = ['test/unit/**/*.test.ts'];
const SUITES = ['test/suites/**/*.test.ts', 'test/golden/**/*.test.ts'];
const ROBUSTNESS = ['test/robustness/**/*.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The JSON file lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      { extends: true, test: { name: 'suites', include: SUITES } },
      { extends: true, test: { name: 'robustness', include: ROBUSTNESS } },
      { extends: true, test: { name: 'http', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...UNIT, ...SUITES, ...ROBUSTNESS] } },
    ],
  },
});
