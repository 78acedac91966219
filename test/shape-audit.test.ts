// The shape rule end to end on a real temp tree, through the command line: audit lists each shape's producers and
// consumers (JSON and Markdown), apply makes both sides canonical, check then passes, and rollback restores the
// tree byte for byte.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../src/audit/audit.js';
import { readTree, runCli, tempTree } from './helpers/tmp.js';

// One shape for both sections, as a YAML anchor: explicit ids are unique across the config, so it has none; the
// derived ids name the section (python.shapes/type=agent_started, typescript.shapes/...).
const SHAPE = `      match: { type: [agent_started, agent_completed] }
      rename: { type: event_type, user: user_id }
      timestamps: { time: timestamp }
      nest: data
      require: [thread_id]
      types: [LegacyAgentEvent]
`;
const CONFIG = `version: 1\npython:\n  shapes:\n    - &agent-event\n${SHAPE}typescript:\n  shapes:\n    - *agent-event\n`;

const FILES = {
  'canonize.config.yaml': CONFIG,
  'backend/emit.py': `def started(thread_id):\n    return {"type": "agent_started", "thread_id": thread_id, "time": "2023-10-01T10:00:00Z", "agent_name": "a"}\n`,
  'backend/done.py': `DONE = {"event_type": "agent_completed", "thread_id": "t", "timestamp": 1.0, "data": {}}\n`,
  'backend/handle.py': `from events import LegacyAgentEvent\n\n\ndef handle(evt: LegacyAgentEvent):\n    return evt["type"], evt.get("agent_name")\n`,
  'web/handle.ts': `import type { LegacyAgentEvent } from './events';\nexport const name = (evt: LegacyAgentEvent) => (evt.type === 'agent_started' ? evt.agent_name : evt.user);\n`,
};

describe('shape rule on a tree', () => {
  it('audit lists producers and consumers per shape; apply makes them canonical; check passes; rollback restores', async () => {
    const dir = tempTree(FILES);
    const before = readTree(dir);
    const audit = await runCli(['audit', '--json'], { cwd: dir });
    const report = JSON.parse(audit.stdout) as AuditReport;
    const rows = (report.shapes ?? []).map((c) => `${c.rule} ${c.role} ${c.form} ${c.symbol} ${c.status} ${c.sites}/${c.files}`);
    expect(rows).toEqual([
      'python.shapes/type=agent_started consumer read agent_name legacy 1/1',
      'python.shapes/type=agent_started consumer read type legacy 1/1',
      'python.shapes/type=agent_started producer literal agent_completed canonical 1/1',
      'python.shapes/type=agent_started producer literal agent_started legacy 1/1',
      'typescript.shapes/type=agent_started consumer read agent_name legacy 1/1',
      'typescript.shapes/type=agent_started consumer read type legacy 1/1',
      'typescript.shapes/type=agent_started consumer read user legacy 1/1',
    ]);
    expect(report.legacySites.filter((s) => s.form.startsWith('shape:')).map((s) => `${s.path}:${s.line} ${s.message}`)).toContain(
      'backend/emit.py:2 "agent_started" event literal in its legacy shape',
    );
    const markdown = await runCli(['audit', '--markdown'], { cwd: dir });
    expect(markdown.stdout).toContain('### Event shapes');
    expect(markdown.stdout).toContain('| `python.shapes/type=agent_started` | producer | literal | `agent_started` | legacy | 1 | 1 |');

    expect((await runCli(['check'], { cwd: dir })).code).toBe(1);
    const applied = await runCli(['apply', '--yes'], { cwd: dir });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const after = readTree(dir);
    expect(after['backend/emit.py']!.toString()).toBe(
      `def started(thread_id):\n    return {"event_type": "agent_started", "thread_id": thread_id, "timestamp": 1696154400.0, "data": {"agent_name": "a"}}\n`,
    );
    expect(after['backend/handle.py']!.toString()).toContain('return evt["event_type"], evt.get("data", {}).get("agent_name")');
    expect(after['web/handle.ts']!.toString()).toContain("evt.event_type === 'agent_started' ? evt.data.agent_name : evt.user_id");
    const check = await runCli(['check'], { cwd: dir });
    expect(check.code, check.stdout + check.stderr).toBe(0);

    expect((await runCli(['rollback'], { cwd: dir })).code).toBe(0);
    const restored = readTree(dir);
    for (const [path, bytes] of Object.entries(before)) expect(restored[path]?.equals(bytes), path).toBe(true);
  });

  it('check fails on a read of a legacy key nothing proves is an event, and passes once the line is marked', async () => {
    const read = `from events import AGENT_STARTED\n\n\ndef kind(msg):\n    return msg["type"] == AGENT_STARTED  # agent_started\n`;
    const dir = tempTree({ 'canonize.config.yaml': CONFIG, 'backend/kind.py': read });
    const check = await runCli(['check', '--json'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('read of the event key \\"type\\"');
    const plan = await runCli(['plan', '--json'], { cwd: dir });
    expect(plan.stdout).toContain('msg[\\"type\\"] reads legacy key \\"type\\" (canonical \\"event_type\\")');
    writeFileSync(join(dir, 'backend/kind.py'), read.replace('# agent_started', '# agent_started  canonize: ignore'));
    expect((await runCli(['check'], { cwd: dir })).code).toBe(0);
  });
});
