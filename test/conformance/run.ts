/**
 * `npm run conformance`: canonize over the full corpora (corpora.ts), each prepared in a temp directory, planned,
 * applied, re-planned and checked (harness.ts). Prints the results, writes them all as JSON, and replaces the
 * results section of docs/conformance.md (the table, the relocations drawn, and each failure and skipped file
 * with its reason). Exits 1 when any check failed.
 *
 * Options: --sample (the corpora `npm test` runs), --only NAME (a corpus whose name contains NAME; repeatable),
 * --seed N (draw other relocations than the corpora's own seeds), --keep (leave the temp copies), --no-docs (do not
 * touch docs/conformance.md), --json FILE. docs/conformance.md is written only for a full run with the own seeds.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../../src/core/paths.js';
import { FULL, SAMPLE } from './corpora.js';
import { runCorpus, type CorpusResult, type Failure } from './harness.js';

const { values } = parseArgs({
  options: {
    sample: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-docs': { type: 'boolean', default: false },
    json: { type: 'string', default: join(packageRoot(), 'node_modules', '.cache', 'canonize-conformance', 'results.json') },
  },
});

const DOC = join(packageRoot(), 'docs', 'conformance.md');
const START = '<!-- conformance results: written by npm run conformance -->';
const END = '<!-- end of conformance results -->';
const CHECKS: Failure['check'][] = ['failed-outcome', 'skipped-valid', 'apply', 'compile', 'unresolved', 'unbound', 'shadowed', 'second-plan', 'residue', 'tsc', 'unexplained', 'wrong-rewrite'];

function table(results: readonly CorpusResult[]): string {
  const rows = [
    '| corpus | files | excluded | changed | edits | findings (error/warning/info) | skipped | failures | second plan (files/edits) | residue | seconds |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | --- | ---: |',
  ];
  for (const r of results) {
    const s = r.findingsBySeverity;
    rows.push(
      `| ${r.name} | ${r.files} | ${r.excluded.length} | ${r.changed} | ${r.edits} | ${r.findings} (${s.error}/${s.warning}/${s.info}) | ${r.skipped.length} | ${r.failures.length} | ${r.secondPlan.files}/${r.secondPlan.edits} | ${r.residue ?? 'n/a (no scanner yet)'} | ${r.seconds.toFixed(1)} |`,
    );
  }
  return rows.join('\n');
}

function shapeLine(s: NonNullable<CorpusResult['shapes']>): string {
  return (
    `Shape literals: ${s.literals + s.skipped}; rewritten ${s.rewritten} (${s.evaluated} of them pure literals, evaluated and equal to the ` +
    `canonical event built independently), reported ${s.reported}, already canonical ${s.canonical}, in files the plan skipped ${s.skipped}.`
  );
}

function failureCounts(r: CorpusResult): string {
  const counts = CHECKS.map((c) => [c, r.failures.filter((f) => f.check === c).length] as const).filter(([, n]) => n > 0);
  return counts.length ? counts.map(([c, n]) => `${c} ${n}`).join(', ') : 'none';
}

/** The Markdown results section: table, then per corpus its relocations, failures and skipped files. */
function section(results: readonly CorpusResult[], when: string): string {
  const out = [START, '', `Run of ${when} (Node ${process.version}; \`npm run conformance\`).`, '', table(results), ''];
  for (const r of results) {
    out.push(`### ${r.name}`, '', `Failures by check: ${failureCounts(r)}.`, '');
    if (r.shapes) out.push(shapeLine(r.shapes), '');
    if (r.parsedByCompiler > 0) out.push(`Planned although tree-sitter could not read part of them (the TypeScript compiler can): ${r.parsedByCompiler} files.`, '');
    out.push(r.shapes ? 'Shapes declared from the corpus:' : 'Relocations drawn:', '');
    for (const line of r.relocations) out.push(`- ${line}`);
    out.push('');
    const limit = 100;
    if (r.failures.length) {
      out.push(`Failures${r.failures.length > limit ? ` (first ${limit} of ${r.failures.length}; all in the JSON results)` : ''}:`, '');
      for (const f of r.failures.slice(0, limit)) out.push(`- \`${f.check}\` ${f.path}: ${f.detail.replace(/\n/g, ' ')}`);
      out.push('');
    }
    if (r.skipped.length) {
      out.push('Skipped by canonize:', '');
      for (const s of r.skipped) out.push(`- ${s.path}: ${s.reason}`);
      out.push('');
    }
    if (r.excluded.length) {
      out.push(`Left out before the run (they do not parse as they are): ${r.excluded.length} files.`, '');
      for (const e of r.excluded.slice(0, limit)) out.push(`- ${e.path}: ${e.reason}`);
      if (r.excluded.length > limit) out.push(`- … and ${r.excluded.length - limit} more (in the JSON results)`);
      out.push('');
    }
  }
  out.push(END);
  return out.join('\n');
}

async function main(): Promise<number> {
  const specs = (values.sample ? SAMPLE : FULL).filter((s) => !values.only || values.only.some((o) => s.name.includes(o)));
  const results: CorpusResult[] = [];
  for (const spec of specs) {
    process.stdout.write(`${spec.name}: preparing…\n`);
    const started = performance.now();
    const corpus = spec.prepare(values.seed === undefined ? undefined : Number(values.seed));
    const prepared = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`${spec.name}: ${corpus.files} files in ${corpus.after} (prepared in ${prepared} s); planning, applying, checking…\n`);
    const result = await runCorpus(corpus);
    results.push({ ...result, name: spec.name });
    process.stdout.write(`${spec.name}: ${result.changed} changed, ${result.edits} edits, ${result.findings} findings, ${result.failures.length} failures (${failureCounts(result)}), ${result.seconds.toFixed(1)} s\n`);
    if (result.shapes) process.stdout.write(`${spec.name}: ${shapeLine(result.shapes)}\n`);
    if (!values.keep) rmSync(dirname(corpus.after), { recursive: true, force: true });
  }
  process.stdout.write(`\n${table(results)}\n`);
  writeFileSync(values.json!, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`results: ${values.json}\n`);
  if (!values['no-docs'] && !values.sample && !values.only && values.seed === undefined) {
    const doc = readFileSync(DOC, 'utf8');
    const at = doc.indexOf(START);
    const end = doc.indexOf(END);
    if (at === -1 || end === -1) throw new Error(`${DOC} has no results markers`);
    writeFileSync(DOC, doc.slice(0, at) + section(results, new Date().toISOString().slice(0, 10)) + doc.slice(end + END.length));
    process.stdout.write(`updated ${DOC}\n`);
  }
  return results.some((r) => r.failures.length > 0) ? 1 : 0;
}

process.exitCode = await main();
