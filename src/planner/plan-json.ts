/**
 * Plans on disk. A plan is data a user may keep, edit, or hand to another machine, so reading one validates it
 * (naming the bad field) and checks its format version before anything trusts its offsets.
 */
import { realpathSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { z } from 'zod';
import { formatFieldPath, loadConfig } from '../config/load.js';
import { ConfigError, PlanError, UnsafePathError } from '../core/errors.js';
import { FAIL_CODES, PLAN_VERSION, SKIP_CODES, type Plan } from '../core/types.js';
import { BATCH_ID } from './batch-ids.js';

const EditSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
  rule: z.string(),
  id: z.string(),
});
const FindingSchema = z.object({
  rule: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
  severity: z.enum(['info', 'warning', 'error']),
});
const base = { path: z.string().min(1), findings: z.array(FindingSchema) };
const FilePlanSchema = z.discriminatedUnion('outcome', [
  z.object({
    ...base,
    outcome: z.literal('changed'),
    language: z.enum(['python', 'typescript', 'tsx']),
    baseHash: z.string().regex(/^[0-9a-f]{64}$/),
    // sha256 of the output the planner parsed and found clean; apply skips its parse check for exactly these bytes.
    newHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    encoding: z.string(),
    bom: z.boolean(),
    edits: z.array(EditSchema),
    batch: z.string(),
    op: z.enum(['delete', 'create']).optional(),
  }),
  z.object({ ...base, outcome: z.literal('unchanged') }),
  z.object({ ...base, outcome: z.literal('skipped'), code: z.enum(SKIP_CODES), reason: z.string() }),
  z.object({ ...base, outcome: z.literal('failed'), code: z.enum(FAIL_CODES), reason: z.string() }),
]);
const counts = z.record(z.string(), z.number());
const PlanSchema = z.object({
  version: z.literal(PLAN_VERSION),
  configHash: z.string(),
  root: z.string(),
  files: z.array(FilePlanSchema),
  batches: z.array(z.object({ id: z.string().regex(BATCH_ID), name: z.string(), files: z.array(z.string()) })),
  summary: z.object({
    scanned: z.number(),
    parsed: z.number(),
    changed: z.number(),
    unchanged: z.number(),
    skipped: z.number(),
    failed: z.number(),
    editsByRule: counts,
    skippedByReason: counts,
    findingsByRule: counts,
    // Plans written before the count existed read as 0.
    parsedByCompiler: z.number().default(0),
  }),
});

/** Serialise a plan: stable key order (as built), two-space indent, final newline. */
export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

export async function writePlanFile(plan: Plan, file: string): Promise<void> {
  await writeFile(file, serializePlan(plan));
}

/** Looks like a plan file rather than a source path (used to tell `diff plan.json` from `diff src/`). */
export function isPlanPath(path: string): boolean {
  return path.endsWith('.json');
}

/** Validate parsed JSON as a plan. Throws {@link PlanError} naming the field. */
export function validatePlan(raw: unknown, file: string): Plan {
  if (raw && typeof raw === 'object' && 'version' in raw && (raw as { version: unknown }).version !== PLAN_VERSION) {
    const version = (raw as { version: unknown }).version;
    // Version 1 numbered batches by position; those numbers name other batches now, so it is not read.
    const why = version === 1 ? ' (an older canonize made it: its batch ids were positions, and ids are stable names now)' : '';
    throw new PlanError(
      'E_PLAN_VERSION',
      `${file}: plan format version ${String(version)} is not supported (expected ${PLAN_VERSION})${why}`,
      're-run `canonize plan` with this version of canonize',
    );
  }
  const result = PlanSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new PlanError('E_PLAN_INVALID', `${file}: not a canonize plan: ${formatFieldPath(issue.path)}: ${issue.message}`);
  }
  const plan = result.data as Plan;
  const paths = new Set<string>();
  for (const f of plan.files) {
    if (paths.has(f.path)) throw new PlanError('E_PLAN_INVALID', `${file}: lists ${f.path} more than once`);
    paths.add(f.path);
  }
  const ids = new Set<string>();
  for (const b of plan.batches) {
    if (ids.has(b.id)) throw new PlanError('E_PLAN_INVALID', `${file}: has two batches with the id ${b.id}`);
    ids.add(b.id);
  }
  const listed = new Set<string>();
  for (const b of plan.batches) {
    for (const p of b.files) {
      if (listed.has(p)) throw new PlanError('E_PLAN_INVALID', `${file}: batches list ${p} more than once`);
      listed.add(p);
    }
  }
  for (const f of plan.files) {
    if (f.outcome === 'changed' && !ids.has(f.batch)) {
      throw new PlanError('E_PLAN_INVALID', `${file}: ${f.path} names batch ${f.batch}, which the plan does not have`);
    }
  }
  return plan;
}

/** Where a plan file is used from: the working directory and the `--config` given, to check the plan's root. */
export interface PlanFileContext {
  cwd: string;
  configPath?: string;
}

/**
 * Read a plan file; returns the plan and the absolute root its paths are relative to. With `context`, the plan's
 * `root` is also checked (see {@link checkPlanRoot}): a plan is data, and its root is not taken on its word.
 */
export async function readPlanFile(file: string, context?: PlanFileContext): Promise<{ plan: Plan; root: string }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new PlanError('E_PLAN_UNREADABLE', `cannot read plan ${file}: ${(err as Error).message}`);
  }
  const plan = validatePlan(raw, file);
  const root = resolve(dirname(resolve(file)), plan.root);
  if (context) await checkPlanRoot(root, resolve(file), context);
  return { plan, root };
}

const realOr = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
};
const within = (dir: string, p: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/**
 * A plan's root must be the project's: the root of the config found from the working directory (or `--config`)
 * when there is one; otherwise a directory that holds the working directory or the plan file. A plan whose `root`
 * was edited to point elsewhere (`"../outside"`) is refused with `E_PLAN_ROOT`, one whose root does not exist
 * with `E_PATH_UNSAFE`, before anything is created.
 */
export async function checkPlanRoot(root: string, planFile: string, context: PlanFileContext): Promise<void> {
  const real = realOr(root);
  if (!real) throw new UnsafePathError(root, 'the plan\'s root does not exist', 'check the plan\'s `root`; it is relative to the plan file');
  let configRoot: string | undefined;
  try {
    const config = await loadConfig({ ...(context.configPath ? { configPath: resolve(context.cwd, context.configPath) } : {}), searchFrom: [context.cwd] });
    configRoot = config.root;
  } catch (err) {
    if (!(err instanceof ConfigError) || err.code !== 'E_CONFIG_NOT_FOUND' || context.configPath) throw err;
  }
  if (configRoot !== undefined) {
    if (realOr(configRoot) !== real) {
      throw new PlanError('E_PLAN_ROOT', `${planFile}: the plan's root ${root} is not the project root ${configRoot}`, 'apply a plan from inside the project it was made for (or pass that project\'s --config)');
    }
    return;
  }
  const cwd = realOr(context.cwd) ?? context.cwd;
  const planDir = realOr(dirname(planFile)) ?? dirname(planFile);
  if (!within(real, cwd) && !within(real, planDir)) {
    throw new PlanError('E_PLAN_ROOT', `${planFile}: the plan's root ${root} holds neither the working directory nor the plan file`, 'apply a plan from inside the project it was made for');
  }
}
