// TypeScript module resolution over the project index: nearest tsconfig per file, extends chains, solution-style
// configs, specifier spelling checked by resolving back, and config modules that name nothing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CanonizeError } from '../src/core/errors.js';
import { buildTypeScriptIndex } from '../src/languages/typescript/facts.js';
import { resolverFor } from '../src/languages/typescript/resolve.js';
import { spellModule } from '../src/languages/typescript/specifiers.js';
import { fixtureFolder } from './helpers/fixtures.js';
import { runCli, tempTree } from './helpers/tmp.js';

const MONOREPO = join(fixtureFolder('ts-move'), 'monorepo.tree');
const request = (modules: string[] = []) => ({ tsconfigs: ['**/tsconfig.json'], modules: modules.map((spec) => ({ spec, field: 'f' })), exportsOf: modules, needlesOf: modules });

describe('resolution in a monorepo', () => {
  it('resolves each package with its nearest tsconfig, through extends chains', async () => {
    const index = await buildTypeScriptIndex(MONOREPO, [request(['packages/shared/src/legacySocket.ts'])]);
    const r = resolverFor(index);
    // tsconfig.paths.json and tsconfig.base.json are not configs of their own: the compiler folds them in (extends).
    expect(index.configs.map((c) => c.path)).toEqual(['packages/app/tsconfig.json', 'packages/web/tsconfig.json']);
    const legacy = 'packages/shared/src/legacySocket.ts';
    // app extends the base: @shared/*; web extends tsconfig.paths.json, which extends the base and replaces paths.
    expect(r.resolve('@shared/legacySocket', 'packages/app/src/main.ts')).toBe(legacy);
    expect(r.resolve('#shared/legacySocket', 'packages/app/src/main.ts')).toBeUndefined();
    expect(r.resolve('#shared/legacySocket', 'packages/web/src/App.ts')).toBe(legacy);
    expect(r.resolve('@shared/legacySocket', 'packages/web/src/App.ts')).toBeUndefined();
    expect(r.resolve('./lib/socket', 'packages/web/src/App.ts')).toBe('packages/web/src/lib/socket.ts');
    expect(r.configFor('packages/app/src/main.ts')?.path).toBe('packages/app/tsconfig.json');
    // The same canonical module is spelled with each package's own alias.
    const target = { file: 'packages/shared/src/socket.ts' };
    expect(spellModule(r, target, target.file, 'packages/app/src/main.ts', '@shared/legacySocket', 'alias', 'import')).toBe('@shared/socket');
    expect(spellModule(r, target, target.file, 'packages/web/src/App.ts', '#shared/legacySocket', 'alias', 'import')).toBe('#shared/socket');
    expect(spellModule(r, target, target.file, 'packages/web/src/App.ts', '#shared/legacySocket', 'relative', 'import')).toBe('../../shared/src/socket');
    expect(index.exports[legacy]).toEqual(['LegacySocket', 'openSocket']);
    expect(index.needles).toContain('legacySocket');
  });

  it('a solution-style tsconfig defers to the config it references that includes the file', async () => {
    const dir = tempTree({
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }] }),
      'tsconfig.app.json': JSON.stringify({ compilerOptions: { moduleResolution: 'bundler', module: 'esnext', paths: { '~/*': ['./src/*'] } }, include: ['src'] }),
      'src/a.ts': "import { b } from '~/b';\n",
      'src/b.ts': 'export const b = 1;\n',
    });
    const r = resolverFor(await buildTypeScriptIndex(dir, [request()]));
    expect(r.configFor('src/a.ts')?.path).toBe('tsconfig.app.json');
    expect(r.resolve('~/b', 'src/a.ts')).toBe('src/b.ts');
  });

  it('an index module resolves from its directory, and its needles cover `.` / `..` specifiers', async () => {
    const dir = tempTree({ 'src/ws/index.ts': 'export const a = 1;\n', 'src/ws/inner/x.ts': "import { a } from '..';\n" });
    const index = await buildTypeScriptIndex(dir, [request(['src/ws'])]);
    expect(index.modules['src/ws']).toEqual({ file: 'src/ws/index.ts' });
    expect(resolverFor(index).resolve('..', 'src/ws/inner/x.ts')).toBe('src/ws/index.ts');
    expect(index.needles).toEqual(expect.arrayContaining(['ws', "..'"]));
  });
});

