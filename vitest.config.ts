import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/helpers/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that run bin/canonize.js need dist/ to match the sources.
    globalSetup: ['test/helpers/build.ts'],
    // The hooks every file gets (temp trees removed after each test).
    setupFiles: ['test/helpers/setup.ts'],
    // Many files spend much of their time waiting for the processes they start (the CLI, git, python3, tsc), so
    // one worker more than the cores keeps them busy; vitest's default (the cores less one) runs one file at a
    // time on two cores.
    maxWorkers: availableParallelism() + 1,
    // The long serial files start first, so that none of them is the last one running (test/helpers/sequencer.ts).
    sequence: { sequencer: SlowFirstSequencer },
    // A worker's files share its modules (the sources, typescript, tree-sitter are loaded once per worker rather
    // than once per file). No test relies on a fresh module: temp trees are removed by the setup file, and the
    // tests that patch a module (fs, fs/promises) restore it.
    isolate: false,
    // A passing run prints vitest's summary alone; a failing test's console output is still shown.
    silent: 'passed-only',
    // Limits that only stop a hung test: on two cores shared with other work, a test that starts real processes
    // (the workflow's shard plans, the kill suites) can take several times its quiet duration.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
