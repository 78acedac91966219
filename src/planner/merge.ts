/**
 * Joining shard plans (`canonize plan --merge a.json b.json … -o plan.json`). Each shard of a `--shard i/n` run plans
 * a disjoint part of the tree with the same config and project index; the merge checks that the plans belong
 * together (same format, config and root, every shard of one split exactly once), concatenates their files, sums
 * what only the per-file loops counted, and recomputes the rest — order, summary, batches — with the same code
 * as an unsharded run, so the merged plan is byte-identical to the plan one machine would have made.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CompiledConfig } from '../config/compile.js';
import { validatePlan } from './plan-json.js';
import { PlanError } from '../core/errors.js';
import type { FilePlan, Plan, Shard } from '../core/types.js';
import { finishPlan, type PlanCounts } from './plan.js';

/** A shard plan read from disk. */
export interface ShardPlan {
  file: string;
  plan: Plan;
  /** The absolute root its paths are relative to. */
  root: string;
  shard: Shard;
}

const mergeError = (message: string, hint?: string) => new PlanError('E_PLAN_MERGE', message, hint);

/** Read and validate one shard plan (the plan-file schema, plus its `shard` field, which only shard plans have). */
export async function readShardPlan(file: string): Promise<ShardPlan> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new PlanError('E_PLAN_UNREADABLE', `cannot read plan ${file}: ${(err as Error).message}`);
  }
  validatePlan(raw, file);
  // The validated copy has the schema's key order and drops fields the schema does not know (`sites`, `shard`); the
  // raw object is what the shard's planner wrote, key for key, which is what a byte-identical merge needs.
  const plan = raw as Plan;
  const shard = (raw as { shard?: unknown }).shard as Partial<Shard> | undefined;
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1;
  if (shard === undefined) throw mergeError(`${file} is not the plan of a shard`, 'make each plan with `canonize plan --shard i/n -o shard-i.json`');
  if (!whole(shard.index) || !whole(shard.count) || shard.index > shard.count) throw mergeError(`${file}: shard: expected {index, count} with 1 <= index <= count`);
  return { file, plan, root: resolve(dirname(resolve(file)), plan.root), shard: { index: shard.index, count: shard.count } };
}

/** Check that the shard plans make up one whole split: same version, config and root; shards 1..n once each. */
export function checkShardPlans(shards: readonly ShardPlan[]): void {
  const [first] = shards;
  if (!first) throw mergeError('plan --merge needs the shard plans to join');
  for (const s of shards) {
    if (s.plan.configHash !== first.plan.configHash) throw mergeError(`${s.file} was planned with another config than ${first.file}`, 're-plan every shard with the same config');
    if (s.root !== first.root) throw mergeError(`${s.file} plans ${s.root}, but ${first.file} plans ${first.root}`);
    if (s.shard.count !== first.shard.count) throw mergeError(`${s.file} is shard ${s.shard.index}/${s.shard.count}, but ${first.file} is shard ${first.shard.index}/${first.shard.count}`);
  }
  const seen = new Map<number, string>();
  for (const s of shards) {
    const other = seen.get(s.shard.index);
    if (other) throw mergeError(`${other} and ${s.file} are both shard ${s.shard.index}/${s.shard.count}`);
    seen.set(s.shard.index, s.file);
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw mergeError(`shard(s) ${missing.map((i) => `${i}/${first.shard.count}`).join(', ')} missing`, 'pass the plan of every shard');
}

/**
 * Join checked shard plans into the plan of the whole tree. `config` batches the result (its hash must be the plans'
 * config hash); `planDir` is where the merged plan will be written, for its `root`.
 */
export async function mergeShardPlans(
  shards: readonly ShardPlan[],
  config: Pick<CompiledConfig, 'root' | 'hash' | 'batchBy' | 'order'>,
  planDir: string | undefined,
): Promise<Plan> {
  checkShardPlans(shards);
  if (config.hash !== shards[0]!.plan.configHash) {
    throw mergeError('the config differs from the one the shards were planned with', 'merge with the config the shards were planned with, or re-plan them');
  }
  if (config.root !== shards[0]!.root) throw mergeError(`the shards plan ${shards[0]!.root}, but the config's root is ${config.root}`);
  const counts: PlanCounts = { scanned: 0, parsed: 0, unchanged: 0 };
  const listed: FilePlan[] = [];
  const owner = new Map<string, string>();
  for (const s of shards) {
    counts.scanned += s.plan.summary.scanned;
    counts.parsed += s.plan.summary.parsed;
    counts.unchanged += s.plan.summary.unchanged;
    for (const f of s.plan.files) {
      const other = owner.get(f.path);
      if (other) throw mergeError(`${f.path} is in both ${other} and ${s.file}`);
      owner.set(f.path, s.file);
      listed.push(f);
    }
  }
  return finishPlan(listed, counts, config, planDir);
}
