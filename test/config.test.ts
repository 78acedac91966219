// Call-rule config errors are caught when the config is compiled, before any file is read: exit 2, naming the field.
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from './helpers/tmp.js';

const withCall = (call: string) => tempTree({ 'canonize.config.yaml': `version: 1\npython:\n  calls:\n${call}`, 'a.py': 'x = 1\n' });

describe('call rule config errors', () => {
  it('rejects a replacement that uses a metavariable the pattern does not bind', async () => {
    const dir = withCall('    - match: create($CTX)\n      replace: get(user_context=$USER)\n');
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('python.calls[0].replace: uses $USER, which the pattern does not bind');
  });

  it('requires the metavariable in every match alternative', async () => {
    const dir = withCall('    - match: [create($CTX), create()]\n      replace: get(user_context=$CTX)\n');
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('python.calls[0].replace: uses $CTX, which the pattern does not bind (match alternative 1)');
  });

  it('rejects a pattern that does not parse, naming the alternative', async () => {
    const dir = withCall('    - match: [create($X), "create("]\n      replace: get($X)\n');
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/python\.calls\[0\]\.match\[1\]: pattern "create\(" does not parse/);
  });

  it('rejects `from` when the pattern has no literal callee to resolve', async () => {
    const dir = withCall('    - match: $M.register($$$A)\n      from: a.b\n      replace: $M.add($$$A)\n');
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('python.calls[0].from');
  });

  it('rejects an unknown await mode through the schema', async () => {
    const dir = withCall('    - match: create($X)\n      replace: get($X)\n      await: sometimes\n');
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('python.calls[0].await');
  });
});
