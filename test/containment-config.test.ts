// Hostile configs (issue 14, defect 9): each is a clear config error naming the field, exit 2 — never a stack
// overflow, an internal error (exit 70), or a silent "skipped: ." with exit 0.
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from './helpers/tmp.js';

const MOVES = 'python:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';

/** A YAML "billion laughs": nine levels of nine aliases each. */
function aliasBomb(): string {
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  return `version: 1\n${MOVES}${lines.join('\n')}\n`;
}

describe('hostile configs', () => {
  for (const [name, config, expected] of [
    ['a YAML alias bomb', aliasBomb(), /\[E_CONFIG_SYNTAX\]: .*not a usable YAML document: .*alias/],
    ['a 20,000-segment glob', `version: 1\ninclude: ["${'a/'.repeat(20_000)}*.py"]\n${MOVES}`, /include\[0\]: 40004 characters; at most 4096/],
    ['a 300-segment glob', `version: 1\nexclude: ["${'a/'.repeat(300)}*.py"]\n${MOVES}`, /exclude\[0\]: 301 path segments; at most 256/],
    ['a root that does not exist', `version: 1\nroot: no/such/dir\n${MOVES}`, /root: \S+no\/such\/dir is not an existing directory \(line 2:7\)/],
  ] as const) {
    it(`${name}: a config error, exit 2`, async () => {
      const dir = tempTree({ 'canonize.config.yaml': config, 'm.py': 'from legacy.mod import x\n' });
      for (const cmd of ['plan', 'check']) {
        const r = await runCli([cmd], { cwd: dir });
        expect(r.code, `${cmd}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(expected);
        expect(r.stderr).not.toContain('internal error');
        expect(r.stderr).not.toContain('Maximum call stack');
      }
    });
  }
});
