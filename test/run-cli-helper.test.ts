// The in-process CLI runner plans in its own thread (test/helpers/tmp.ts, inProcessPlanning): `--jobs 1` goes after a
// planning command that names no --jobs, and nowhere else.
import { describe, expect, it } from 'vitest';
import { inProcessPlanning } from './helpers/tmp.js';

describe('inProcessPlanning', () => {
  it('adds --jobs 1 after a planning command, after the global --config, before the rest', () => {
    expect(inProcessPlanning(['plan', '-o', 'p.json'])).toEqual(['plan', '--jobs', '1', '-o', 'p.json']);
    expect(inProcessPlanning(['--config', 'plan', 'check', '--changed-since'])).toEqual(['--config', 'plan', 'check', '--jobs', '1', '--changed-since']);
    expect(inProcessPlanning(['-c', 'x.yaml', 'audit'])).toEqual(['-c', 'x.yaml', 'audit', '--jobs', '1']);
  });

  it('leaves a --jobs the test gives, and commands that do not plan (a planning word as their argument)', () => {
    for (const argv of [['plan', '--jobs', '2'], ['diff', '-j', '2'], ['apply', '--jobs=3'], ['check', '-j2'], ['schema', 'plan'], ['rollback'], ['--help'], []]) {
      expect(inProcessPlanning(argv)).toEqual(argv);
    }
  });
});
