/**
 * A seeded generator of Python modules that mix every legacy import form the `move` rule handles: names that
 * move and names that stay, aliases, parenthesised lists with comments, module imports with attribute uses,
 * relative imports, imports in functions / try-except fallbacks / TYPE_CHECKING blocks, existing canonical
 * imports, a canonical name already taken, shadowing parameters, and dotted strings. Deterministic per seed.
 */

export const CANONICAL = 'netra_backend.app.websocket_core.websocket_manager';

/** The moves the generated files are planned with (the same as `generatedConfig`). */
export const LEGACY: Record<string, { moving: Record<string, [string, string]>; staying: string[] }> = {
  'netra_backend.app.websocket_core': { moving: { WebSocketManager: [CANONICAL, 'WebSocketManager'] }, staying: ['MessageRouter', 'broadcast'] },
  'netra_backend.app.websocket_core.manager': {
    moving: { WebSocketManager: [CANONICAL, 'WebSocketManager'], get_manager_settings: [CANONICAL, 'get_manager_settings'] },
    staying: [],
  },
  'netra_backend.app.websocket_core.unified_manager': {
    moving: { UnifiedWebSocketManager: [CANONICAL, 'WebSocketManager'], WebSocketConnection: [CANONICAL, 'WebSocketConnection'] },
    staying: ['HEALTH_TIMEOUT', '_UnifiedWebSocketManagerImplementation'],
  },
  'netra_backend.app.services.websocket': { moving: { EventBus: ['netra_backend.app.services.events', 'EventBus'] }, staying: ['MessageQueue'] },
};

export const generatedConfig = `version: 1
python:
  moves:
    - from: netra_backend.app.websocket_core
      to: ${CANONICAL}
      symbols: [WebSocketManager]
    - from: netra_backend.app.websocket_core.manager
      to: ${CANONICAL}
    - from: netra_backend.app.websocket_core.unified_manager
      to: ${CANONICAL}
      symbols: { UnifiedWebSocketManager: WebSocketManager, WebSocketConnection: WebSocketConnection }
    - from: netra_backend.app.services.websocket
      to: netra_backend.app.services.events
      symbols: [EventBus]
`;

/** Names the generated code calls without defining (so the bound-names check knows them). */
export const EXTERNALS = ['setup', 'configure', 'patch', 'TYPE_CHECKING', 'Any'];

/** A small deterministic PRNG: the same seed gives the same sequence in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Binding {
  local: string;
  /** For a module binding: the legacy module, and how its attributes are reached (`m` or `a.b.c`). */
  module?: string;
  access?: string;
}

export interface GeneratedFile {
  path: string;
  text: string;
}

