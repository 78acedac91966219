// The shape rule's parts that fixtures do not show one by one: exact ISO-8601 -> epoch seconds conversion (against
// an independent oracle, Date.parse, where it is exact), and config errors naming the field (docs/shape-rule.md).
import { describe, expect, it } from 'vitest';
import { compileConfig } from '../src/config/compile.js';
import { parseConfig } from '../src/config/load.js';
import { ConfigError } from '../src/core/errors.js';
import { isoToEpochSeconds } from '../src/rules/shape/iso.js';

const FILE = '/virtual/canonize.config.yaml';

/** The ConfigError parsing and compiling `yaml` raises. */
function configError(yaml: string): ConfigError {
  try {
    compileConfig(parseConfig(yaml, FILE));
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a config error');
}

const seconds = (iso: string) => {
  const r = isoToEpochSeconds(iso);
  return r.ok ? r.seconds : `refused: ${r.why}`;
};

describe('ISO-8601 to epoch seconds', () => {
  it('converts Z, offsets in every written form, and fractions exactly', () => {
    expect(seconds('2023-10-01T10:00:00Z')).toBe('1696154400');
    expect(seconds('2023-10-01t10:00:00z')).toBe('1696154400');
    expect(seconds('2023-10-01 10:00:00Z')).toBe('1696154400');
    expect(seconds('2023-10-01T12:30:00+02:30')).toBe('1696154400');
    expect(seconds('2023-10-01T04:30:00-0530')).toBe('1696154400');
    expect(seconds('2023-10-01T11:00:00+01')).toBe('1696154400');
    expect(seconds('2023-10-01T10:00Z')).toBe('1696154400');
    expect(seconds('2023-10-01T10:00:00.123Z')).toBe('1696154400.123');
    expect(seconds('2023-10-01T10:00:00,5000Z')).toBe('1696154400.5');
    expect(seconds('2023-10-01T10:00:00.000Z')).toBe('1696154400');
    // Nine digits, more than a double holds exactly next to ten integer digits: the text is exact all the same.
    expect(seconds('2023-10-01T10:00:00.123456789Z')).toBe('1696154400.123456789');
    expect(seconds('1970-01-01T00:00:00Z')).toBe('0');
    expect(seconds('1969-12-31T23:59:50.5Z')).toBe('-9.5');
    expect(seconds('1969-12-31T23:59:59.75Z')).toBe('-0.25');
    expect(seconds('2024-02-29T00:00:00Z')).toBe('1709164800');
    expect(seconds('2000-02-29T00:00:00Z')).toBe('951782400');
  });

  it('agrees with Date.parse to the millisecond over many instants and offsets', () => {
    for (let i = 0; i < 500; i++) {
      const ms = Math.round((i * 7919.123457 - 1500) * 3_600_000) + (i % 1000);
      const offsetMinutes = ((i * 37) % 28) * 30 - 12 * 60;
      const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      const iso = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      expect(Date.parse(iso)).toBe(ms);
      expect(seconds(iso), iso).toBe(String(ms / 1000));
    }
  });

  it('refuses what it cannot convert without guessing', () => {
    expect(seconds('2023-10-01T10:00:00')).toMatch(/no timezone \(naive\)/);
    expect(seconds('2023-10-01')).toMatch(/date without a time/);
    expect(seconds('2023-02-29T10:00:00Z')).toMatch(/out of range/);
    expect(seconds('2023-10-01T24:00:00Z')).toMatch(/out of range/);
    expect(seconds('2023-10-01T10:00:60Z')).toMatch(/out of range/);
    expect(seconds('2023-10-01T10:00:00+25:00')).toMatch(/invalid timezone offset/);
    expect(seconds('20231001T100000Z')).toMatch(/not an ISO-8601 date-time/);
    expect(seconds('yesterday')).toMatch(/not an ISO-8601 date-time/);
  });
});

const shape = (body: string, section = 'python') => `${section}:\n  shapes:\n    - match: { type: [agent_started] }\n${body}`;

describe('shape config', () => {
  it('derives ids from the first discriminating value, all values when two shapes share it', () => {
    const { spec } = parseConfig(
      'python:\n  shapes:\n    - { match: { type: [a, b] } }\n    - { match: { type: [a, c] } }\n    - { match: { kind: [x] } }\ntypescript:\n  shapes:\n    - { id: ev, match: { type: [a] } }\n',
      FILE,
    );
    expect(spec.python.shapes!.map((s) => s.id)).toEqual(['python.shapes/type=a,b', 'python.shapes/type=a,c', 'python.shapes/kind=x']);
    expect(spec.typescript.shapes!.map((s) => s.id)).toEqual(['ev']);
  });

  it('names the field of each mistake', () => {
    const cases: [string, string, RegExp][] = [
      [shape('      rename: { "user-name": user_id }\n'), 'python.shapes[0].rename.user-name', /expected a key name/],
      [shape('      nest: data\n      colour: blue\n'), 'python.shapes[0].colour', /unknown field/],
      [shape('      convert: to_epoch(x)\n      timestamps: { time: timestamp }\n'), 'python.shapes[0].convert', /\$VALUE/],
      ['python:\n  shapes:\n    - match: {}\n', 'python.shapes[0].match', /at least one discriminating key/],
      [shape('      rename: { time: ts }\n      timestamps: { time: timestamp }\n'), 'python.shapes[0].timestamps.time', /already renamed/],
      [shape('      rename: { user: user_id, uid: user_id }\n'), 'python.shapes[0].rename.uid', /two keys would become "user_id"/],
      [shape('      rename: { user: uid, uid: user_id }\n'), 'python.shapes[0].rename.user', /chains are not allowed/],
      [shape('      keep: [thread_id]\n'), 'python.shapes[0].keep', /`nest` is not set/],
      [shape('      rename: { type: event_type }\n      nest: event_type\n'), 'python.shapes[0].nest', /also a key of the shape's top level/],
      [shape('      rename: { user: user_id }\n      require: [user]\n'), 'python.shapes[0].require[0]', /require the canonical one/],
      [shape('      convert: to_epoch($VALUE)\n', 'typescript'), 'typescript.shapes[0].convert', /no `timestamps`/],
    ];
    for (const [yaml, field, message] of cases) {
      const err = configError(yaml);
      expect(err.code, yaml).toBe('E_CONFIG_INVALID');
      expect(err.issues.map((i) => i.field), yaml).toContain(field);
      expect(err.issues.map((i) => i.message).join('\n'), yaml).toMatch(message);
    }
  });
});
