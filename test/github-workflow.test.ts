// The GitHub Actions workflow the docs offer (examples/github-actions/canonize.yml), run for real: each job's `run`
// steps, as written, with bash in a temp git repository holding the bundled example — `npx --no-install canonize`
// standing for this build, `${{ … }}` for what GitHub would put there. The pull-request check passes on a clean
// change and fails, annotated, on a new legacy import; the shard matrix merged is the plan one run makes, and its
// patch applies (`git apply --check`).
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { git, runCli, tempTree } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');
const WORKFLOW = join(ROOT, 'examples', 'github-actions', 'canonize.yml');
const CANONIZE = `node ${join(ROOT, 'bin', 'canonize.js')}`;

type Step = { run?: string; uses?: string; env?: Record<string, string> };
type Job = { steps: Step[]; strategy?: { matrix: { shard: number[] } }; needs?: string; if?: string };
const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };

/** What GitHub would substitute for `${{ expr }}`. */
const expand = (text: string, context: Record<string, string>) =>
  text.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, expr: string) => {
    expect(context, `no value for ${expr}`).toHaveProperty([expr]);
    return context[expr]!;
  });

/** Run a job's `run` steps (not `npm ci`: canonize is this build) in `cwd`; the first failing step's result, or the last. */
function runJob(name: string, cwd: string, context: Record<string, string>) {
  let last = { status: 0, stdout: '', stderr: '' };
  for (const step of workflow.jobs[name]!.steps) {
    if (!step.run || step.run.trim() === 'npm ci') continue;
    const script = expand(step.run, context).replaceAll('npx --no-install canonize', CANONIZE);
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), context)]));
    const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd, env: { ...process.env, ...env, CI: 'true' }, encoding: 'utf8' });
    last = { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    if (last.status !== 0) return last;
  }
  return last;
}

/** The example as a repository: `main` with a baseline committed, as a project adopting canonize would have it. */
async function repository(): Promise<string> {
  const dir = tempTree();
  cpSync(join(ROOT, 'examples', 'legacy-app'), dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  // Setup, not under test: the CLI in-process (the workflow's own steps below run the executable).
  const baseline = await runCli(['audit', '--no-cache', '--write-baseline', 'canonize-baseline.json'], { cwd: dir });
  expect(baseline.code, baseline.stderr).toBe(0);
  writeFileSync(join(dir, '.gitignore'), '.canonize/\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  // What `actions/checkout` with `fetch-depth: 0` leaves: the base branch as a remote-tracking ref.
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'main');
  git(dir, 'checkout', '-q', '-b', 'feature');
  return dir;
}

describe('the GitHub Actions workflow (examples/github-actions/canonize.yml)', () => {
  it('runs check on pull requests and the sharded plan on demand', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'workflow_dispatch']);
    expect(workflow.jobs.check!.if).toContain('pull_request');
    expect(workflow.jobs.plan!.strategy!.matrix.shard).toEqual([1, 2, 3, 4]);
    expect(workflow.jobs.merge!.needs).toBe('plan');
  });

  it('pull request: check passes on a clean change, and fails with an annotation on a new legacy import', async () => {
    const dir = await repository();
    const context = { 'github.base_ref': 'main' };
    writeFileSync(join(dir, 'netra_backend', 'app', 'clean.py'), 'from netra_backend.app.websocket_core.websocket_manager import WebSocketManager\n\nMANAGER_CLASS = WebSocketManager\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'clean');
    const clean = runJob('check', dir, context);
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/^canonize check passed: /m);

    writeFileSync(join(dir, 'netra_backend', 'app', 'relapse.py'), 'from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager\n\nMANAGER_CLASS = UnifiedWebSocketManager\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'relapse');
    const relapse = runJob('check', dir, context);
    expect(relapse.status).toBe(1);
    expect(relapse.stdout).toMatch(/^::error file=netra_backend\/app\/relapse\.py,line=1,col=\d+,title=canonize python\.moves\//m);
    expect(relapse.stdout.split('\n').filter((l) => l.startsWith('::error')).every((l) => l.includes('relapse.py'))).toBe(true);
  });

  it('on demand: four shard plans merge into the plan one run makes, and its patch applies', async () => {
    const dir = await repository();
    for (const shard of workflow.jobs.plan!.strategy!.matrix.shard) {
      const r = runJob('plan', dir, { 'matrix.shard': String(shard) });
      expect(r.status, r.stderr).toBe(0);
    }
    const merged = runJob('merge', dir, {});
    expect(merged.status, merged.stderr).toBe(0);
    const whole = await runCli(['plan', '--no-cache', '-o', 'whole.json'], { cwd: dir });
    expect(whole.code, whole.stderr).toBe(0);
    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toBe(readFileSync(join(dir, 'whole.json'), 'utf8'));
    const patch = readFileSync(join(dir, 'canonize.patch'), 'utf8');
    expect(patch.match(/^diff --git /gm)).toHaveLength((JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { summary: { changed: number } }).summary.changed);
    git(dir, 'apply', '--check', 'canonize.patch');
  });
});
