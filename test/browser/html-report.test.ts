/**
 * Given a run with defects across IdPs rendered by the html reporter, when
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
import { htmlText } from '../../src/reporters/html-reporter.js';
import { defectsRun } from '../fixtures/reports/defects-run.js';
import { defectsVerdict } from '../fixtures/reports/defects-verdict.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve('reports', 'html-report');

let context: BrowserContext;
let page: Page;
let profile: string;
const requests: string[] = [];
const pageErrors: string[] = [];
const run = defectsRun();
const verdict = defectsVerdict(run);

beforeAll(async () => {
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

describe('html report in Chromium', () => {
  it('renders a verdict card per IdP', async () => {
    const cards = await page.$$eval('.card[data-idp]', (els) => els.map((e) => [e.getAttribute('data-idp'), e.className, e.querySelector('span')?.textContent]));
    expect(cards).toEqual([
      ['okta', 'card blocked', 'blocked by 1 defect (30 failing checks)'],
      ['entra-aadopt', 'card blocked', 'blocked by 1 defect (1 failing check)'],
      ['entra-default', 'card blocked', 'blocked by 1 defect (1 failing check)'],
      ['mezmo', 'card not-tested', 'not tested'],
    ]);
  });

  it('lists the defects first, blocking ones on top, with what they block', async () => {
    const rows = await page.$$eval('.defect', (els) => els.map((e) => [e.querySelector('.sev')?.textContent, e.querySelector('.title')?.textContent, e.querySelector('.hits')?.textContent]));
    expect(rows).toEqual(verdict.defects?.map((d) => [d.severity, d.title, `${d.failingChecks} failing check${d.failingChecks === 1 ? '' : 's'} in ${d.scenarios.length} scenario${d.scenarios.length === 1 ? '' : 's'}`]));
    expect(await page.textContent('#f-shown')).toBe('4 defects');
  });

  it('the IdP filter hides the defects of other IdPs and shows them again', async () => {
    const all = await visibleKeys(page);
    expect(all).toHaveLength(4);
    await page.selectOption('#f-idp', 'okta');
    expect(await visibleKeys(page)).toEqual(['scim.listResponse.itemsPerPage-count @ P-3.4.2.4-08']);
    expect(await page.textContent('#f-shown')).toBe('showing 1 of 4 defects');
    await page.selectOption('#f-idp', 'entra-default');
    expect(await visibleKeys(page)).toEqual(['status=201 @ entra.md §2.3']);
    await page.selectOption('#f-idp', 'none');
    expect(await visibleKeys(page)).toEqual(['header.WWW-Authenticate @ P-2-01', 'scim.contentType.media @ P-8.1-01']);
    await page.selectOption('#f-idp', '');
    expect(await visibleKeys(page)).toEqual(all);
  });

  it('severity and scenario filters combine with it', async () => {
    await page.selectOption('#f-sev', 'MUST');
    expect(await visibleKeys(page)).toEqual(['status=201 @ entra.md §2.3', 'header.WWW-Authenticate @ P-2-01']);
    await page.selectOption('#f-sev', '');
    await page.selectOption('#f-scn', 'rfc/pagination');
    expect(await visibleKeys(page)).toEqual(['scim.listResponse.itemsPerPage-count @ P-3.4.2.4-08']);
    await page.selectOption('#f-scn', '');
    expect(await visibleKeys(page)).toHaveLength(4);
  });

  it('a defect expands to its first failing exchange and the steps it hit', async () => {
    const first = page.locator('.defect').first();
    await first.locator('summary').click();
    await expect.poll(() => first.locator('pre.exchange').count()).toBe(1);
    expect(await first.locator('pre.exchange').textContent()).toContain('> GET http://127.0.0.1:4000/scim/v2/Users?startIndex=1&count=2');
    expect(await first.locator('ul.steps li').count()).toBe(30);
    expect(await first.textContent()).toContain('okta.md §1 (ory/polis#4054)');
  });

  it('the per-check list renders on demand', async () => {
    expect(await page.locator('#check-list tr').count()).toBe(0);
    await page.locator('#checks > summary').click();
    await expect.poll(() => page.locator('#check-list tr').count()).toBeGreaterThan(30);
    await page.locator('#checks > summary').click();
  });

  it('makes no request but its own file, raises no script error, and leaves a screenshot', async () => {
    await page.selectOption('#f-idp', '');
    await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });
});
