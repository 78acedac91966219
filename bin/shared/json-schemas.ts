/**
 * The schemas of every `--json` output (docs/json.md), written once in zod: `canonize schema OUTPUT` prints each as
 * a JSON Schema (draft 2020-12; `npm run schema` writes them to schema/json/), and test/json-contract.test.ts
 * validates every command's real output against those files. Objects are closed (no field the schema does not
 * name), so a field added to an output without its schema fails the test; rule ids are opaque strings.
 */
import { z } from 'zod';
import { ERROR_CODES, FAIL_CODES, PLAN_VERSION, SKIP_CODES, type ErrorCode } from '../../src/index.js';
import { JSON_FORMAT_VERSION } from './json-output.js';

const count = z.int().nonnegative();
const skipCode = z.enum(SKIP_CODES).describe('why the file was not processed (docs/json.md, "Skip and fail codes")');
const failCode = z.enum(FAIL_CODES).describe('why planning the file failed (docs/json.md, "Skip and fail codes")');
const batchId = z.string().describe('a batch id: stable, derived from the batch\'s key (docs/engine.md, "Batches")');
const journalBatch = count.describe('the batch\'s position in the plan the run applied (how the journal numbers its batches)');
const line = z.int().positive().describe('1-based line');
const column = z.int().positive().describe('1-based column, in UTF-16 code units');
const rule = z.string().describe('the id of the rule (opaque)');
const severity = z.enum(['info', 'warning', 'error']);
const counts = z.record(z.string(), count);
const version = z.literal(JSON_FORMAT_VERSION).describe('the version of this output format');

const finding = z.object({ rule, line, column, message: z.string(), severity });
/** A finding with the file it is in (apply's reports). */
const locatedFinding = z.object({ path: z.string(), line, column, severity, rule, message: z.string() });

const edit = z.object({
  start: count.describe('offset of the span start, in UTF-16 code units of the text without its BOM'),
  end: count.describe('offset of the span end (exclusive)'),
  line: line.optional().describe('1-based line of `start` (absent only when the file changed since it was planned)'),
  column: column.optional(),
  endLine: line.optional().describe('1-based line of `end`'),
  endColumn: column.optional(),
  text: z.string(),
  rule,
  id: z.string().describe('stable id of the edit'),
});
const fileBase = { path: z.string(), findings: z.array(finding) };
const filePlan = z.discriminatedUnion('outcome', [
  z.object({
    ...fileBase,
    outcome: z.literal('changed'),
    language: z.enum(['python', 'typescript', 'tsx']),
    baseHash: z.string(),
    newHash: z.string().optional(),
    encoding: z.string(),
    bom: z.boolean(),
    edits: z.array(edit),
    batch: batchId,
    op: z.enum(['delete', 'create']).optional().describe('the file is deleted, or created, instead of edited in place'),
  }),
  z.object({ ...fileBase, outcome: z.literal('unchanged') }),
  z.object({ ...fileBase, outcome: z.literal('skipped'), code: skipCode, reason: z.string() }),
  z.object({ ...fileBase, outcome: z.literal('failed'), code: failCode, reason: z.string() }),
]);

/** `plan --json`: the plan file's content, each edit with its line and column. */
const planOutput = z.object({
  version: z.literal(PLAN_VERSION).describe('the plan format version (the same as a plan file\'s)'),
  configHash: z.string(),
  root: z.string(),
  shard: z.object({ index: z.int().positive(), count: z.int().positive() }).optional(),
  files: z.array(filePlan),
  batches: z.array(z.object({ id: batchId, name: z.string(), files: z.array(z.string()) })),
  summary: z.object({
    scanned: count,
    parsed: count,
    changed: count,
    unchanged: count,
    skipped: count,
    failed: count,
    editsByRule: counts,
    skippedByReason: counts,
    findingsByRule: counts,
    parsedByCompiler: count,
  }),
});

/** `check --json`. */
const checkOutput = z.object({
  version,
  ok: z.boolean(),
  violations: z.array(
    z.object({
      path: z.string(),
      rule,
      module: z.string(),
      form: z.string(),
      symbol: z.string(),
      line: line.optional().describe('absent for a pending change, which is about the whole file'),
      column: column.optional(),
      message: z.string(),
    }),
  ),
  unchecked: z.array(z.object({ path: z.string(), reason: z.string() })),
  scanned: count,
  retired: z
    .object({ modules: count.describe('modules canonize retire deleted or shimmed (its record, and the shims found by their marker)') })
    .optional()
    .describe('with --retired: references to them are violations of rule `retired`'),
  baseline: z.object({ file: z.string(), remaining: count, removed: z.array(z.object({ key: z.string(), count })) }).optional(),
  changed: z
    .object({
      since: z.string(),
      scope: z.enum(['changed', 'all']),
      reason: z.string().optional(),
      files: z.array(z.string()),
      dependents: z.array(z.object({ path: z.string(), reason: z.string() })),
      deleted: z.array(z.string()),
      renamed: z.array(z.object({ from: z.string(), to: z.string() })),
    })
    .optional(),
});

