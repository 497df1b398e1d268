/**
 * The runner's functions a reporter may call: pure reads of the result tree (and
 * the checklist it cites), nothing that sends, loads scenarios or decides a run.
 * eslint.config.js lets src/reporters import values from the runner only here.
 */
export { failureKey, idpVerdictText, isBlocking, isFailure } from './verdict.js';
export { defectKey, isBlockingDefect } from './defects.js';
export { formatRequirement } from './load/parse-requirement.js';
export { resultsByRequirement } from './coverage/by-requirement.js';
export { checklistItem } from './coverage/load-checklist.js';
