// Property test of the shape rule's producers: a few hundred seeded legacy event literals (random key order, one-line
// and multi-line layouts, trailing commas or not, comments, nested values, CRLF) are rewritten, and the result is
// checked by evaluating it for real — python3's ast.literal_eval for Python, node for JavaScript — against the
// canonical event computed independently here; re-planning the output changes nothing.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compileConfig } from '../src/config/compile.js';
import { parseConfig } from '../src/config/load.js';
import { sourceFromBytes } from '../src/core/source.js';
import { planSource } from '../src/planner/plan-source.js';
import { random } from './helpers/random.js';

const CASES = 200;
const SHAPE = `      match: { type: [agent_started, tool_completed] }
      rename: { type: event_type, user: user_id }
      timestamps: { time: timestamp }
      nest: data
      keep: [thread_id]
`;
const config = compileConfig(parseConfig(`python:\n  shapes:\n    -\n${SHAPE}typescript:\n  shapes:\n    -\n${SHAPE}`, '/virtual/canonize.config.yaml'));

type Value = string | number | { [k: string]: Value } | Value[];

interface Case {
  language: 'python' | 'typescript';
  text: string;
  expected: Record<string, Value>;
}

function generate(i: number): Case {
  const r = random(i + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const language = i % 2 === 0 ? 'python' : 'typescript';
  const ms = Math.floor(r() * 4e12) - 1e12;
  const iso = new Date(ms).toISOString().replace(/\.(\d+)Z$/, (_, f: string) => (r() < 0.5 ? 'Z' : `.${f}Z`));
  const entries: [string, Value][] = [['type', pick(['agent_started', 'tool_completed'])]];
  if (r() < 0.8) entries.push(['time', iso]);
  for (const key of ['user', 'thread_id', 'agent_name', 'result', 'tool', 'note']) if (r() < 0.6) entries.push([key, pick(['u-1', 'é ✓', 42, { rows: [1, 2] }, 'a "q"'])]);
  for (let j = entries.length - 1; j > 0; j--) {
    const k = Math.floor(r() * (j + 1));
    [entries[j], entries[k]] = [entries[k]!, entries[j]!];
  }
  const expected: Record<string, Value> = {};
  const data: Record<string, Value> = {};
  for (const [k, v] of entries) {
    if (k === 'type') expected.event_type = v;
    else if (k === 'user') expected.user_id = v;
    else if (k === 'time') expected.timestamp = Date.parse(v as string) / 1000;
    else if (k === 'thread_id') expected.thread_id = v;
    else data[k] = v;
  }
  if (Object.keys(data).length > 0) expected.data = data;
  const q = language === 'python' ? pick(['"', "'"]) : pick(['', "'", '"']);
  const lit = (v: Value): string => {
    if (typeof v === 'number') return String(v);
    if (typeof v === 'string') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(lit).join(', ')}]`;
    return `{${Object.entries(v).map(([k, x]) => `"${k}": ${lit(x)}`).join(', ')}}`;
  };
  const key = (k: string) => `${q}${k}${q}`;
  const eol = r() < 0.2 ? '\r\n' : '\n';
  const trailing = r() < 0.5 ? ',' : '';
  const comment = language === 'python' ? '# note' : '// note';
  let body: string;
  if (r() < 0.4) {
    body = `{${entries.map(([k, v]) => `${key(k)}: ${lit(v)}`).join(', ')}${trailing}}`;
  } else {
    const indent = pick(['    ', '  ', '\t']);
    const lines = entries.map(([k, v], j) => {
      const above = r() < 0.2 ? `${indent}${comment}${eol}` : '';
      const comma = j < entries.length - 1 ? ',' : trailing;
      return `${above}${indent}${key(k)}: ${lit(v)}${comma}${r() < 0.2 ? ` ${comment}` : ''}${eol}`;
    });
    body = `{${eol}${lines.join('')}}`;
  }
  const text = language === 'python' ? `EVENT = ${body}${eol}` : `export const EVENT = ${body};${eol}`;
  return { language, text, expected };
}

function plan(c: Case, text: string) {
  const path = c.language === 'python' ? 'event.py' : 'event.ts';
  const read = sourceFromBytes(Buffer.from(text), `/virtual/${path}`, path, c.language);
  if (!read.ok) throw new Error(read.skip.message);
  return planSource(read.file, config.transforms);
}

describe('shape rule on generated literals', () => {
  const cases = Array.from({ length: CASES }, (_, i) => generate(i));
  const outputs = cases.map((c) => {
    const result = plan(c, c.text);
    expect(result.plan.outcome, `${c.text}\n${JSON.stringify(result.plan)}`).toBe('changed');
    return result.newText!;
  });

  it('rewrites each literal into exactly the canonical event (evaluated by python3 and node)', () => {
    const python = cases.flatMap((c, i) => (c.language === 'python' ? [i] : []));
    const script = 'import ast, json, sys\nfor src in json.load(sys.stdin):\n    print(json.dumps(ast.literal_eval(src.split("=", 1)[1].strip())))\n';
    const evaluated = execFileSync('python3', ['-c', script], { input: JSON.stringify(python.map((i) => outputs[i])) }).toString().trim().split('\n');
    python.forEach((i, j) => expect(JSON.parse(evaluated[j]!), outputs[i]).toEqual(cases[i]!.expected));
    for (const [i, c] of cases.entries()) {
      if (c.language !== 'typescript') continue;
      const source = outputs[i]!.replace(/^export const EVENT = /, 'return ').replace(/\/\/[^\n]*/g, '');
      expect(new Function(source)(), outputs[i]).toEqual(c.expected);
    }
  });

  it('leaves bytes outside the literal as they were, keeps line endings, and is idempotent', () => {
    for (const [i, c] of cases.entries()) {
      const out = outputs[i]!;
      const eol = c.text.includes('\r\n') ? '\r\n' : '\n';
      expect(out.replace(/\r\n/g, '').includes('\n') && eol === '\r\n', out).toBe(false);
      expect(out.startsWith(c.text.slice(0, c.text.indexOf('{'))), out).toBe(true);
      expect(plan(c, out).plan.outcome, out).toBe('unchanged');
    }
  });
});
