/**
 * canonize as a library: everything the CLI does is a call here (the CLI imports nothing else of src/).
 * The operations and their request and response types, the plan data, the transform contract, the errors, and the
 * config entry points; the rest of src/ is internal. The layers behind it: docs/architecture.md.
 *
 * ```ts
 * import { plan, preview, apply } from 'canonize';
 * const { plan: p, root } = await plan({ cwd: 'path/to/repo' });
 * await apply({ plan: p, root });
 * ```
 */

// The operations.
export {
  plan,
  mergePlans,
  preview,
  apply,
  rollback,
  runs,
  findJournalRoot,
  loadTransforms,
  type PlanRequest,
  type PlanProgress,
  type PlanCacheStats,
  type PlanResponse,
  type MergeRequest,
  type Preview,
  type PreviewOptions,
  configuredFormatters,
  type ApplyRequest,
  type ApplyResponse,
  type RollbackRequest,
} from './api.js';
export { audit, check, saveBaseline, type AuditFormat, type AuditRequest, type AuditResponse, type ChangedInfo, type CheckRequest, type CheckResult } from './api-audit.js';
export { retire, retirePlan, type RetireApplyRequest, type RetirePlanResponse, type RetireRequest, type RetireResponse } from './api-retire.js';
export type { RetireReport, RetiredModule, RetireReference, RetireMovedName, RetireVerdict, SideEffect } from './retire/types.js';
export type { RetiredRecord } from './retire/record.js';
export { locatePlan, locateEdits, type EditPosition, type LocatedEdit, type LocatedPlan } from './api-json.js';
export { testRules, DEFAULT_TEST_DIR, SHARED_SUPPORT_DIR, type TestRequest, type TestResponse, type TestCaseResult, type TestFailure } from './api-test.js';
export { initConfig, configPresets, type ConfigPreset, type InitRequest, type InitResponse } from './api-init.js';
export type { AuditReport } from './audit/audit.js';
export type { CheckUnit } from './audit/baseline.js';
export { formatCheckGithub, githubAnnotation, type AnnotatedSite, type AnnotationLevel } from './audit/github.js';
export { discoverConfig, type DiscoverRequest, type DiscoverResult } from './propose/propose.js';

// What apply, rollback and preview report.
export { checkBatchIds } from './engine/plan-input.js';
export type { BatchApplyResult, BatchDecision, BatchPreview, FileApplyResult } from './engine/apply.js';
export type { RecoveredRun, RestoredFile, RollbackResult, RunSummary } from './engine/rollback.js';
export type { VerifyResult } from './engine/verify.js';
export { FormatError, type FormatterSpec, type FormatLanguage } from './engine/format.js';
export { unifiedDiff, formatPatch, diffStat, countLines, type FileChange, type LineCounts } from './engine/diff.js';

// The plan as data, and one file planned in memory.
export { readPlanFile, writePlanFile, serializePlan, isPlanPath } from './planner/plan-json.js';
export { parseShard } from './planner/shard.js';
export { planSource, type SourcePlanResult } from './planner/plan-source.js';
export {
  PLAN_VERSION,
  SKIP_CODES,
  FAIL_CODES,
  type SkipCode,
  type FailCode,
  type Plan,
  type PlanSummary,
  type Batch,
  type FilePlan,
  type FileOutcome,
  type ChangedFilePlan,
  type UnchangedFilePlan,
  type SkippedFilePlan,
  type FailedFilePlan,
  type Edit,
  type Finding,
  type Site,
  type Shard,
  type Language,
} from './core/types.js';

// The transform contract (docs/custom-transforms.md).
export type {
  Transform,
  TransformContext,
  SharedFileState,
  SourceFile,
  ProjectIndex,
  FactRequests,
} from './core/types.js';
// What a transform sees of a file's syntax tree (the part of tree-sitter's node API canonize uses).
export type { SyntaxNode, SyntaxTree, TreeCursor, Point } from './core/syntax.js';
// Each language's facts (the fields it adds to ProjectIndex and FactRequests).
export type { PythonFactRequest } from './languages/python/facts-data.js';
export type { TypeScriptIndex, TsIndexRequest, TsConfigData, TsModuleRef } from './languages/typescript/facts-data.js';

// The config.
export { loadConfig, type LoadedConfig } from './config/load.js';
export { compileConfig, type CompiledConfig } from './config/compile.js';
export { ConfigSpec, configJsonSchema } from './config/schema.js';

// The errors (each with a stable `code`, a hint, and the exit code the CLI uses).
export { CanonizeError, ConfigError, UsageError, OverlapError, PlanError, UnsafePathError, JournalCorruptError, ERROR_CODES, type ErrorCode, type ConfigIssue } from './core/errors.js';
export { DirtyFilesError } from './engine/apply.js';
export { RollbackConflictError } from './engine/rollback.js';

export { packageVersion } from './core/paths.js';
