/**
 * Keeping the record true to the run: the record's batch comes last (the engine allows a file in one batch only), so
 * by the time it is offered every module batch has been applied, skipped, rolled back or not reached. The record
 * batch is rewritten before it is prepared to hold exactly the modules whose batch was applied, and it is always
 * offered, never asked about: a user quitting, or a verify gate failing with `onVerifyFail: stop`, stops the module
 * batches (they are reported `not-reached`, as the engine would) but still records the ones already applied.
 * See docs/retire.md ("The record").
 */
import picomatch from 'picomatch';
import { UsageError } from '../core/errors.js';
import { RETIRED_RECORD_FILE } from '../core/retired.js';
import type { Plan } from '../core/types.js';
import type { ApplyResult, BatchApplyResult, BatchDecision, BatchPreview } from '../engine/apply-types.js';
import type { ApplyPlanOptions } from '../engine/apply.js';
import type { FormatterSpec } from '../engine/format.js';
import type { RecordPlan } from './plan.js';
import { entryOf, mergeRecord, recordFilePlan, type RetiredRecord } from './record.js';

/** The engine options a retire run passes on, as the caller gave them. */
type EngineOptions = Pick<ApplyPlanOptions, 'decide' | 'onBatch' | 'onVerifyFail' | 'batches' | 'format'>;

/**
 * A retire run's bookkeeping: `options` to give the engine instead of the caller's, `adopt` for the plan the engine
 * makes (under its lock, so the keeper is made before the plan), and `finish` to turn the engine's result into what
 * the caller asked for.
 */
export class RecordKeeper {
  private planned: { plan: Plan; record: RecordPlan } | undefined;
  private readonly applied: string[] = [];
  private readonly halted = new Set<string>();
  private stop: 'quit' | 'failed' | undefined;
  private askEach: boolean;
  private nothingToRecord = false;

  constructor(private readonly caller: EngineOptions) {
    this.askEach = caller.decide !== undefined;
  }

  /** Take the plan the engine is to run; returns the copy it runs, whose record file is rewritten as the run goes. */
  adopt(plan: Plan, record: RecordPlan): Plan {
    this.planned = { plan: structuredClone(plan), record };
    return this.planned.plan;
  }

  private get plan(): Plan {
    return this.planned!.plan;
  }

  private get record(): RecordPlan {
    return this.planned!.record;
  }

  /**
   * The engine's options, from the caller's: every batch goes through `decide` here, the run goes on past a failed
   * gate, no formatter runs on the record (`format`: the formatters to run, named `field` in errors), and the record's
   * batch is among the batches asked for (read once the plan is made).
   */
  options<T extends EngineOptions>(engine: T, format: readonly FormatterSpec[], field: string): T & Required<Pick<EngineOptions, 'decide' | 'onBatch' | 'onVerifyFail' | 'format'>> {
    const options = { ...engine, decide: (p: BatchPreview) => this.decide(p), onBatch: (r: BatchApplyResult) => this.onBatch(r), onVerifyFail: 'continue' as const, format: sparingRecord(format, field) };
    const asked = this.caller.batches;
    if (asked) {
      Object.defineProperty(options, 'batches', {
        enumerable: true,
        get: () => {
          const record = this.planned && this.plan.batches.some((b) => b.id === this.record.recordBatch) ? [this.record.recordBatch] : [];
          return [...asked.filter((id) => !record.includes(id)), ...record];
        },
      });
    }
    return options;
  }

  private isModule(id: string): boolean {
    return this.record.modules.has(id);
  }

  private async decide(preview: BatchPreview): Promise<BatchDecision> {
    const id = preview.batch.id;
    if (!this.isModule(id)) return this.nothingToRecord ? { action: 'skip' } : { action: 'apply' };
    if (this.stop) {
      this.halted.add(id);
      return { action: 'skip' };
    }
    if (!this.askEach || !this.caller.decide) return { action: 'apply' };
    const decision = await this.caller.decide(preview);
    if (decision.action === 'quit') {
      this.stop = 'quit';
      this.halted.add(id);
      return { action: 'skip' };
    }
    if (decision.action === 'apply-all') {
      // Told here, not to the engine: it would stop asking, and the rest could no longer be stopped.
      this.askEach = false;
      return { action: 'apply' };
    }
    return decision;
  }

  // Synchronous: the engine does not wait for onBatch, and the record batch may be prepared right after it.
  private onBatch(result: BatchApplyResult): void {
    const id = result.id;
    if (this.isModule(id)) {
      if (result.status === 'applied') this.applied.push(id);
      const gateFailed = result.status === 'rolled-back' || (result.status === 'nothing-to-write' && result.reason !== undefined);
      if (gateFailed && (this.caller.onVerifyFail ?? 'stop') === 'stop') this.stop ??= 'failed';
      this.rewriteRecord();
    }
    this.caller.onBatch?.(this.reported(result));
  }

  /** The record file of the plan made to hold the modules applied so far (or nothing to write). */
  private rewriteRecord(): void {
    const batch = this.plan.batches.find((b) => b.id === this.record.recordBatch);
    const at = this.plan.files.findIndex((f) => f.outcome === 'changed' && f.batch === this.record.recordBatch);
    if (!batch || at === -1) return;
    const entries = this.applied.map((id) => entryOf(this.record.modules.get(id)!));
    const file = recordFilePlan(this.record.disk, mergeRecord(this.record.base, entries), this.record.recordBatch);
    this.nothingToRecord = file === undefined;
    if (file) this.plan.files[at] = file;
  }

  /** A batch result as the caller sees it: a module batch passed over after a quit or a failed gate was not reached. */
  private reported(result: BatchApplyResult): BatchApplyResult {
    if (this.halted.has(result.id)) return { ...result, status: 'not-reached' };
    if (result.id === this.record.recordBatch && this.nothingToRecord) return { ...result, status: 'nothing-to-write', reason: 'no module batch was applied: nothing to record' };
    return result;
  }

  /** The engine's result as the caller sees it, and the modules recorded as retired. */
  finish(result: ApplyResult): { applied: ApplyResult; retired: RetiredRecord[] } {
    const applied = { ...result, batches: result.batches.map((b) => this.reported(b)), quit: result.quit || this.stop === 'quit' };
    // No record batch in the plan: the record already held what this run retires.
    const recordBatch = applied.batches.find((b) => b.id === this.record.recordBatch);
    const recorded = recordBatch === undefined ? !this.plan.batches.some((b) => b.id === this.record.recordBatch) : recordBatch.status === 'applied';
    const runId = result.runId;
    const retired = recorded && runId ? this.applied.map((id) => ({ ...entryOf(this.record.modules.get(id)!), runId })) : [];
    return { applied, retired };
  }
}

/**
 * The formatters, none of which runs on the record: it is JSON, planned as Python (the engine's parse check reads it
 * as a Python expression), and a Python formatter would make it Python that is no longer JSON (trailing commas). A
 * formatter limited to globs that match the record is refused: excluding it would need a glob the config has not.
 */
export function sparingRecord(specs: readonly FormatterSpec[], field: string): FormatterSpec[] {
  return specs.map((spec, i) => {
    if (!spec.files || spec.files.length === 0) return { ...spec, files: [`!${RETIRED_RECORD_FILE}`] };
    if (picomatch([...spec.files], { dot: true })(RETIRED_RECORD_FILE)) {
      throw new UsageError('E_USAGE', `${field}[${i}].files matches ${RETIRED_RECORD_FILE}, which retire writes as JSON, unformatted`, `limit the formatter to source files (e.g. "**/*.py")`);
    }
    return spec;
  });
}
