// The deprecation shims of `canonize retire`, byte for byte (test/__fixtures__/retire/: `<case>.legacy.<ext>` →
// `<case>.shim.<ext>`), rendering a shim again gives the same bytes, and the shims work for real: `python3` compiles
// and imports them (the moved names warn and are the canonical objects), `tsc` type-checks a project importing one.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { dominantEol } from '../src/core/source.js';
import { languageForPath } from '../src/languages/registry.js';
import { compileResidueTargets } from '../src/residue/targets.js';
import { legacyShape } from '../src/retire/legacy.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { tempTree } from './helpers/tmp.js';

const DIR = join(FIXTURES_DIR, 'retire');
const UPDATE = process.env.RETIRE_FIXTURES_UPDATE === '1';

function shimOf(name: string, text: string, ext: string) {
  const config = parseConfig(readFileSync(join(DIR, `${name}.config.yaml`), 'utf8'), `${name}.config.yaml`);
  const targets = compileResidueTargets({ python: config.spec.python, typescript: config.spec.typescript });
  const legacy = ext === 'py' ? targets.python.modules[0]! : targets.typescript.modules[0]!;
  const path = ext === 'py' ? `${legacy.module.replace(/\./g, '/')}.py` : legacy.module;
  return legacyShape(text, dominantEol(text), path, languageForPath(path)!, legacy);
}

const cases = readdirSync(DIR).flatMap((f) => {
  const m = /^(.+)\.legacy\.([a-z]+)$/.exec(f);
  return m ? [[m[1]!, m[2]!] as const] : [];
});

describe('shim fixtures', () => {
  it('has cases in both languages', () => {
    expect(new Set(cases.map(([, ext]) => ext))).toEqual(new Set(['py', 'ts']));
  });

  it.each(cases)('%s (.%s)', (name, ext) => {
    const input = readFileSync(join(DIR, `${name}.legacy.${ext}`), 'utf8');
    const shape = shimOf(name, input, ext);
    expect(shape.blockers).toEqual([]);
    const expectedFile = join(DIR, `${name}.shim.${ext}`);
    if (UPDATE || !existsSync(expectedFile)) writeFileSync(expectedFile, shape.shim);
    const expected = readFileSync(expectedFile);
    expect(Buffer.from(shape.shim, 'utf8').toString('latin1')).toBe(expected.toString('latin1'));
    // A shim read again is recognised, and rendered again gives the same bytes.
    const again = shimOf(name, shape.shim, ext);
    expect(again.isShim).toBe(true);
    expect(again.shim).toBe(shape.shim);
    expect(again.stays).toEqual(shape.stays);
  });
});

const fixture = (file: string) => readFileSync(join(DIR, file), 'utf8');
const python = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!python)('a Python shim, imported by python3', () => {
  const tree = () => tempTree({
    'app/__init__.py': '',
    'app/canonical.py':
      'class Manager:\n    pass\n\n\nclass Client:\n    pass\n\n\nclass Connection:\n    pass\n\n\nclass Registry:\n    name = "registry"\n\n\ndef create_manager():\n    return Manager()\n',
    'app/legacy.py': fixture('partial.shim.py'),
    'app/utils.py': 'import os\n\nSEPARATOR = os.sep\n\n\ndef new_name(path):\n    return path.split(SEPARATOR)\n',
    'app/old_utils.py': fixture('whole.shim.py'),
    'app/crlf.py': fixture('crlf.shim.py').replace('from app.canonical import Session', 'from app.canonical import Manager as Session'),
    'probe.py': [
      'import warnings',
      'warnings.simplefilter("always")',
      'import app.canonical, app.utils',
      'with warnings.catch_warnings(record=True) as quiet:',
      '    import app.legacy, app.old_utils, app.crlf',
      'assert quiet == [], [str(w.message) for w in quiet]',
      'with warnings.catch_warnings(record=True) as caught:',
      '    from app.legacy import OldManager, _OldManagerImpl, make_manager, describe',
      '    from app.old_utils import old_name, SEPARATOR',
      '    from app.crlf import Client',
      'assert OldManager is app.canonical.Manager and _OldManagerImpl is app.canonical.Manager',
      'assert make_manager is app.canonical.create_manager and old_name is app.utils.new_name and SEPARATOR == app.utils.SEPARATOR',
      'assert Client is app.canonical.Client',
      'assert describe(OldManager()).endswith("in registry")',
      'for w in caught:',
      '    assert w.category is DeprecationWarning and w.filename.endswith("probe.py"), (w.category, w.filename)',
      '    print(w.message)',
      'try:',
      '    app.legacy.nothing',
      'except AttributeError as e:',
      '    print("AttributeError:", e)',
      'with warnings.catch_warnings(record=True) as star:',
      '    exec("from app.legacy import *", {})',
      'print("star:", len(star))',
      '',
    ].join('\n'),
  });

  it('compiles, imports without a warning, and hands out the canonical objects with one DeprecationWarning each', () => {
    const dir = tree();
    execFileSync('python3', ['-m', 'py_compile', 'app/legacy.py', 'app/old_utils.py', 'app/crlf.py'], { cwd: dir });
    const out = execFileSync('python3', ['probe.py'], { cwd: dir, encoding: 'utf8' });
    expect(out).toBe(
      [
        'app.legacy.OldManager is deprecated: use `from app.canonical import Manager`',
        'app.legacy._OldManagerImpl is deprecated: use `from app.canonical import Manager`',
        'app.legacy.make_manager is deprecated: use `from app.canonical import create_manager`',
        'app.old_utils.old_name is deprecated: use `from app.utils import new_name`',
        'app.old_utils.SEPARATOR is deprecated: use `from app.utils import SEPARATOR`',
        'app.crlf.Client is deprecated: use `from app.canonical import Client`',
        "AttributeError: module 'app.legacy' has no attribute 'nothing'",
        // __all__ keeps the moved names: a star import still gets them, and warns for each.
        'star: 3',
        '',
      ].join('\n'),
    );
  });
});

