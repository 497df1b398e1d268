/**
 * The requirement checklist (rfc-checklist.md) as data: one item per table row,
 * with its ID, RFC section, level, level bucket and whether a black-box tester
 * can check it (Ext). Pure: parsing text in, items out.
 */

/** The level bucket the checklist counts by: the first BCP 14 keyword of the level decides. */
export type LevelBucket = 'MUST' | 'SHOULD' | 'MAY' | 'DEF' | 'DERIVED';

/** Y: a request/response check; P: partly (special set-up or indirect evidence); N: not observable from outside. */
export type Ext = 'Y' | 'P' | 'N';

export interface ChecklistItem {
  id: string;
  /** The RFC the requirement belongs to: `7643`, `7644`, `9865`, `9967`; an erratum's comes from the errata register. */
  rfc: string;
  /** `7644 §3.3`, `erratum 8097`, `RFC 9865`. */
  section: string;
  /** Area number and name as the checklist groups them: `4. CREATE`. */
  area: string;
  areaTitle: string;
  /** The level as written (`MUST (SHALL)`, `MAY / MUST`). */
  level: string;
  bucket: LevelBucket;
  ext: Ext;
  /** The requirement, paraphrased by the checklist. */
  summary: string;
  /** The checklist's black-box check. */
  check: string;
}

export interface ChecklistFile {
  version: 1;
  source: string;
  items: ChecklistItem[];
}

const BUCKETS: [RegExp, LevelBucket][] = [
  [/^(MUST|SHALL|REQUIRED)$/, 'MUST'],
  [/^(SHOULD|RECOMMENDED)$/, 'SHOULD'],
  [/^(MAY|OPTIONAL)$/, 'MAY'],
  [/^DEF$/, 'DEF'],
  [/^DERIVED$/, 'DERIVED'],
];

/** `MAY / MUST` → MAY; `MUST NOT (client) / readOnly` → MUST; `DEF (returned)` → DEF. */
export function levelBucket(level: string): LevelBucket | undefined {
  const first = /(MUST|SHALL|REQUIRED|SHOULD|RECOMMENDED|MAY|OPTIONAL|DEF|DERIVED)/.exec(level)?.[1];
  if (!first) return undefined;
  return BUCKETS.find(([re]) => re.test(first))?.[1];
}

/** Split one Markdown table row; `\|` inside a cell is a literal bar. */
function cells(line: string): string[] {
  return line
    .replace(/\\\|/g, '\u0000')
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim().replace(/\u0000/g, '|'));
}

/**
 * The errata register (`| EID | RFC / § | …` rows): each erratum number → the
 * RFC it was filed against, the first of 7643/7644 its "RFC / §" cell names.
 */
function errataRfcs(lines: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const start = lines.findIndex((l) => /^## Errata register/.test(l));
  if (start < 0) return out;
  for (const line of lines.slice(start + 1)) {
    if (/^## /.test(line)) break;
    const [eids, where] = cells(line);
    const rfc = /\b(7643|7644)\b/.exec(where ?? '')?.[1];
    if (!eids || !rfc) continue;
    for (const eid of eids.match(/\d{4}/g) ?? []) out.set(eid, rfc);
  }
  return out;
}

/** P = RFC 7644, S = RFC 7643, X = the RFC in its ID, E = the RFC the register files the erratum under. */
function rfcOf(id: string, errata: ReadonlyMap<string, string>): string | undefined {
  const [kind, num] = id.split('-');
  if (kind === 'P') return '7644';
  if (kind === 'S') return '7643';
  if (kind === 'X') return num;
  return errata.get(num ?? '');
}

/**
 * Every requirement row of rfc-checklist.md, in document order. Rows are table
 * lines whose first cell is an ID (`P-3.3-06`, `S-4.1.1-03`, `E-8097-01`,
 * `X-9865-02`); the area is the nearest `## N. NAME` heading above.
 */
export function parseChecklist(markdown: string): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  let area = '';
  let areaTitle = '';
  const lines = markdown.split(/\r?\n/);
  const errata = errataRfcs(lines);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = /^## (\d+)\. (\S+)/.exec(line);
    if (heading) {
      area = `${heading[1]}. ${heading[2]}`;
      // The next bold line names the area: **Create (POST)** — sources …
      const title = lines.slice(i + 1, i + 4).map((l) => /^\*\*(.+?)\*\*/.exec(l)?.[1]).find((t) => t !== undefined);
      areaTitle = title ?? heading[2] ?? '';
      continue;
    }
    if (!/^\| [PSEX]-/.test(line)) continue;
    const [id, section, level, summary, check, ext] = cells(line);
    const bucket = levelBucket(level ?? '');
    const rfc = id ? rfcOf(id, errata) : undefined;
    if (!id || !rfc || !section || !level || !bucket || !summary || check === undefined || !(ext === 'Y' || ext === 'P' || ext === 'N')) {
      throw new Error(`rfc-checklist.md line ${i + 1}: cannot read the row for ${id ?? '?'}${id && !rfc ? ' (an erratum missing from the errata register)' : ''}`);
    }
    items.push({ id, rfc, section, area, areaTitle, level, bucket, ext, summary, check });
  }
  return items;
}

/** Area 30 (RFC 9865, RFC 9967) holds optional later features the checklist keeps out of its core count. */
export function isCoreItem(item: ChecklistItem): boolean {
  return !item.id.startsWith('X-');
}

/** A MUST-class requirement a black-box tester can check (Ext = Y), in the core RFCs. */
export function isServerCheckableMust(item: ChecklistItem): boolean {
  return isCoreItem(item) && item.bucket === 'MUST' && item.ext === 'Y';
}