const patternCount = z.object({ rule, module: z.string(), form: z.string(), symbol: z.string(), sites: count, files: count });
const located = { path: z.string(), line, column, rule, message: z.string() };

/** `audit --json`: the report (docs/audit.md). */
const auditOutput = z.object({
  version: z.literal(1).describe('the audit report format version'),
  configHash: z.string(),
  scanned: count,
  compliance: z.object({
    definition: z.string(),
    canonical: count,
    legacy: count.describe('the import and call sites of the imports and calls tables'),
    notCounted: count.describe('the other legacy sites (strings, residue, wildcards, …): listed, counted in languages and directories, not in the figure'),
    percent: z.number().nullable(),
  }),
  imports: z.array(patternCount),
  calls: z.array(patternCount),
  strings: z.array(patternCount),
  residue: z.array(patternCount),
  wildcards: z.array(z.object(located)),
  legacySites: z.array(z.object({ ...located, module: z.string(), form: z.string(), symbol: z.string() })),
  singletons: z.array(z.object(located)),
  unsafe: z.array(z.object({ ...located, severity })),
  skipped: z.array(z.object({ path: z.string(), code: z.union([skipCode, failCode]), reason: z.string() })),
  shapes: z
    .array(
      z.object({
        rule,
        role: z.enum(['producer', 'consumer']),
        form: z.enum(['literal', 'built', 'read']),
        symbol: z.string().describe('the discriminating value (producers) or the key read (consumers)'),
        status: z.enum(['legacy', 'canonical']),
        sites: count,
        files: count,
      }),
    )
    .optional()
    .describe('event shapes (docs/shape-rule.md): present only when a shape rule recorded a site'),
  languages: z.array(z.object({ language: z.enum(['python', 'typescript']), legacy: count.describe('every legacy site'), counted: count.describe('the legacy sites in the compliance figure'), canonical: count, files: count })),
  directories: z.array(z.object({ directory: z.string(), legacy: count.describe('every legacy site'), counted: count.describe('the legacy sites in the compliance figure'), files: count })),
});

const restoredFile = z.object({ path: z.string(), batch: journalBatch, outcome: z.enum(['restored', 'original', 'conflict']), reason: z.string().optional() });
const recovered = z.array(z.object({ runId: z.string(), batches: z.array(z.object({ id: journalBatch, name: z.string(), files: z.array(restoredFile) })) }));
const verify = z.object({
  command: z.string(),
  ok: z.boolean(),
  exitCode: z.int().nullable(),
  signal: z.string().nullable(),
  output: z.string(),
  timedOut: z.boolean().optional(),
  timeoutSeconds: z.number().optional(),
});
const batchResult = z.object({
  id: batchId,
  name: z.string(),
  status: z.enum(['applied', 'skipped', 'already-applied', 'rolled-back', 'nothing-to-write', 'not-reached']),
  files: z.array(
    z.object({
      path: z.string(),
      batch: batchId,
      outcome: z.enum(['written', 'unchanged', 'stale', 'failed', 'rolled-back', 'already-applied']),
      reason: z.string().optional(),
      edits: count,
      replanned: z.boolean().optional(),
    }),
  ),
  reason: z.string().optional(),
  verify: verify.optional(),
  commit: z.string().optional(),
});
const notApplied = z.array(z.object({ path: z.string(), outcome: z.enum(['skipped', 'failed']), code: z.union([skipCode, failCode]), reason: z.string() }));

/** `apply --yes --json`. */
const applyOutput = z.object({
  version,
  runId: z.string().nullable(),
  written: count,
  stale: count,
  failed: count,
  rolledBack: count,
  quit: z.boolean(),
  recovered,
  batches: z.array(batchResult),
  notApplied,
  findings: z.array(locatedFinding),
});

/** `apply --dry-run --json`. */
const applyDryRunOutput = z.object({
  version,
  dryRun: z.literal(true),
  changes: z.array(z.object({ path: z.string(), batch: batchId, edits: count, added: count, removed: count })),
  notWritten: z.array(z.object({ path: z.string(), outcome: z.enum(['stale', 'failed']), reason: z.string() })),
  notApplied,
  findings: z.array(locatedFinding),
});

/** `rollback --json`. */
const rollbackOutput = z.object({
  version,
  runId: z.string().optional().describe('absent when there was nothing to roll back'),
  files: z.array(restoredFile),
  restored: count,
  recovered,
  unverified: z.array(z.object({ batch: journalBatch.optional(), path: z.string().optional(), message: z.string() })),
  git: z
    .object({
      commits: z.array(z.string()).describe("the run's batch commits still in HEAD's history, short ids, oldest first"),
      paths: z.array(z.string()).describe('the restored files that differ from HEAD, relative to the root'),
      command: z.string().describe('run in the root, by a shell: the `git commit` of exactly those files that records the undo (a restored file git does not track, one the run deleted, is `git add`ed first)'),
    })
    .optional()
    .describe('only after a run applied with --commit-per-batch whose commits HEAD still holds (docs/engine.md, "Rollback")'),
});

