/**
 * The machine-readable record embedded in docs/field-report.md (an HTML
 * comment, so `--check` never parses prose), and the diff `--check` prints.
 */
const BEGIN = '<!-- field-record';
const END = '-->';

export function embedRecord(record) {
  // `>` is escaped so no string in the record can close the comment.
  return `${BEGIN}\n${JSON.stringify(record, null, 2).replaceAll('>', '\\u003e')}\n${END}`;
}

export function readRecord(markdown, file) {
  const start = markdown.indexOf(BEGIN);
  if (start < 0) throw new Error(`${file}: no "${BEGIN}" block; run \`npm run field\` to write one`);
  const end = markdown.indexOf(END, start);
  try {
    return JSON.parse(markdown.slice(start + BEGIN.length, end));
  } catch (error) {
    throw new Error(`${file}: the field-record block is not valid JSON (${error.message})`);
  }
}

const list = (xs) => (xs.length ? xs.join(', ') : 'no IdP');

/** Every difference between the recorded and the fresh record, one line each; [] when they agree. */
export function diffRecords(recorded, fresh) {
  const out = [];
  const servers = [...new Set([...Object.keys(recorded.servers ?? {}), ...Object.keys(fresh.servers ?? {})])].sort();
  for (const s of servers) {
    const a = recorded.servers?.[s];
    const b = fresh.servers?.[s];
    if (!a) {
      out.push(`${s}: server not in the recorded report`);
      continue;
    }
    if (!b) {
      out.push(`${s}: server recorded but not run`);
      continue;
    }
    for (const pkg of [...new Set([...Object.keys(a.packages ?? {}), ...Object.keys(b.packages ?? {})])].sort()) {
      if (a.packages?.[pkg] !== b.packages?.[pkg]) out.push(`${s}: package ${pkg} ${a.packages?.[pkg] ?? '(none)'} → ${b.packages?.[pkg] ?? '(none)'}`);
    }
    if (a.exitCode !== b.exitCode) out.push(`${s}: exit code ${a.exitCode} → ${b.exitCode}`);
    for (const idp of [...new Set([...Object.keys(a.idps ?? {}), ...Object.keys(b.idps ?? {})])].sort()) {
      if (a.idps?.[idp] !== b.idps?.[idp]) out.push(`${s}: ${idp} ${a.idps?.[idp] ?? '(none)'} → ${b.idps?.[idp] ?? '(none)'}`);
    }
    for (const key of [...new Set([...Object.keys(a.defects ?? {}), ...Object.keys(b.defects ?? {})])].sort()) {
      const da = a.defects?.[key];
      const db = b.defects?.[key];
      if (!da) out.push(`${s}: new defect "${key}" (blocks ${list(db.blocks)}${db.rfcGate ? ', RFC gate' : ''})`);
      else if (!db) out.push(`${s}: defect no longer found "${key}"`);
      else {
        if (da.blocks.join() !== db.blocks.join()) out.push(`${s}: defect "${key}" blocks ${list(da.blocks)} → ${list(db.blocks)}`);
        if (da.rfcGate !== db.rfcGate) out.push(`${s}: defect "${key}" RFC gate ${da.rfcGate} → ${db.rfcGate}`);
      }
    }
  }
  return out;
}
