/**
 * Progress lines on stderr, for a person at a terminal (cli-progress, no colour): the planning line of `plan`,
 * `diff`, `apply`, `audit` and `check`, and the bar of `apply --yes` while it writes. Nothing is drawn when stderr
 * is not a terminal or the output is `--json`. What the user sees: README.md (Command line).
 */
import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';
import type { PlanRequest } from '../../src/index.js';

let loaded: typeof CliProgress | undefined;

/** cli-progress, required when a line is first drawn: most runs draw none (stderr is not a terminal). */
function cliProgress(): typeof CliProgress {
  return (loaded ??= createRequire(import.meta.url)('cli-progress') as typeof CliProgress);
}

type PlanProgress = Parameters<NonNullable<PlanRequest['onProgress']>>[0];

/** A line that follows planning; `stop` clears it (again: nothing), and it clears itself when planning is done. */
export interface PlanningLine {
  onProgress(progress: PlanProgress): void;
  stop(): void;
}

/**
 * What parsing and planning one candidate costs, in reads of one file: the weight of a candidate in the ETA. The
 * issue-16 profile of a real tree: reading its 10,500 files takes 0.3–1.2 s, planning its 1,624 candidates ~20 s.
 */
const CANDIDATE_WEIGHT = 100;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The ETA is cli-progress's: the rate over the last ETA_WINDOW updates (at most 10 a second). It is shown once the
 * window holds no more of the start (workers starting, the first files), which would make it hours long.
 */
const ETA_WINDOW = 20;
const ETA_AFTER_MS = 3000;

/**
 * The planning line, when stderr is a terminal and the output is not JSON (undefined otherwise):
 * `planning [bar] 1,234/5,678 candidates planned · 9,000/10,000 files read · ETA 12s`. Candidates are the
 * files the prefilter let through (most are parsed; some only scanned for residue, see the plan's `parsed`).
 */
export function planningProgress(stderrIsTTY: boolean, json: boolean | undefined): PlanningLine | undefined {
  if (!stderrIsTTY || json) return undefined;
  const { Format, Presets, SingleBar } = cliProgress();
  let last: PlanProgress = { total: 0, read: 0, candidates: 0, planned: 0, done: false };
  const bar = new SingleBar(
    {
      stream: process.stderr,
      barsize: 16,
      clearOnComplete: true,
      emptyOnZero: true,
      // The line is cut to the terminal's width here, so wrapping is left alone (and the cursor shown): a Ctrl-C
      // while planning leaves the terminal as it was.
      linewrap: true,
      hideCursor: false,
      etaBuffer: ETA_WINDOW,
      format: (options, params) => {
        const known = typeof params.eta === 'number' && last.planned > 0 && !last.done && Date.now() - params.startTime >= ETA_AFTER_MS;
        const eta = known ? ` · ETA ${Format.TimeFormat(params.eta, options, 1)}` : '';
        const bar = Format.BarFormat(params.progress, options);
        const line = `planning [${bar}] ${count(last.planned)}/${count(last.candidates)} candidates planned · ${count(last.read)}/${count(last.total)} files read${eta}`;
        return line.slice(0, Math.max(0, params.maxWidth - 1));
      },
    },
    Presets.shades_classic,
  );
  let state: 'new' | 'drawing' | 'stopped' = 'new';
  const stop = () => {
    if (state === 'drawing') bar.stop();
    state = 'stopped';
  };
  return {
    onProgress(progress) {
      if (state === 'stopped') return;
      last = progress;
      // The work: every read, and each candidate weighed as CANDIDATE_WEIGHT reads. How many candidates there will
      // be is known only when every file is read: until then, the share seen so far stands for the rest.
      const expected = progress.read > 0 ? Math.max(progress.candidates, Math.round((progress.candidates * progress.total) / progress.read)) : 0;
      const total = progress.total + CANDIDATE_WEIGHT * expected;
      const value = progress.read + CANDIDATE_WEIGHT * progress.planned;
      if (state === 'new') bar.start(total, value);
      else bar.setTotal(total);
      state = 'drawing';
      bar.update(value);
      if (progress.done) stop();
    },
    stop,
  };
}

/** The bar of `apply --yes` on stderr while it writes, for a terminal. */
export function writeProgressBar(): { update(done: number, total: number): void; stop(): void } {
  const { Presets, SingleBar } = cliProgress();
  const bar = new SingleBar(
    { stream: process.stderr, format: 'applying [{bar}] {value}/{total} files', hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/**
 * Run `plan` with the planning line when stderr is a terminal and the output is not JSON; the line is cleared
 * however planning ends.
 */
export async function whilePlanning<T>(stderrIsTTY: boolean, json: boolean | undefined, plan: (request: Pick<PlanRequest, 'onProgress'>) => Promise<T>): Promise<T> {
  const line = planningProgress(stderrIsTTY, json);
  try {
    return await plan(line ? { onProgress: (p) => line.onProgress(p) } : {});
  } finally {
    line?.stop();
  }
}
