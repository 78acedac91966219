// The project index's importers of names: which modules other files import a name from, found in the text of
// every Python file of the tree (absolute, relative, parenthesised, continued and aliased imports).
import { describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../src/planner/project-index.js';
import type { Transform } from '../src/core/types.js';
import { tempTree } from './helpers/tmp.js';

const asking = (...names: string[]): Transform => ({ id: 'asks', languages: ['python'], needles: [], facts: { python: { importersOf: names } }, run() {} });

describe('pythonImportedFrom', () => {
  it('records the modules other files import the asked names from, in every spelling of a from-import', async () => {
    const dir = tempTree({
      'pkg/__init__.py': '',
      'pkg/reexport.py': 'from helper import TESTFN, unlink\n',
      'pkg/sub/__init__.py': '',
      'pkg/sub/user.py': 'from ..reexport import (\n    TESTFN,  # the file name\n    other,\n)\nfrom ..reexport import unlink as rm\n',
      'flat.py': 'from pkg.reexport import \\\n    TESTFN\nimport pkg.reexport\n',
      'comment.py': '# from pkg.comment import unlink\nx = "from pkg.str import unlink"\n',
      'node_modules/x.py': 'from pkg.hidden import TESTFN\n',
    });
    const index = await buildProjectIndex(dir, ['.'], [asking('TESTFN', 'unlink')]);
    expect(index.pythonImportedFrom).toEqual({
      helper: ['TESTFN', 'unlink'],
      'pkg.reexport': ['TESTFN', 'unlink'],
    });
  });

  it('records a name read as an attribute of a module (logging.weakref), as the module is written', async () => {
    const dir = tempTree({ 'test_x.py': 'import logging\n\nref = logging.weakref.ref\nself.weakref = 1\nxweakref = 2\n' });
    expect((await buildProjectIndex(dir, ['.'], [asking('weakref')])).pythonImportedFrom).toEqual({ logging: ['weakref'] });
  });

  it('is absent when no rule asks, and empty when nothing imports the names', async () => {
    const dir = tempTree({ 'a.py': 'from b import c\n' });
    expect((await buildProjectIndex(dir, ['.'], [])).pythonImportedFrom).toBeUndefined();
    expect((await buildProjectIndex(dir, ['.'], [asking('zzz')])).pythonImportedFrom).toEqual({});
  });

  it('counts modules from the source roots', async () => {
    const dir = tempTree({ 'src/app/a.py': 'from .b import Name\n', 'src/app/__init__.py': '' });
    expect((await buildProjectIndex(dir, ['src'], [asking('Name')])).pythonImportedFrom).toEqual({ 'app.b': ['Name'] });
  });
});