/** Generate one module. */
export function generatePythonFile(seed: number): GeneratedFile {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const eol = chance(0.15) ? '\r\n' : '\n';
  const lines: string[] = [];
  const bindings: Binding[] = [];
  const bound = new Set<string>(EXTERNALS);
  let n = 0;
  const fresh = (base: string) => `${base}_${n++}`;
  const modules = Object.keys(LEGACY);

  lines.push(chance(0.3) ? '# -*- coding: utf-8 -*-' : '"""Generated module."""');
  if (chance(0.3)) lines.push('NOTE = "naïve café 🚀 — ünïcödé"');
  lines.push('import os');
  lines.push('from typing import TYPE_CHECKING, Any');
  if (chance(0.35)) {
    lines.push(`from ${CANONICAL} import get_websocket_manager`);
    bound.add('get_websocket_manager');
  }
  if (chance(0.2)) {
    // The canonical name is taken by something else: renames must alias instead.
    lines.push('from netra_backend.app.agents.interfaces import WebSocketManager');
    bindings.push({ local: 'WebSocketManager' });
    bound.add('WebSocketManager');
  }

  /** A `from MODULE import ...` of a random selection of names, in a random layout. */
  const fromImport = (indent: string, relative: boolean): string[] => {
    const module = pick(modules);
    const all = [...Object.keys(LEGACY[module]!.moving), ...LEGACY[module]!.staying];
    const names = all.filter(() => chance(0.6));
    if (names.length === 0) names.push(pick(all));
    const clauses: string[] = [];
    for (const name of names) {
      let local = name;
      if (bound.has(local) || chance(0.2)) local = fresh(`${name}Alias`);
      bound.add(local);
      bindings.push({ local });
      clauses.push(local === name ? name : `${name} as ${local}`);
    }
    const spelled = relative ? `..${module.slice('netra_backend.app.'.length)}` : module;
    if (clauses.length > 1 && chance(0.4)) {
      const body = clauses.map((c, i) => `${indent}    ${c},${chance(0.3) ? `  # note ${i}` : ''}`);
      if (chance(0.3)) body[body.length - 1] = body[body.length - 1]!.replace(/,( {2}# note \d+)?$/, '$1');
      return [`${indent}from ${spelled} import (`, ...body, `${indent})`];
    }
    return [`${indent}from ${spelled} import ${clauses.join(', ')}`];
  };

  const importCount = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < importCount; i++) {
    const form = rnd();
    if (form < 0.55) lines.push(...fromImport('', chance(0.2)));
    else if (form < 0.75) {
      const module = pick(modules);
      const alias = fresh('mod');
      lines.push(`import ${module} as ${alias}`);
      bindings.push({ local: alias, module, access: alias });
      bound.add(alias);
    } else if (form < 0.85 && !bound.has('manager')) {
      lines.push('from netra_backend.app.websocket_core import manager');
      bindings.push({ local: 'manager', module: 'netra_backend.app.websocket_core.manager', access: 'manager' });
      bound.add('manager');
    } else if (!bound.has('netra_backend')) {
      const module = pick(modules.slice(1));
      lines.push(`import ${module}`);
      bindings.push({ local: 'netra_backend', module, access: module });
      bound.add('netra_backend');
    }
  }
  if (chance(0.3)) {
    lines.push('', 'if TYPE_CHECKING:', ...fromImport('    ', false));
  }
  lines.push('');

  // Uses of every binding at module level and in functions.
  const use = (b: Binding): string => {
    if (b.module && b.access) {
      const names = [...Object.keys(LEGACY[b.module]!.moving), ...LEGACY[b.module]!.staying];
      return `${b.access}.${pick(names)}`;
    }
    return b.local;
  };
  for (const b of bindings) {
    if (chance(0.8)) lines.push(`${fresh('value')} = ${use(b)}`);
  }
  if (bindings.length > 0) {
    const b = pick(bindings);
    lines.push('', '', `def handler(ctx: Any) -> Any:`, `    return ${use(b)}`);
  }
  if (chance(0.4)) {
    // A parameter that shadows an imported name: its uses must not be renamed.
    const shadow = pick(['UnifiedWebSocketManager', 'WebSocketManager', 'EventBus']);
    lines.push('', '', `def shadowed(${shadow}):`, `    return ${shadow}`);
  }
  if (chance(0.4)) {
    // An import inside a function, with uses there.
    const inner: string[] = [];
    const before = bindings.length;
    inner.push(...fromImport('    ', false));
    const fresh_ = bindings.splice(before);
    lines.push('', '', `def ${fresh('local_import')}():`, ...inner, `    return [${fresh_.map((b) => b.local).join(', ')}]`);
    for (const b of fresh_) bound.delete(b.local);
  }
  if (chance(0.3)) {
    // A try/except ImportError fallback that rebinds the name.
    const module = pick(modules);
    const name = pick(Object.keys(LEGACY[module]!.moving));
    if (!bound.has(name)) {
      bound.add(name);
      lines.push('', 'try:', `    from ${module} import ${name}`, 'except ImportError:  # fallback', `    ${name} = None`, `FALLBACK = ${name}`);
    }
  }
  if (chance(0.4)) {
    const module = pick(modules);
    const name = pick([...Object.keys(LEGACY[module]!.moving), ...LEGACY[module]!.staying]);
    lines.push('', '', 'def test_patch():', `    with patch("${module}.${name}"):`, '        setup()');
  }
  lines.push('');
  return { path: `netra_backend/app/gen/file_${seed}.py`, text: lines.join(eol) };
}
