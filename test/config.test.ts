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

describe('relocation map errors (moves that cannot converge or would change meaning)', () => {
  const withMoves = (yaml: string) => tempTree({ 'canonize.config.yaml': `version: 1\n${yaml}`, 'a.py': 'x = 1\n' });

  it('rejects Python moves that form a cycle, naming both fields', async () => {
    const dir = withMoves('python:\n  moves:\n    - { from: a.old, to: a.new }\n    - { from: a.new, to: a.old }\n');
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('python.moves[0], python.moves[1]: these moves form a cycle (a.old → a.new → a.old)');
  });

  it('rejects a cycle through renames and a whole-module move', async () => {
    const dir = withMoves(
      'python:\n  moves:\n    - { from: a, to: b, symbols: { X: Y } }\n    - { from: b, to: c, symbols: { Y: X } }\n    - { from: c, to: a }\n    - { from: p, to: q, symbols: [Z] }\n',
    );
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('python.moves[0], python.moves[1], python.moves[2]: these moves form a cycle (a.X → b.Y → c.X → a.X)');
    expect(r.stderr).not.toContain('python.moves[3]');
  });

  it('accepts renames that come back to a module under another name (a.X → b.Y → a.Y stops there)', async () => {
    const dir = withMoves('python:\n  moves:\n    - { from: a, to: b, symbols: { X: Y } }\n    - { from: b, to: a, symbols: [Y] }\n');
    expect((await runCli(['plan'], { cwd: dir })).code).toBe(0);
  });

  it('accepts a chain that does not come back (a → b, b → c) and moves of other names between the same modules', async () => {
    const dir = withMoves('python:\n  moves:\n    - { from: a, to: b }\n    - { from: b, to: c }\n    - { from: x, to: y, symbols: [A] }\n    - { from: y, to: x, symbols: [B] }\n');
    expect((await runCli(['plan'], { cwd: dir })).code).toBe(0);
  });

  it('rejects a TypeScript cycle, however the two modules are spelled', async () => {
    const dir = withMoves('typescript:\n  moves:\n    - { from: src/old.ts, to: src/new }\n    - { from: ./src/new.ts, to: src/old }\n');
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('typescript.moves[0], typescript.moves[1]: these moves form a cycle');
  });

  it('rejects two legacy names mapped to one canonical name, unless the move says merge: true', async () => {
    const merged = 'python:\n  moves:\n    - from: a.compat\n      to: a.core\n      symbols: { Old: Manager, Legacy: Manager }\n';
    const r = await runCli(['plan'], { cwd: withMoves(merged) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('python.moves[0].symbols: Old and Legacy are all mapped to Manager: two different objects would be merged into one silently');
    expect(r.stderr).toContain('merge: true');
    expect((await runCli(['plan'], { cwd: withMoves(`${merged}      merge: true\n`) })).code).toBe(0);
  });

  it('rejects a Python move from a module to itself that renames nothing, and allows one that renames', async () => {
    const r = await runCli(['plan'], { cwd: withMoves('python:\n  moves:\n    - { from: a.b, to: a.b, symbols: [X] }\n') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('python.moves[0].to: the move\'s `to` is its `from` (a.b) and it renames nothing');
    expect((await runCli(['plan'], { cwd: withMoves('python:\n  moves:\n    - { from: a.b, to: a.b, symbols: { X: Y } }\n') })).code).toBe(0);
  });

  it('allows a TypeScript move from a module to itself (it respells the specifiers)', async () => {
    const dir = tempTree({
      'canonize.config.yaml': 'version: 1\ntypescript:\n  moves:\n    - { from: src/ws.ts, to: src/ws }\n    - { from: src/x.ts, to: src/x.ts }\n',
      'src/ws.ts': 'export const ws = 1;\n',
      'src/x.ts': 'export const x = 1;\n',
    });
    expect((await runCli(['plan'], { cwd: dir })).code).toBe(0);
  });
});
