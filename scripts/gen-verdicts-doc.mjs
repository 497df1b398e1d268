#!/usr/bin/env node
/**
 * Rewrites the evidence table in docs/verdicts.md from src/runner/evidence.ts
 * (run `npm run build` first: this script uses dist/).
 * test/unit/runner/evidence.test.ts makes the same comparison in CI.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('../docs/verdicts.md', import.meta.url));
const { withEvidenceTable } = await import(new URL('../dist/runner/evidence.js', import.meta.url).href);
writeFileSync(file, withEvidenceTable(readFileSync(file, 'utf8')));
console.log('docs/verdicts.md: evidence table rewritten');
