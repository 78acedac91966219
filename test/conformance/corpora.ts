/**
 * The corpora the conformance run uses, in two sizes: `sample` (what `npm test` runs, well under two minutes on
 * two busy cores) and `full` (`npm run conformance`). Seeds are fixed, so every run draws the same relocations.
 */
import type { PreparedCorpus } from './common.js';
import { prepareJsCorpus } from './js-corpus.js';
import { preparePythonCorpus } from './python-corpus.js';
import { preparePythonShapeCorpus, prepareTsShapeCorpus } from './shape-corpus.js';
import { prepareTsCorpus } from './ts-corpus.js';

export interface CorpusSpec {
  name: string;
  /** Prepare the corpus with its own seed, or another one (to draw other relocations). */
  prepare: (seed?: number) => PreparedCorpus;
}

/** Standard-library packages the sample takes (with their own tests under test/ left out). */
const PYTHON_SAMPLE = ['email', 'json', 'http', 'urllib', 'logging', 'xml', 'importlib', 'concurrent', 'asyncio', 'collections', 'unittest'];

export const SAMPLE: readonly CorpusSpec[] = [
  {
    name: 'cpython-stdlib (sample)',
    prepare: (seed = 12) => preparePythonCorpus('py-sample', { only: PYTHON_SAMPLE, seed, moves: 6, calls: 3, minImporters: 3, minCallers: 2 }),
  },
  { name: 'rxjs 7 src (sample)', prepare: (seed = 7) => prepareTsCorpus('rxjs-sample', { pkg: 'rxjs', seed, moves: 5, calls: 2, plant: { views: 5 } }) },
  // CommonJS JavaScript (tsc's output): about 6 s, two tsc runs of most of it.
  { name: 'rxjs 7 dist/cjs (sample)', prepare: (seed = 7) => prepareJsCorpus('rxjs-cjs-sample', { pkg: 'rxjs', dir: 'dist/cjs', seed, moves: 10 }) },
  // The shape rule over the files that hold most of the corpora's event-like literals (logging configs, optparse
  // options; zod's issue lists, where one literal is of two shapes).
  {
    name: 'cpython-stdlib shapes (sample)',
    prepare: () => preparePythonShapeCorpus('py-shapes-sample', { only: ['logging', 'optparse.py', 'test/test_logging.py', 'test/test_optparse.py'], shapes: 4, minLiterals: 5, maxValues: 60 }),
  },
  { name: 'zod 4 src shapes (sample)', prepare: () => prepareTsShapeCorpus('zod-shapes-sample', { pkg: 'zod', onlyDirs: ['src/v4/core/tests'], shapes: 3, minLiterals: 3, maxValues: 60 }) },
];

export const FULL: readonly CorpusSpec[] = [
  {
    name: 'cpython-stdlib',
    prepare: (seed = 12) => preparePythonCorpus('py-full', { seed, moves: 12, calls: 6, minImporters: 5, minCallers: 3 }),
  },
  { name: 'zod 4 src', prepare: (seed = 12) => prepareTsCorpus('zod-full', { pkg: 'zod', seed, moves: 8, calls: 3, plant: { views: 8 } }) },
  { name: 'rxjs 7 src', prepare: (seed = 12) => prepareTsCorpus('rxjs-full', { pkg: 'rxjs', seed, moves: 8, calls: 3, plant: { views: 8 } }) },
  { name: 'rxjs 7 dist/cjs', prepare: (seed = 12) => prepareJsCorpus('rxjs-cjs', { pkg: 'rxjs', dir: 'dist/cjs', seed, moves: 10 }) },
  { name: 'yaml 2 dist (cjs)', prepare: (seed = 12) => prepareJsCorpus('yaml-cjs', { pkg: 'yaml', dir: 'dist', seed, moves: 8 }) },
  // The shape rule: shapes declared from the literals the corpus holds (shape-corpus.ts); no seed, nothing drawn.
  { name: 'cpython-stdlib shapes', prepare: () => preparePythonShapeCorpus('py-shapes', { shapes: 4, minLiterals: 5, maxValues: 60 }) },
  { name: 'zod 4 src shapes', prepare: () => prepareTsShapeCorpus('zod-shapes', { pkg: 'zod', shapes: 4, minLiterals: 5, maxValues: 60 }) },
  { name: 'rxjs 7 src shapes', prepare: () => prepareTsShapeCorpus('rxjs-shapes', { pkg: 'rxjs', shapes: 3, minLiterals: 3, maxValues: 60 }) },
];
