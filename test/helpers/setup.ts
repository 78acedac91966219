/**
 * Vitest setup file, run before each test file: the hooks every file gets. Files share their workers' modules
 * (`isolate: false` in vitest.config.ts), so a hook registered at a helper module's top level would run for the
 * first file only; registered here, it runs for each.
 */
import { afterEach } from 'vitest';
import { removeTempTrees } from './tmp.js';

afterEach(removeTempTrees);
