/**
 * The "Examples:" section of each command's `--help`: real invocations, each with what it does. cli.ts adds them
 * after the options; test/help-examples.test.ts parses every one with the program and runs those that need no
 * placeholder on a copy of the bundled example.
 */

/** One example: the command line as typed, and a short note on what it does. */
export interface Example {
  line: string;
  note: string;
}

/** Examples per command name. */
export const EXAMPLES: Readonly<Record<string, readonly Example[]>> = {
  init: [
    { line: 'canonize init', note: 'a commented starter config here' },
    { line: 'canonize init --preset websocket-ssot --force', note: 'a bundled preset, replacing the config' },
    { line: "canonize init --discover . --focus '*WebSocketManager' --force", note: 'propose moves from this tree' },
  ],
  plan: [
    { line: 'canonize plan', note: 'summary of the edits and batches' },
    { line: 'canonize plan -o plan.json', note: 'save the plan for diff / apply' },
    { line: 'canonize plan --batch-by dir:2 --json', note: 'the plan as JSON, batched by directory' },
  ],
  diff: [
    { line: 'canonize diff', note: 'the unified diff of what apply would write' },
    { line: 'canonize diff --stat', note: 'a diffstat' },
    { line: 'canonize diff --patch canonize.patch --no-pager', note: 'also write a patch for git apply' },
  ],
  apply: [
    { line: 'canonize apply', note: 'ask batch by batch on a terminal, one key each: y n a d f q ?' },
    { line: 'canonize apply --dry-run', note: 'what would be written, nothing written' },
    { line: "canonize apply --yes --verify 'python3 -m py_compile {files}'", note: 'apply all, verifying each batch' },
  ],
  rollback: [
    { line: 'canonize rollback --list', note: 'the runs in the journal' },
    { line: 'canonize rollback', note: 'undo the latest run' },
    { line: 'canonize rollback RUN_ID --force', note: 'undo that run, even over later changes' },
  ],
  check: [
    { line: 'canonize check', note: 'exit 1 while a legacy site remains' },
    { line: 'canonize check --changed-since origin/main --format github', note: 'only changed files, as annotations' },
    { line: 'canonize check --baseline baseline.json', note: 'fail only on sites beyond the baseline' },
  ],
  audit: [
    { line: 'canonize audit', note: 'what is still fragmented, and the compliance %' },
    { line: 'canonize audit --markdown > audit.md', note: 'the report for a pull request' },
    { line: 'canonize audit --write-baseline baseline.json', note: 'also write a baseline for check' },
  ],
  retire: [
    { line: 'canonize retire --dry-run', note: 'each legacy module: delete, shim or keep, and why' },
    { line: 'canonize retire', note: 'ask module by module on a terminal, one key each: y n a d f q ?' },
    { line: 'canonize retire --yes --allow-dirty', note: 'delete and shim them, one journaled batch per module' },
  ],
  test: [
    { line: 'canonize test', note: 'the cases in canonize-tests/ beside the config' },
    { line: 'canonize test rules/tests --json', note: 'another folder, results as JSON' },
    { line: 'canonize test --update', note: 'write the actual outputs as the expected ones (then review: git diff canonize-tests/)' },
  ],
  schema: [
    { line: 'canonize schema > canonize.config.schema.json', note: 'the config schema, for an editor' },
    { line: 'canonize schema plan', note: 'the schema of `plan --json`' },
  ],
  completion: [
    { line: 'canonize completion bash > ~/.local/share/bash-completion/completions/canonize', note: 'bash' },
    { line: 'canonize completion zsh > "${fpath[1]}/_canonize"', note: 'zsh (or: eval "$(canonize completion zsh)")' },
    { line: 'canonize completion fish > ~/.config/fish/completions/canonize.fish', note: 'fish' },
  ],
};

/** The text commander prints after a command's options. */
export function examplesHelp(examples: readonly Example[]): string {
  const width = Math.max(...examples.map((e) => e.line.length));
  return `\nExamples:\n${examples.map((e) => `  ${e.line.padEnd(width)}  # ${e.note}`).join('\n')}\n`;
}
