// Every transform fixture, discovered from test/__fixtures__: byte-exact output, idempotence, no overlaps.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertNoOverlap } from '../src/core/edits.js';
import { languageForPath } from '../src/languages/registry.js';
import { planSource } from '../src/planner/plan-source.js';
import { encodeSource, sourceFromBytes } from '../src/core/source.js';
import { discoverFixtureCases } from './helpers/fixtures.js';

const cases = await discoverFixtureCases();

function plan(bytes: Buffer, c: (typeof cases)[number]) {
  const read = sourceFromBytes(bytes, c.inputPath, c.virtualPath, languageForPath(c.virtualPath)!);
  if (!read.ok) throw new Error(`fixture does not decode: ${read.skip.message}`);
  return { file: read.file, result: planSource(read.file, c.config.transforms, c.project, { residue: c.config.residue }) };
}

describe.each([...new Set(cases.map((c) => c.transform))])('%s fixtures', (transform) => {
  it.each(cases.filter((c) => c.transform === transform).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { file, result } = plan(readFileSync(c.inputPath), c);
    const findings = join(dirname(c.inputPath), `${c.name}.findings.txt`);
    if (existsSync(findings)) {
      // Reported sites: one `line:column severity message` per line.
      const got = result.plan.findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.message}`).join('\n');
      expect(got).toBe(readFileSync(findings, 'utf8').trimEnd());
    } else {
      // Never silent: a legacy reference the plan leaves is reported by a rule, so the residue scan finds none unexplained.
      expect(result.plan.findings.filter((f) => f.rule === 'residue')).toEqual([]);
    }
    if (!c.outputPath) {
      expect(result.plan.outcome).not.toBe('changed');
      expect(result.plan.outcome).not.toBe('failed');
      return;
    }
    expect(result.plan.outcome, JSON.stringify(result.plan)).toBe('changed');
    if (result.plan.outcome !== 'changed') return;
    assertNoOverlap(result.plan.edits);
    const written = encodeSource(result.newText!, file.encoding, file.bom);
    const expected = readFileSync(c.outputPath);
    // Compare bytes, not trimmed strings: line endings, BOM and final newline are what this tool promises.
    expect(written.toString('latin1')).toBe(expected.toString('latin1'));
    expect(written.equals(expected)).toBe(true);
    const again = plan(expected, c).result;
    expect(again.plan.outcome, 'planning the output again must find nothing to change').not.toBe('changed');
  });
});

it('discovers fixture cases', () => {
  expect(cases.length).toBeGreaterThanOrEqual(10);
});
