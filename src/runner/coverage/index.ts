/** Requirement coverage: the checklist as data, the checks scenarios declare, the map, its renderings. */
export type { ChecklistFile, ChecklistItem, Ext, LevelBucket } from './checklist.js';
export { isCoreItem, isServerCheckableMust, levelBucket, parseChecklist } from './checklist.js';
export { checklistItem, checklistPath, loadChecklistFile } from './load-checklist.js';
export type { DeclaredCheck } from './collect-checks.js';
export { collectChecks, SCIM_CHECK_REQUIREMENTS } from './collect-checks.js';
export type { CheckRef, CoverageEntry, CoverageMap, CoverageState, CoverageSummary, IdpRequirementCoverage } from './coverage-map.js';
export { buildCoverage, NOT_ENFORCED_REASONS } from './coverage-map.js';
export { renderCoverageMarkdown, renderCoverageText } from './render-coverage.js';
export type { RequirementResult } from './by-requirement.js';
export { requirementKey, resultsByRequirement } from './by-requirement.js';
