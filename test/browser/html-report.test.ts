/**
 * Given a real run with defects across IdPs (the built-in scenarios against the
 * reference server behind a fault layer: itemsPerPage echoes count, which Okta
 * needs right; capitalised PATCH ops refused, which Entra sends; 401 without a
 * challenge, an RFC MUST) rendered by the html reporter, when
 * Chromium opens the file, then the verdict cards and the defect list render,
 * the IdP filter hides the defects of other IdPs and shows them again, a defect
 * expands to its first exchange and the steps it hit, and the page makes no
 * network request. A screenshot is saved under reports/ for people to look at.
 *
 * Chromium comes from Debian (`apt-get install chromium`; .ci/run installs it),
 * driven by playwright-core with executablePath: no browser download.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idpStateText } from '../../src/reporters/format.js';
import { htmlText } from '../../src/reporters/html-reporter.js';
import type { RunResult } from '../../src/runner/types.js';
import { computeVerdict } from '../../src/runner/verdict.js';
import type { Verdict } from '../../src/runner/verdict.js';
import { FAULTS } from '../suites/fault-layer.js';
import { runMock } from '../suites/mock-run.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve('reports', 'html-report');

let context: BrowserContext;
let page: Page;
let profile: string;
const requests: string[] = [];
const pageErrors: string[] = [];
let run: RunResult;
let verdict: Verdict;
const SCENARIOS = ['okta/test-connection', 'okta/import-users-groups', 'entra/test-connection-aadopt', 'entra/groups', 'rfc/http-auth-media', 'rfc/pagination'];

beforeAll(async () => {
  run = await runMock({ profile: 'rfc', ids: SCENARIOS, wrap: (h) => FAULTS.itemsPerPageIsCount(FAULTS.caseSensitiveOps(FAULTS.noChallenge(h))) });
  verdict = computeVerdict(run);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium (.ci/run does this)`);
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, 'report.html');
  writeFileSync(file, htmlText(run, { verdict }));
  profile = mkdtempSync(join(tmpdir(), 'scimctl-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(pathToFileURL(file).href);
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const visibleKeys = (p: Page) => p.$$eval('.defect', (els) => els.filter((e) => !e.hasAttribute('hidden')).map((e) => e.getAttribute('data-key')));

const blocking = (idp: string) => verdict.defects.filter((d) => d.blocks.some((b) => b.idp === idp)).map((d) => d.key);

describe('html report in Chromium', () => {
  it('the run has defects that block different IdPs, and one that blocks none', () => {
    expect(blocking('okta').length).toBeGreaterThan(0);
    expect(blocking('entra-default').length).toBeGreaterThan(0);
    expect(blocking('okta')).not.toEqual(blocking('entra-default'));
    expect(verdict.defects.some((d) => d.blocks.length === 0)).toBe(true);
  });

  it('renders a verdict card per IdP', async () => {
    const cards = await page.$$eval('.card[data-idp]', (els) => els.map((e) => [e.getAttribute('data-idp'), e.className, e.querySelector('span')?.textContent]));
    expect(cards).toEqual(verdict.idps.map((i) => [i.key, `card ${i.state}`, idpStateText(i)]));
    expect(cards.find((c) => c[0] === 'okta')?.[2]).toMatch(/^blocked by \d+ defects? \(\d+ failing checks?\)$/);
    expect(cards.find((c) => c[0] === 'mezmo')?.[2]).toBe('not tested');
  });

  it('lists the defects first, blocking ones on top, with what they block', async () => {
    const rows = await page.$$eval('.defect', (els) => els.map((e) => [e.querySelector('.sev')?.textContent, e.querySelector('.title')?.textContent, e.getAttribute('data-key')]));
    expect(rows).toEqual(verdict.defects.map((d) => [d.severity, d.title, d.key]));
    expect(await page.textContent('#f-shown')).toBe(`${verdict.defects.length} defects`);
  });

  it('the IdP filter hides the defects of other IdPs and shows them again', async () => {
    const all = await visibleKeys(page);
    expect(all).toEqual(verdict.defects.map((d) => d.key));
    for (const idp of ['okta', 'entra-default']) {
      await page.selectOption('#f-idp', idp);
      expect(await visibleKeys(page)).toEqual(blocking(idp));
      expect(await page.textContent('#f-shown')).toBe(`showing ${blocking(idp).length} of ${all.length} defects`);
    }
    await page.selectOption('#f-idp', 'none');
    expect(await visibleKeys(page)).toEqual(verdict.defects.filter((d) => d.blocks.length === 0).map((d) => d.key));
    await page.selectOption('#f-idp', '');
    expect(await visibleKeys(page)).toEqual(all);
  });

  it('severity and scenario filters combine with it', async () => {
    await page.selectOption('#f-sev', 'MUST');
    expect(await visibleKeys(page)).toEqual(verdict.defects.filter((d) => d.severity === 'MUST').map((d) => d.key));
    await page.selectOption('#f-idp', 'okta');
    expect(await visibleKeys(page)).toEqual(verdict.defects.filter((d) => d.severity === 'MUST' && d.blocks.some((b) => b.idp === 'okta')).map((d) => d.key));
    await page.selectOption('#f-idp', '');
    await page.selectOption('#f-sev', '');
    await page.selectOption('#f-scn', 'rfc/http-auth-media');
    expect(await visibleKeys(page)).toEqual(verdict.defects.filter((d) => d.scenarios.includes('rfc/http-auth-media')).map((d) => d.key));
    await page.selectOption('#f-scn', '');
    expect(await visibleKeys(page)).toHaveLength(verdict.defects.length);
  });

  it('a defect expands to its first failing exchange and the steps it hit', async () => {
    const d = verdict.defects[0]!;
    const first = page.locator('.defect').first();
    await first.locator('summary').click();
    await expect.poll(() => first.locator('pre.exchange').count()).toBe(1);
    expect(await first.locator('pre.exchange').textContent()).toContain(`> ${d.first.exchange?.request.method} ${d.first.exchange?.request.url}`);
    expect(await first.locator('ul.steps li').allTextContents()).toEqual(d.hits.map((h) => `${h.scenario} › ${h.step}`));
    for (const b of d.blocks) expect(await first.textContent()).toContain(b.source);
  });

  it('the per-check list renders on demand', async () => {
    expect(await page.locator('#check-list tr').count()).toBe(0);
    await page.locator('#checks > summary').click();
    const steps = run.scenarios.reduce((n, s) => n + Math.max(1, s.steps.length), 0);
    await expect.poll(() => page.locator('#check-list tr').count()).toBe(steps + 1);
    await page.locator('#checks > summary').click();
  });

  it('makes no request but its own file, raises no script error, and leaves a screenshot', async () => {
    await page.selectOption('#f-idp', '');
    await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });
});
