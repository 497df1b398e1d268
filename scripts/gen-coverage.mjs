#!/usr/bin/env node
/**
 * Regenerates docs/coverage.md from scenarios/ and fixtures/rfc-checklist.json
 * (run `npm run build` first: this script uses dist/).
 *
 *   node scripts/gen-coverage.mjs                 write docs/coverage.md
 *   node scripts/gen-coverage.mjs --check         exit 1 when docs/coverage.md is stale
 *   node scripts/gen-coverage.mjs --checklist ../shared/reference/rfc-checklist.md
 *                                                 first rebuild fixtures/rfc-checklist.json from the checklist
 *
 * test/suites/coverage-docs.test.ts makes the same comparison in CI.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const { coverageMarkdown, checklistPath } = await import(new URL('../dist/cli/run-coverage.js', import.meta.url).href);
const { parseChecklist } = await import(new URL('../dist/runner/coverage/checklist.js', import.meta.url).href);

const at = args.indexOf('--checklist');
if (at >= 0) {
  const md = args[at + 1];
  if (!md) {
    console.error('--checklist needs the path of rfc-checklist.md');
    process.exit(2);
  }
  const file = { version: 1, source: 'rfc-checklist.md (shared/reference), parsed by scripts/gen-coverage.mjs', items: parseChecklist(readFileSync(md, 'utf8')) };
  writeFileSync(checklistPath(), `${JSON.stringify(file, null, 2)}\n`);
  console.log(`fixtures/rfc-checklist.json: ${file.items.length} items`);
}

const doc = coverageMarkdown();
if (!doc.ok) {
  for (const d of doc.diagnostics) console.error(d.message);
  process.exit(2);
}
const target = `${root}docs/coverage.md`;
const text = `${doc.value}\n`;
if (args.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error('docs/coverage.md is stale: run `npm run build && npm run coverage:docs`');
    process.exit(1);
  }
  console.log('docs/coverage.md is current');
} else {
  writeFileSync(target, text);
  console.log('wrote docs/coverage.md');
}
