/**
 * Plans on disk. A plan is data a user may keep, edit, or hand to another machine, so reading one validates it
 * (naming the bad field) and checks its format version before anything trusts its offsets.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { formatFieldPath } from '../config/load.js';
import { PlanError } from '../errors.js';
import { PLAN_VERSION, type Plan } from '../types.js';

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
    batch: z.number().int().nonnegative(),
  }),
  z.object({ ...base, outcome: z.literal('unchanged') }),
  z.object({ ...base, outcome: z.literal('skipped'), code: z.string(), reason: z.string() }),
  z.object({ ...base, outcome: z.literal('failed'), code: z.string(), reason: z.string() }),
]);
const counts = z.record(z.string(), z.number());
const PlanSchema = z.object({
  version: z.literal(PLAN_VERSION),
  configHash: z.string(),
  root: z.string(),
  files: z.array(FilePlanSchema),
  batches: z.array(z.object({ id: z.number().int(), name: z.string(), files: z.array(z.string()) })),
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
    throw new PlanError(
      'E_PLAN_VERSION',
      `${file}: plan format version ${String((raw as { version: unknown }).version)} is not supported (expected ${PLAN_VERSION})`,
      're-run `canonize plan` with this version of canonize',
    );
  }
  const result = PlanSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new PlanError('E_PLAN_INVALID', `${file}: not a canonize plan: ${formatFieldPath(issue.path)}: ${issue.message}`);
  }
  const plan = result.data as Plan;
  for (const f of plan.files) {
    if (f.outcome === 'changed' && !plan.batches[f.batch]) {
      throw new PlanError('E_PLAN_INVALID', `${file}: ${f.path} names batch ${f.batch}, which the plan does not have`);
    }
  }
  return plan;
}

/** Read a plan file; returns the plan and the absolute root its paths are relative to. */
export async function readPlanFile(file: string): Promise<{ plan: Plan; root: string }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new PlanError('E_PLAN_UNREADABLE', `cannot read plan ${file}: ${(err as Error).message}`);
  }
  const plan = validatePlan(raw, file);
  return { plan, root: resolve(dirname(resolve(file)), plan.root) };
}
