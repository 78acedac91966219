// The planning line on a real terminal: the built CLI runs under a pseudo-terminal (helpers/pty.ts) and draws
// "planning [bar] N/M candidates planned · R/T files read" on stderr while it plans, then clears it; with --json, or
// when stderr is a pipe, nothing is drawn. No timing: the line is drawn when planning starts and when it ends.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, underPty } from './helpers/pty.js';
import { tempTree } from './helpers/tmp.js';

const CONFIG = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';

/** 60 files, every third a candidate (it imports the legacy module). */
function tree(): string {
  const files: Record<string, string> = { 'canonize.config.yaml': CONFIG };
  for (let i = 0; i < 60; i++) files[`pkg${i % 4}/m${i}.py`] = i % 3 === 0 ? 'from legacy.mod import Thing\n' : `x = ${i}\n`;
  return tempTree(files);
}

const LINE = /planning \[[█░]+\] \d+\/\d+ candidates planned · \d+\/60 files read/;
/** The last drawing of the line, cleared (no newline) before what follows is written over it. */
const FINAL = 'planning [████████████████] 20/20 candidates planned · 60/60 files read';

describe('progress while planning, on a terminal', () => {
  it('plan draws the planning line on stderr, ends at the totals and clears it before the summary', () => {
    const run = underPty(tree(), ['plan', '--jobs', '1']);
    expect(run.error, run.transcript).toBeNull();
    expect(run.exit, run.transcript).toBe(0);
    expect(run.transcript).toMatch(/^planning \[░+\] 0\/0 candidates planned · 0\/60 files read/);
    expect(run.transcript).toContain(`${FINAL}canonize plan of `);
    expect(run.transcript).toContain('  parsed          20  (the prefilter let these through)');
  });

  it('diff, audit and apply (before its batches) draw it too; on the pool as well', () => {
    for (const args of [['diff'], ['audit', '--jobs', '2'], ['apply', '--yes']]) {
      const run = underPty(tree(), args);
      expect(run.error, run.transcript).toBeNull();
      expect(run.exit, `${args.join(' ')}\n${run.transcript}`).toBe(0);
      expect(run.transcript, args.join(' ')).toMatch(LINE);
      expect(run.transcript, args.join(' ')).toContain(FINAL);
    }
  });

  it('draws nothing with --json', () => {
    for (const args of [['plan', '--json'], ['check', '--json'], ['audit', '--json'], ['apply', '--yes', '--json']]) {
      const run = underPty(tree(), args);
      expect(run.error, run.transcript).toBeNull();
      expect(run.transcript, args.join(' ')).not.toContain('planning');
      expect(() => JSON.parse(run.transcript), args.join(' ')).not.toThrow();
    }
  });

  it('draws nothing when stderr is not a terminal', () => {
    const dir = tree();
    for (const args of [['plan'], ['diff'], ['audit'], ['check']]) {
      const run = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(run.error).toBeUndefined();
      expect(run.stdout.length, args.join(' ')).toBeGreaterThan(0);
      expect(run.stderr, args.join(' ')).not.toContain('planning');
      expect(run.stderr, args.join(' ')).not.toContain('files read');
    }
  });
});
