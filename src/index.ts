/**
 * canonize as a library: everything the CLI does is a call here.
 *
 * ```ts
 * import { plan, preview, apply } from 'canonize';
 * const { plan: p, root } = await plan({ cwd: 'path/to/repo' });
 * await apply({ plan: p, root });
 * ```
 */
export {
  plan,
  preview,
  apply,
  rollback,
  runs,
  findJournalRoot,
  type PlanRequest,
  type PlanResponse,
  type Preview,
  type ApplyRequest,
  type ApplyResponse,
  type RollbackRequest,
} from './api.js';
export { createPlan, type CreatePlanOptions } from './planner/plan.js';
export { planSource, type SourcePlanResult } from './planner/plan-source.js';
export {
  assignBatches,
  planBatches,
  parseCodeOwners,
  loadCodeOwners,
  ownersOf,
  type CodeOwners,
} from './planner/batches.js';
export { parseBatchBy, type BatchBy } from './config/batch-by.js';
export { discoverFiles, languageForPath } from './planner/files.js';
export { discoverConfig, type DiscoverRequest, type DiscoverResult, type Cluster, type ImportPath, type ProposedMove, type SimilarName } from './propose/propose.js';
export { renderDiscoveredConfig, summarizeDiscovery } from './propose/render.js';
export { parseSource, syntaxProblems } from './languages/parse.js';
export { decodeSource, encodeSource, sourceFromBytes, hashBytes } from './core/source.js';
export { applyEdits, sortEdits, editId } from './core/edits.js';
export { materializeFile } from './engine/rebuild.js';
export { planId } from './engine/plan-input.js';
export {
  applyPlan,
  DirtyFilesError,
  type ApplyPlanOptions,
  type ApplyResult,
  type FileApplyResult,
  type BatchApplyResult,
  type BatchPreview,
  type BatchDecision,
  type PreparedFile,
} from './engine/apply.js';
export { Journal, type RunRecord, type BatchManifest, type JournalEntry } from './engine/journal.js';
export { rollbackRun, recoverInterruptedRuns, listRuns, RollbackConflictError, type RollbackResult, type RestoredFile, type RecoveredRun, type RunSummary } from './engine/rollback.js';
export { runVerify, shellQuote, expandVerifyCommand, type VerifyResult } from './engine/verify.js';
export { unifiedDiff, formatPatch, diffStat, type FileChange } from './engine/diff.js';
export { readPlanFile, writePlanFile, serializePlan, validatePlan } from './planner/plan-json.js';
export { writeFileAtomic } from './engine/atomic.js';
export { loadConfig, loadConfigFile, parseConfig, findConfigFile, type LoadedConfig } from './config/load.js';
export { compileConfig, type CompiledConfig } from './config/compile.js';
export { ConfigSpec, configJsonSchema } from './config/schema.js';
export { CanonizeError, ConfigError, UsageError, OverlapError, PlanError } from './core/errors.js';
export * from './core/types.js';
