/**
 * How the benchmark measures a command: wall time, CPU and peak RSS from a python3 wrapper
 * (`getrusage(RUSAGE_CHILDREN)`: for a pipeline, its largest process), medians of samples, and a plain text table.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';

/** Runs a command, returning wall seconds and peak RSS (MB) of its process tree's largest process. */
const MEASURE = String.raw`
import json, resource, subprocess, sys, time
cwd = sys.argv[1]
t = time.perf_counter()
p = subprocess.run(sys.argv[2:], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
scale = 1 if sys.platform == "darwin" else 1024
print(json.dumps({"wall": wall, "rss": ru.ru_maxrss * scale / 1e6, "cpu": ru.ru_utime + ru.ru_stime, "code": p.returncode,
                  "stdout": p.stdout.decode(errors="replace")[-4000:], "stderr": p.stderr.decode(errors="replace")[-2000:]}))
`;

/** One run of a command: wall and CPU seconds, peak RSS in MB, and the load average when it ended. */
export interface Sample {
  wall: number;
  rss: number;
  cpu: number;
  load: number;
}

/** Run `argv` in `cwd` once, measured; an exit code outside `okCodes` is an error naming the command. */
export function measure(name: string, cwd: string, argv: string[], okCodes = [0]): Sample & { stdout: string } {
  const r = spawnSync('python3', ['-c', MEASURE, cwd, ...argv], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) throw new Error(`python3 is needed to measure (${r.error?.message ?? r.stderr})`);
  const m = JSON.parse(r.stdout) as { wall: number; rss: number; cpu: number; code: number; stdout: string; stderr: string };
  if (!okCodes.includes(m.code)) throw new Error(`${name} exited ${m.code}: ${m.stderr}`);
  return { wall: m.wall, rss: m.rss, cpu: m.cpu, load: os.loadavg()[0]!, stdout: m.stdout };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** `x` to `digits` decimals, as a number (for results.json). */
export const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Medians of a tool's samples, and the samples themselves. */
export interface Summary {
  wall: number;
  rss: number;
  cpu: number;
  samples: Sample[];
}

export const summarize = (samples: Sample[]): Summary => ({
  wall: round(median(samples.map((s) => s.wall))),
  rss: round(median(samples.map((s) => s.rss)), 1),
  cpu: round(median(samples.map((s) => s.cpu))),
  samples: samples.map((s) => ({ wall: round(s.wall), rss: round(s.rss, 1), cpu: round(s.cpu), load: round(s.load, 2) })),
});

/** Rows as aligned columns: the first left-aligned, the others right-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

/** Wall, CPU and peak RSS of a summary, formatted for a table. */
export const fmt = (s: Summary) => [`${s.wall.toFixed(2)} s`, `${s.cpu.toFixed(1)} s`, `${s.rss.toFixed(0)} MB`];
