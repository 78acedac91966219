/**
 * The batch loop of an apply: per batch, skip what an earlier run of the plan applied, prepare (and format) its
 * files (`prepare.ts`), ask `decide`, then write it (`batch.ts`); and the run's report. See docs/engine.md
 * ("Interactive and scripted", "Resume").
 */
import type { Batch, Plan } from '../core/types.js';
import type { ApplyPlanOptions, ApplyResult, BatchApplyResult, FileApplyOutcome, FileApplyResult, PreparedFile } from './apply-types.js';
import { writeBatch } from './batch.js';
import type { Journal } from './journal.js';
import { Formatters } from './format.js';
import { batchSlots, filesOfBatches } from './plan-input.js';
import { batchChanges, prepareBatch } from './prepare.js';
import type { RecoveredRun } from './rollback.js';
import { RunWriter } from './run-writer.js';

/** What a session starts from: the plan, its journal (locked), and what earlier runs of the plan applied. */
export interface SessionStart {
  plan: Plan;
  journal: Journal;
  /** The plan's identity (`planId`), recorded in the run. */
  planId: string;
  /** Files earlier runs of this plan applied that still hold their bytes (path → run id). */
  applied: ReadonlyMap<string, string>;
  /** Files to write over all batches, for `onProgress`. */
  filesToWrite: number;
  options: ApplyPlanOptions;
}

/** One apply's walk through its batches; the run is started in the journal only when a batch is written. */
export class ApplySession {
  private readonly results: BatchApplyResult[] = [];
  private run: RunWriter | undefined;
  private askEach: boolean;
  private stopped: 'quit' | 'failed' | undefined;
  private filesWritten = 0;
  private readonly slots: Map<string, number>;
  private readonly formatters: Formatters;

  constructor(private readonly start: SessionStart) {
    this.askEach = start.options.decide !== undefined;
    this.slots = batchSlots(start.plan);
    this.formatters = new Formatters(start.options.format ?? [], start.options.root);
  }

  /** Offer the batches `ids` in order, then report. */
  async applyBatches(ids: readonly string[], recovered: RecoveredRun[]): Promise<ApplyResult> {
    for (const [index, id] of ids.entries()) await this.offerBatch(id, index + 1, ids.length);
    // Only a run that got here is finished: one that threw (a full disk, say) stays `running`, and the next apply or
    // rollback recovers it from the journal like a killed one.
    await this.run?.finish();

    const all = this.results.flatMap((r) => r.files);
    const count = (o: FileApplyOutcome) => all.filter((f) => f.outcome === o).length;
    return {
      ...(this.run ? { runId: this.run.id } : {}),
      batches: this.results,
      files: all,
      written: count('written'),
      stale: count('stale'),
      failed: count('failed'),
      rolledBack: count('rolled-back'),
      recovered,
      quit: this.stopped === 'quit',
    };
  }

  private finish(r: BatchApplyResult): void {
    this.results.push(r);
    this.start.options.onBatch?.(r);
  }

  /** One batch, at `position` of `total` offered: skipped, prepared, decided on and written as it comes. */
  private async offerBatch(id: string, position: number, total: number): Promise<void> {
    const { plan, applied, options } = this.start;
    const slot = this.slots.get(id)!;
    const batch = plan.batches[slot]!;
    const files = filesOfBatches(plan, [id]);
    const already: FileApplyResult[] = files
      .filter((f) => applied.has(f.path))
      .map((f) => ({ path: f.path, batch: id, outcome: 'already-applied', reason: `applied by run ${applied.get(f.path)}`, edits: f.edits.length }));
    if (this.stopped) return this.finish({ id, name: batch.name, status: 'not-reached', files: already });
    if (already.length === files.length) return this.finish({ id, name: batch.name, status: 'already-applied', files: already });

    const todo = files.filter((f) => !applied.has(f.path));
    const { prepared, problems: unprepared, formatErrors } = await prepareBatch(todo, options.root, options.replan, this.askEach, this.formatters);
    const problems = [...already, ...unprepared];
    if (formatErrors.length > 0) {
      // The formatter step is a gate before the write: the batch is not written, and the run stops unless told to go on.
      if ((options.onVerifyFail ?? 'stop') === 'stop') this.stopped = 'failed';
      return this.finish({ id, name: batch.name, status: 'nothing-to-write', reason: formatErrors[0]!.message, files: problems });
    }
    if (prepared.length === 0) return this.finish({ id, name: batch.name, status: 'nothing-to-write', files: problems });

    const chosen = this.askEach ? await this.ask(id, batch, position, total, prepared, problems) : prepared;
    if (!chosen) return;

    this.run ??= await RunWriter.start(this.start.journal, this.start.planId);
    const writer = this.run;
    const outcome = await writeBatch({ run: writer, batch, slot, position, total, chosen, problems, options }, () => options.onProgress?.(++this.filesWritten, this.start.filesToWrite)).catch(
      async (err: unknown) => {
        // Leave no save of the run's record running behind the caller (who releases the lock next).
        await writer.settled();
        throw err;
      },
    );
    if (outcome.status === 'rolled-back' && (options.onVerifyFail ?? 'stop') === 'stop') this.stopped = 'failed';
    this.finish(outcome);
  }

  /**
   * Show batch `id` to `decide`: the files to write, or undefined when it is not to be written (quit, skipped, or
   * no file chosen), in which case its result is already recorded.
   */
  private async ask(id: string, batch: Batch, position: number, total: number, prepared: PreparedFile[], problems: FileApplyResult[]): Promise<PreparedFile[] | undefined> {
    const editsByRule: Record<string, number> = {};
    for (const f of prepared) for (const [rule, n] of Object.entries(f.rules)) editsByRule[rule] = (editsByRule[rule] ?? 0) + n;
    const root = this.start.options.root;
    const decision = await this.start.options.decide!({
      batch,
      position,
      total,
      files: prepared,
      problems,
      editsByRule,
      added: prepared.reduce((n, f) => n + f.added, 0),
      removed: prepared.reduce((n, f) => n + f.removed, 0),
      changes: () => batchChanges(prepared, root),
    });
    const notWritten = (status: 'not-reached' | 'skipped') => {
      this.finish({ id, name: batch.name, status, files: problems });
      return undefined;
    };
    switch (decision.action) {
      case 'quit':
        this.stopped = 'quit';
        return notWritten('not-reached');
      case 'skip':
        return notWritten('skipped');
      case 'apply-all':
        this.askEach = false;
        return prepared;
      case 'apply': {
        if (!decision.files) return prepared;
        const keep = new Set(decision.files);
        const chosen = prepared.filter((f) => keep.has(f.path));
        return chosen.length === 0 ? notWritten('skipped') : chosen;
      }
      default:
        return decision satisfies never;
    }
  }
}