/** `rollback --list --json`. */
const runsOutput = z.object({
  version,
  runs: z.array(
    z.object({
      id: z.string(),
      state: z.enum(['running', 'finished', 'interrupted', 'rolled-back', 'damaged']),
      startedAt: z.string(),
      batches: z.object({ applied: count, rolledBack: count, other: count }),
      files: count,
    }),
  ),
});

/** `retire --dry-run --json` and `retire --yes --json`. */
const retireLocation = { path: z.string().describe('relative to the root'), line, column };
const retireOutput = z.object({
  version,
  modules: z.array(
    z.object({
      language: z.enum(['python', 'typescript']),
      module: z.string().describe("the legacy module as the move's `from` writes it"),
      path: z.string().optional().describe('its file, relative to the root; absent when the tree has none'),
      verdict: z.enum(['delete', 'shim', 'keep']),
      reasons: z.array(z.string()),
      moved: z.array(z.object({ name: z.string().describe('`*`: the whole module'), to: z.string(), newName: z.string(), rule })),
      stays: z.array(z.string()).describe('names it defines or re-exports that do not move'),
      references: z.array(
        z.object({
          ...retireLocation,
          kind: z.string(),
          symbol: z.string(),
          text: z.string(),
          moved: z.boolean().describe('it reaches a name that moves'),
          chain: z.boolean().describe('it re-exports what it reaches'),
        }),
      ),
      sideEffects: z.array(z.object({ line, column, text: z.string() })),
      shim: z.string().optional().describe("with verdict `shim`: the module's new text"),
      alreadyShimmed: z.literal(true).optional(),
      alreadyDeleted: z.literal(true).optional().describe('deleted by an earlier retire (its record in canonize.retired.json)'),
    }),
  ),
  unread: z.array(z.object({ path: z.string(), reason: z.string() })).describe('files the scan could not read'),
  runId: z.string().optional().describe('with --yes: the journal run that wrote the changes (absent when nothing was written)'),
  files: z
    .array(z.object({ path: z.string(), outcome: z.enum(['written', 'unchanged', 'stale', 'failed', 'rolled-back', 'already-applied']), reason: z.string().optional() }))
    .optional()
    .describe('with --yes: each file deleted or shimmed, and what happened to it'),
});

/** `test --json`. */
const testOutput = z.object({
  version,
  config: z.string().describe('the config file the cases were planned with'),
  dir: z.string().describe('the test folder'),
  cases: z.array(
    z.object({
      name: z.string().describe('the input file relative to the test folder, without `.input.<ext>`'),
      input: z.string(),
      path: z.string().describe('the path the file was planned at, relative to the root'),
      ok: z.boolean(),
      outcome: z.enum(['changed', 'unchanged', 'skipped', 'failed', 'not-planned']),
      findings: z.array(z.string()).describe('`line:column severity message [rule]`, as `<case>.findings.txt` holds them'),
      failures: z.array(
        z.object({
          kind: z.enum(['output', 'idempotence', 'findings', 'planning']),
          message: z.string(),
          diff: z.string().optional().describe('unified diff, expected (or the output) to actual (or the output planned again)'),
        }),
      ),
      updated: z.literal(true).optional().describe('with --update: the output file was written (or removed, when the case changes nothing)'),
    }),
  ),
  passed: count,
  failed: count,
  ok: z.boolean(),
});

/** Any command with `--json` that fails. */
const errorOutput = z.object({
  version,
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]).describe('stable code (docs/errors.md)'),
    exit: z.int().describe('the exit status'),
    message: z.string(),
    hint: z.string().optional(),
    file: z.string().optional(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    files: z.array(z.string()).optional(),
    problems: z.array(z.string()).optional(),
    stack: z.string().optional(),
  }),
});

/** Every `--json` output, by the name `canonize schema NAME` and schema/json/NAME.schema.json use. */
export const JSON_OUTPUTS = {
  plan: { schema: planOutput, title: 'canonize plan --json' },
  check: { schema: checkOutput, title: 'canonize check --json' },
  audit: { schema: auditOutput, title: 'canonize audit --json' },
  apply: { schema: applyOutput, title: 'canonize apply --yes --json' },
  'apply-dry-run': { schema: applyDryRunOutput, title: 'canonize apply --dry-run --json' },
  rollback: { schema: rollbackOutput, title: 'canonize rollback --json' },
  runs: { schema: runsOutput, title: 'canonize rollback --list --json' },
  test: { schema: testOutput, title: 'canonize test --json' },
  retire: { schema: retireOutput, title: 'canonize retire --dry-run --json, canonize retire --yes --json' },
  error: { schema: errorOutput, title: 'the error of any command run with --json' },
} as const;

export type JsonOutputName = keyof typeof JSON_OUTPUTS;

/** The JSON Schema (draft 2020-12) of one output. */
export function outputJsonSchema(name: JsonOutputName): Record<string, unknown> {
  const { schema, title } = JSON_OUTPUTS[name];
  return z.toJSONSchema(schema.meta({ title }), { io: 'output' }) as Record<string, unknown>;
}
