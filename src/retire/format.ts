/** The text `canonize retire --dry-run` prints: per legacy module its verdict, why, what moves, what is left. */
import type { RetiredModule, RetireReport } from './types.js';

const MAX_REFERENCES = 20;

function moduleLines(m: RetiredModule): string[] {
  const where = m.path ? ` (${m.path})` : '';
  const lines = [`${m.language} ${m.module}${where}: ${m.verdict}${m.alreadyShimmed ? ' (already a shim)' : ''}${m.alreadyDeleted ? ' (already deleted)' : ''}`];
  for (const reason of m.reasons) lines.push(`  why: ${reason}`);
  for (const moved of m.moved) {
    const target = moved.name === '*' ? moved.to : m.language === 'python' ? `${moved.to}.${moved.newName}` : `${moved.newName} from ${moved.to}`;
    lines.push(`  moves: ${moved.name} -> ${target}`);
  }
  if (m.references.length > 0) {
    lines.push(`  references left (${m.references.length}):`);
    for (const r of m.references.slice(0, MAX_REFERENCES)) {
      const notes = [r.moved ? 'moved name' : '', r.chain ? 're-exports it' : ''].filter(Boolean).join(', ');
      lines.push(`    ${r.path}:${r.line}:${r.column} ${r.kind} ${JSON.stringify(r.text)}${notes ? ` (${notes})` : ''}`);
    }
    if (m.references.length > MAX_REFERENCES) lines.push(`    ... and ${m.references.length - MAX_REFERENCES} more (--json lists them all)`);
  }
  if (m.sideEffects.length > 0) {
    const fate = m.verdict === 'delete' ? 'lost when it is deleted' : m.verdict === 'shim' ? 'kept by the shim' : 'left as they are';
    lines.push(`  import-time side effects (${fate}):`);
    for (const s of m.sideEffects) lines.push(`    ${s.line}:${s.column} ${s.text}`);
  }
  return lines;
}

/** The report as text: a summary line, then one block per module. */
export function formatRetireReport(report: RetireReport): string {
  const count = (v: string) => report.modules.filter((m) => m.verdict === v).length;
  const lines = [`${report.modules.length} legacy module(s): ${count('delete')} to delete, ${count('shim')} to shim, ${count('keep')} kept`];
  for (const m of report.modules) lines.push('', ...moduleLines(m));
  if (report.unread.length > 0) {
    lines.push('', 'not scanned (a reference there would be missed):');
    for (const u of report.unread) lines.push(`  ${u.path}: ${u.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