describe.skipIf(!python)('a Python shim whose staying code uses a moved definition, imported by python3', () => {
  it('binds the canonical object in its place: staying code and importers get it, with no warning', () => {
    const dir = tempTree({
      'app/__init__.py': '',
      'app/canonical.py': 'class Manager:\n    pass\n\n\nclass Client:\n    pass\n\n\ndef create_manager():\n    return Manager()\n',
      'app/rebind.py': fixture('rebind.shim.py'),
      'app/unused.py': fixture('unused.shim.py'),
      'probe.py': [
        'import warnings',
        'warnings.simplefilter("error")',
        'import app.rebind as legacy',
        'from app.canonical import Manager',
        'print(type(legacy.make_manager()) is Manager, issubclass(legacy.AuditedManager, Manager))',
        'from app.rebind import OldManager',
        'print(OldManager is Manager)',
        'from app.unused import Config',
        'print(Config.name)',
        '',
      ].join('\n'),
    });
    execFileSync('python3', ['-m', 'py_compile', 'app/rebind.py', 'app/unused.py'], { cwd: dir });
    expect(execFileSync('python3', ['probe.py'], { cwd: dir, encoding: 'utf8' })).toBe('True True\nTrue\nsys\n');
  });
});

describe('a TypeScript shim, type-checked by tsc', () => {
  it('compiles in a project that imports its moved and staying names', () => {
    const dir = tempTree({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, isolatedModules: true, module: 'ESNext', moduleResolution: 'bundler', target: 'ES2022', baseUrl: '.', paths: { '@/*': ['src/*'] }, types: [] }, include: ['src'] }),
      'src/services/client.ts':
        'export interface ClientOptions { url: string }\nexport type State = "open" | "closed";\nexport class Client { constructor(readonly options: ClientOptions) {} }\nexport const createClient = (options: ClientOptions) => new Client(options);\n',
      'src/legacy/client.ts': fixture('exports.shim.ts'),
      // Its staying Wrapper uses the moved OldClient and OldOptions: the shim imports the canonical ones for it.
      'src/legacy/uses.ts': fixture('uses.shim.ts'),
      'src/wrapped.ts': "import { Wrapper, OldClient, type OldOptions } from './legacy/uses';\nconst options: OldOptions = { url: 'ws://x' };\nconst client: OldClient = new Wrapper(options).client;\nexport const url: string = client.options.url;\n",
      'src/app.ts':
        "import { OldClient, createOld, LegacyWrapper, type OldState, type ClientOptions, type LegacyEvent } from './legacy/client';\nconst options: ClientOptions = { url: 'ws://x' };\nconst c: OldClient = createOld(options);\nconst s: OldState = 'open';\nconst e: LegacyEvent = { type: s };\nexport const all = [c, new LegacyWrapper(c, options), e];\n",
    });
    const tsc = join(import.meta.dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