describe('exports of CommonJS modules', () => {
  it('lists the names of `exports.a =` and `module.exports = { … }`, and leaves any other use of exports open', async () => {
    const dir = tempTree({
      'tsconfig.json': JSON.stringify({ compilerOptions: { allowJs: true, module: 'commonjs' }, include: ['src'] }),
      'src/dotted.js': "const ws = require('./ws');\nexports.getSocket = ws.getClient;\nmodule.exports.sendMessage = (m) => m;\n",
      'src/literal.js': "module.exports = { a, 'b': 1, c() {} };\n",
      'src/reexport.js': "module.exports = require('./ws');\n",
      'src/reexport-missing.js': "module.exports = require('./nowhere');\n",
      'src/defined.js': "Object.defineProperty(exports, 'a', { value: 1 });\n",
      'src/nested.js': 'if (x) exports.a = 1;\n',
      'src/computed.js': "exports[name] = 1;\n",
      'src/called.js': "module.exports = make();\n",
      'src/passed.js': "register(exports);\n",
      'src/esm.ts': 'export const a = 1;\n',
      'src/ws.js': 'exports.getClient = () => 1;\n',
    });
    const files = ['src/dotted.js', 'src/literal.js', 'src/reexport.js', 'src/reexport-missing.js', 'src/defined.js', 'src/nested.js', 'src/computed.js', 'src/called.js', 'src/passed.js', 'src/esm.ts'];
    const index = await buildTypeScriptIndex(dir, [request(files)]);
    expect(files.map((f) => index.exports[f])).toEqual([['getSocket', 'sendMessage'], ['a', 'b', 'c'], ['getClient'], null, ['a'], null, null, null, null, ['a']]);
  });

  it("lists the names of tsc's CommonJS output: its marker, chains, reads, getters and star re-exports", async () => {
    const dir = tempTree({
      'tsconfig.json': JSON.stringify({ compilerOptions: { allowJs: true, module: 'commonjs' }, include: ['src'] }),
      'src/async.js': [
        '"use strict";',
        'Object.defineProperty(exports, "__esModule", { value: true });',
        'exports.async = exports.asyncScheduler = void 0;',
        'exports.asyncScheduler = new Scheduler();',
        'exports.async = exports.asyncScheduler;',
        '',
      ].join('\n'),
      'src/index.js': [
        '"use strict";',
        'var __exportStar = (this && this.__exportStar) || function (m, exports) {',
        '    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) exports[p] = m[p];',
        '};',
        'Object.defineProperty(exports, "__esModule", { value: true });',
        'exports.map = void 0;',
        'var map_1 = require("./map");',
        'Object.defineProperty(exports, "map", { enumerable: true, get: function () { return map_1.map; } });',
        '__exportStar(require("./async"), exports);',
        '',
      ].join('\n'),
      'src/map.js': 'exports.map = 1;\n',
    });
    const files = ['src/async.js', 'src/index.js'];
    const index = await buildTypeScriptIndex(dir, [request(files)]);
    expect(files.map((f) => index.exports[f])).toEqual([['async', 'asyncScheduler'], ['async', 'asyncScheduler', 'map']]);
  });
});

describe('config modules', () => {
  it('a path that names no file is a config error naming the field; a package name is an external module', async () => {
    const dir = tempTree({
      'canonize.config.yaml': 'version: 1\ntypescript:\n  moves:\n    - from: src/missing.ts\n      to: src/b.ts\n',
      'src/b.ts': 'export const b = 1;\n',
    });
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('typescript.moves[0].from: no file "src/missing.ts"');
    await expect(buildTypeScriptIndex(dir, [{ ...request(), modules: [{ spec: 'src/missing.ts', field: 'x' }] }])).rejects.toBeInstanceOf(CanonizeError);
    const index = await buildTypeScriptIndex(dir, [request(['socket.io-client'])]);
    expect(index.modules['socket.io-client']).toEqual({ external: 'socket.io-client' });
  });

  it('moves an external package to an in-tree module, matched by its spelling', async () => {
    const dir = tempTree({
      'canonize.config.yaml': 'version: 1\ntypescript:\n  moves:\n    - from: legacy-ws\n      to: src/ws.ts\n      symbols: { connect: openSocket }\n',
      'src/ws.ts': 'export function openSocket(): void {}\n',
      'src/app/main.ts': "import { connect } from 'legacy-ws';\nconnect();\n",
    });
    const r = await runCli(['diff'], { cwd: dir });
    expect(r.stdout).toContain("+import { openSocket } from '../ws';");
    expect(r.stdout).toContain('+openSocket();');
  });
});
