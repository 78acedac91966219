// The verify gate (issue 14, defects 4 and 5): a command that never ends is killed with its whole process group
// after --verify-timeout, the batch is rolled back and the report names the batch and the command; a command that
// leaves a background job does not hold the run up; a file named `-rf.py` reaches the command as `./-rf.py`; a file
// the command edited before failing is left, said, and restored by `rollback --force`. Real processes, real files.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandVerifyCommand, runVerify } from '../src/engine/verify.js';
import { ended } from './helpers/process.js';
import { readTree, runCli, tempTree } from './helpers/tmp.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'canonize.js');
const CONFIG = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';
const OLD = 'from legacy.mod import Thing\n';
const NEW = 'from canon.mod import Thing\n';

/** `<tmp>/repo`: three legacy files in three batches (`.`, `a`, `b`); the verify commands write their notes in `<tmp>`. */
function project(): string {
  return join(tempTree({ 'repo/canonize.config.yaml': CONFIG, 'repo/a/one.py': OLD, 'repo/-rf.py': `# dash\n${OLD}`, 'repo/b/two.py': `# two\n${OLD}` }), 'repo');
}



describe('the verify gate', () => {
  it('kills a command that outlives --verify-timeout, with its process group, and rolls the batch back (exit 3)', async () => {
    const dir = project();
    const before = readTree(dir);
    const r = await runCli(['apply', '--yes', '--verify-timeout', '1', '--verify', 'sleep 1000 & echo $! > ../sleep.pid; wait'], { cwd: join(dir) });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/batch \S+: rolled back: verify failed \(timed out after 1 s: `sleep 1000 & echo \$! > \.\.\/sleep\.pid; wait` was killed\)/);
    const pid = Number(readFileSync(join(dir, '..', 'sleep.pid'), 'utf8'));
    expect(await ended(pid)).toBe(true);
    // Batch a rolled back, the run stopped before b.
    expect(readTree(dir)).toEqual(before);
  });

  it('does not wait for a background job the command left (it waits for exit, not for the pipes to close), and ends it', async () => {
    const dir = project();
    const r = await runCli(['apply', '--yes', '--verify', 'sleep 100000 & echo $! >> ../bg.pid; true'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'a', 'one.py'), 'utf8')).toBe(NEW);
    const pids = readFileSync(join(dir, '..', 'bg.pid'), 'utf8').trim().split('\n').map(Number);
    expect(pids).toHaveLength(3);
    for (const pid of pids) expect(await ended(pid)).toBe(true);
  });

  it('passes a file named -rf.py as ./-rf.py', async () => {
    expect(expandVerifyCommand('ls {files}', ['-rf.py', 'a/-x.py', "it's.py"])).toBe("ls ./-rf.py a/-x.py 'it'\\''s.py'");
    const dir = project();
    const r = await runCli(['apply', '--yes', '--verify', 'printf "%s\\n" {files} >> ../seen.txt'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, '..', 'seen.txt'), 'utf8')).toBe('./-rf.py\na/one.py\nb/two.py\n');
    const v = await runVerify('printf "%s\\n" {files}', ['-rf.py'], dir);
    expect(v).toMatchObject({ ok: true, output: './-rf.py\n' });
  });

  it('a command that edits a file and fails: the file is left and said; rollback names it; --force restores it', async () => {
    const dir = project();
    const r = await runCli(['apply', '--yes', '--verify', 'printf "x = 1\\n" >> ./-rf.py; exit 1'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('failed: -rf.py: verify failed (exit 1); not rolled back: the verify command changed it after canonize wrote it; `canonize rollback');
    expect(readFileSync(join(dir, '-rf.py'), 'utf8')).toBe(`# dash\n${NEW}x = 1\n`);
    expect(readFileSync(join(dir, 'a', 'one.py'), 'utf8')).toBe(OLD);

    const refused = await runCli(['rollback'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('[E_ROLLBACK_CONFLICT]');
    expect(refused.stderr).toContain('-rf.py (the verify command changed it after canonize wrote it)');

    const forced = await runCli(['rollback', '--force'], { cwd: dir });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('1 file(s) restored');
    expect(readFileSync(join(dir, '-rf.py'), 'utf8')).toBe(`# dash\n${OLD}`);
    expect(readFileSync(join(dir, 'b', 'two.py'), 'utf8')).toBe(`# two\n${OLD}`);
  });

  it('rejects a --verify-timeout that is not a positive number (exit 2)', async () => {
    const dir = project();
    const r = await runCli(['apply', '--yes', '--verify', 'true', '--verify-timeout', '0'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--verify-timeout expects a number of seconds above 0');
  });

  it('Ctrl-C (SIGINT) while apply runs: it says so and what to do, exits 130, leaves its verify command no process; rollback restores all', async () => {
    const dir = project();
    const before = readTree(dir);
    // The verify command interrupts canonize (its parent) itself: no timing involved.
    const child = spawn(process.execPath, [BIN, 'apply', '--yes', '--verify', 'echo $$ > ../verify.pid; kill -INT $PPID; sleep 1000'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted (SIGINT): canonize stopped. Every file holds its original or its new bytes, never a mix');
    expect(await ended(Number(readFileSync(join(dir, '..', 'verify.pid'), 'utf8')))).toBe(true);
    const rb = await runCli(['rollback'], { cwd: dir });
    expect(rb.code, rb.stderr).toBe(0);
    expect(readTree(dir)).toEqual(before);
  });
});
