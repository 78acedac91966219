/**
 * Python modules of the generated tree: docstrings, imports, dataclasses, services with async methods, FastAPI
 * routes and pytest tests, with the legacy forms and canonical uses (legacy.ts) and the mentions of legacy names
 * (mentions.ts) a flavour asks for.
 */

import { dirname } from 'node:path';
import { ADJECTIVES, camel, DOMAINS, KINDS, LAYERS, NOUNS, Random, SENTENCES, STDLIB, TYPING, VERBS, WEBSOCKET_SENTENCES } from './vocabulary.js';
import { CANONICAL_USE, LEGACY_FORMS, LEGACY_NAMES, type LegacyForm } from './legacy.js';
import { legacyMentions } from './mentions.js';

interface PyContext {
  r: Random;
  lines: string[];
  names: Set<string>;
  /** Classes defined in this module (for type hints and calls). */
  classes: string[];
}

function fresh(ctx: PyContext, base: string): string {
  let name = base;
  for (let i = 2; ctx.names.has(name); i++) name = `${base}_${i}`;
  ctx.names.add(name);
  return name;
}

function sentence(r: Random, websocket: boolean): string {
  return websocket && r.chance(0.3) ? r.pick(WEBSOCKET_SENTENCES) : r.pick(SENTENCES);
}

function docstring(r: Random, indent: string, title: string, websocket: boolean): string[] {
  if (r.chance(0.35)) return [`${indent}"""${title}"""`];
  const body = Array.from({ length: r.int(1, 4) }, () => `${indent}${sentence(r, websocket)}`);
  const args = r.chance(0.4) ? ['', `${indent}Args:`, `${indent}    ${r.pick(NOUNS)}_id: the ${r.pick(NOUNS)} to work on.`, '', `${indent}Returns:`, `${indent}    A mapping ready to be serialised.`] : [];
  return [`${indent}"""${title}`, '', ...body, ...args, `${indent}"""`];
}

/** One statement (possibly compound) of a function body, at `indent`. */
function statement(ctx: PyContext, indent: string, depth: number, isAsync: boolean): string[] {
  const { r } = ctx;
  const a = `${r.pick(ADJECTIVES)}_${r.pick(NOUNS)}`;
  const b = `${r.pick(NOUNS)}s`;
  const n = r.next();
  if (n < 0.16) return [`${indent}${a} = ${r.pick(['self', 'context', 'payload'])}.get("${r.pick(NOUNS)}_id") or ${r.int(0, 500)}`];
  if (n < 0.26) return [`${indent}${b} = [item for item in ${r.pick(NOUNS)}s if item.${r.pick(ADJECTIVES)} and item.${r.pick(NOUNS)}_id != ${a}]`];
  if (n < 0.34) return [`${indent}logger.${r.pick(['debug', 'info', 'warning'])}("${r.pick(VERBS)} %s for %s", ${a}, ${r.pick(['user_id', 'tenant_id', 'run_id'])})`];
  if (n < 0.42) return [`${indent}${a} = f"{${r.pick(NOUNS)}_id}:{${r.pick(NOUNS)}_key}:${r.pick(ADJECTIVES)}"`];
  if (n < 0.5 && isAsync) return [`${indent}${a} = await self._${r.pick(VERBS)}_${r.pick(NOUNS)}(${r.pick(NOUNS)}_id, timeout=${r.int(1, 60)})`];
  if (n < 0.56) {
    return [
      `${indent}${a} = {`,
      `${indent}    "${r.pick(NOUNS)}_id": ${r.pick(NOUNS)}_id,`,
      `${indent}    "${r.pick(ADJECTIVES)}": ${r.pick(['True', 'False', 'None', String(r.int(0, 99))])},`,
      `${indent}    "${r.pick(NOUNS)}s": [${r.pick(NOUNS)}.to_dict() for ${r.pick(NOUNS)} in ${b}],`,
      `${indent}}`,
    ];
  }
  if (depth >= 3 || n < 0.66) return [`${indent}${r.pick(NOUNS)}_total += len(${b}) * ${r.int(1, 9)}  # ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)}s`];
  const body = (d: string) => block(ctx, d, depth + 1, isAsync, r.int(1, 4));
  if (n < 0.76) return [`${indent}if ${a} is None or not ${b}:`, ...body(`${indent}    `), `${indent}else:`, ...body(`${indent}    `)];
  if (n < 0.84) return [`${indent}for ${r.pick(NOUNS)} in ${b}:`, ...body(`${indent}    `)];
  if (n < 0.92) {
    return [
      `${indent}try:`,
      ...body(`${indent}    `),
      `${indent}except ${r.pick(['KeyError', 'ValueError', 'TimeoutError', 'LookupError'])} as exc:`,
      `${indent}    logger.exception("failed to ${r.pick(VERBS)} ${r.pick(NOUNS)}: %s", exc)`,
      `${indent}    raise`,
    ];
  }
  return [`${indent}with self._lock:`, ...body(`${indent}    `)];
}

function block(ctx: PyContext, indent: string, depth: number, isAsync: boolean, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(...statement(ctx, indent, depth, isAsync));
  return out;
}

const rank = (param: string) => (param.startsWith('*') ? 2 : param.includes('=') ? 1 : 0);

function functionDef(ctx: PyContext, indent: string, method: boolean, websocket: boolean): string[] {
  const { r } = ctx;
  const isAsync = r.chance(0.45);
  const name = fresh(ctx, `${method && r.chance(0.2) ? '_' : ''}${r.pick(VERBS)}_${r.pick(ADJECTIVES)}_${r.pick(NOUNS)}`);
  const params = [
    ...(method ? ['self'] : []),
    // Parameters without defaults first, keyword-only last.
    ...r.some([`${r.pick(NOUNS)}_id: str`, `${r.pick(NOUNS)}s: List[Dict[str, Any]]`, 'limit: int = 100', 'tenant_id: Optional[str] = None', '*, force: bool = False'], 0, 3).sort((x, y) => rank(x) - rank(y)),
  ];
  const decorators: string[] = [];
  if (!method && r.chance(0.2)) decorators.push(`${indent}@router.${r.pick(['get', 'post', 'put'])}("/${r.pick(NOUNS)}s/{${r.pick(NOUNS)}_id}")`);
  if (method && r.chance(0.1)) decorators.push(`${indent}@property`);
  if (r.chance(0.08)) decorators.push(`${indent}@functools.lru_cache(maxsize=${r.int(16, 1024)})`);
  const out = [...decorators, `${indent}${isAsync ? 'async ' : ''}def ${name}(${params.join(', ')}) -> ${r.pick(['Dict[str, Any]', 'Optional[str]', 'int', 'None', 'List[Dict[str, Any]]'])}:`];
  if (r.chance(0.7)) out.push(...docstring(r, `${indent}    `, `${camel(...name.split('_').filter(Boolean).slice(0, 2))} the ${name.split('_').filter(Boolean).pop()}.`, websocket));
  out.push(...block(ctx, `${indent}    `, 1, isAsync, r.int(2, 9)));
  out.push(`${indent}    return ${r.pick(['None', `{"ok": True}`, `${r.pick(NOUNS)}_total`, `[${r.pick(NOUNS)} for ${r.pick(NOUNS)} in ${r.pick(NOUNS)}s]`])}`);
  return out;
}

function classDef(ctx: PyContext, websocket: boolean): string[] {
  const { r } = ctx;
  const name = fresh(ctx, camel(r.pick(ADJECTIVES), r.pick(NOUNS), r.pick(KINDS)));
  ctx.classes.push(name);
  const out: string[] = ['', ''];
  if (r.chance(0.3)) {
    out.push('@dataclass', `class ${name}:`, ...docstring(r, '    ', `A ${r.pick(NOUNS)} as stored.`, websocket));
    for (let i = r.int(3, 10); i > 0; i--) out.push(`    ${fresh(ctx, `${r.pick(ADJECTIVES)}_${r.pick(NOUNS)}`)}: ${r.pick(['str', 'int', 'float', 'Optional[str] = None', 'bool = False', 'List[str] = field(default_factory=list)'])}`);
    return out;
  }
  out.push(`class ${name}(${r.pick(['', 'BaseModel', 'Base', `${camel(r.pick(NOUNS))}Base`])}):`.replace('()', ''), ...docstring(r, '    ', `${camel(r.pick(VERBS))}s ${r.pick(NOUNS)}s for one tenant.`, websocket), '');
  out.push(`    def __init__(self, ${r.pick(NOUNS)}_store: Any, session_manager: Any = None) -> None:`);
  out.push(`        self._store = ${r.pick(NOUNS)}_store`, '        self._session_manager = session_manager', '        self._lock = threading.Lock()');
  for (let i = r.int(2, 7); i > 0; i--) out.push('', ...functionDef(ctx, '    ', true, websocket));
  return out;
}

function projectImport(r: Random): string {
  const domain = r.pick(DOMAINS);
  return `from netra_backend.app.${domain}.${r.pick(LAYERS)}.${r.pick(NOUNS)}_${r.pick(LAYERS)} import ${camel(r.pick(ADJECTIVES), r.pick(NOUNS), r.pick(KINDS))}`;
}

/** Unrelated websocket mentions, as import lines and body lines. */
function websocketMentions(r: Random): { imports: string[]; body: string[] } {
  const imports: string[] = [];
  const body: string[] = [];
  for (const kind of r.some(['fastapi', 'settings', 'core-module', 'package', 'comment', 'attribute', 'log'], 1, 3)) {
    switch (kind) {
      case 'fastapi':
        imports.push('from fastapi import WebSocket, WebSocketDisconnect');
        body.push('', '', `async def ${r.pick(NOUNS)}_stream(websocket: WebSocket, ${r.pick(NOUNS)}_id: str) -> None:`, '    """Stream updates to one client until it disconnects."""', '    await websocket.accept()', '    try:', '        while True:', '            message = await websocket.receive_json()', '            await websocket.send_json({"echo": message, "ts": time.time()})', '    except WebSocketDisconnect:', '        logger.info("websocket closed for %s", websocket.client)');
        break;
      case 'settings':
        body.push('', `WEBSOCKET_PING_INTERVAL_SECONDS = ${r.int(5, 60)}`, `websocket_max_message_bytes = ${r.int(1, 16) * 65536}`);
        break;
      case 'core-module':
        imports.push(r.pick(['from netra_backend.app.websocket_core.types import MessageType, ServerMessage', 'from netra_backend.app.websocket_core.auth import authenticate_websocket', 'from netra_backend.app.websocket_core.utils import is_websocket_connected']));
        break;
      case 'package':
        imports.push('import websockets');
        body.push('', '', `async def _probe_websocket(url: str) -> bool:`, '    async with websockets.connect(url) as websocket:', '        await websocket.ping()', '        return True');
        break;
      case 'comment':
        body.push('', `# TODO(${r.pick(NOUNS)}): move the websocket reconnect backoff into the shared client`);
        break;
      case 'attribute':
        body.push('', '', `def websocket_url(settings: Any) -> str:`, '    """The websocket endpoint the front end should connect to."""', '    return settings.websocket_url or f"wss://{settings.host}/ws"');
        break;
      case 'log':
        body.push('', `logger.debug("websocket manager not configured; streaming disabled")`);
        break;
    }
  }
  return { imports, body };
}

/** A generated module and what it holds. */
export interface PyFile {
  text: string;
  legacy: boolean;
  websocket: boolean;
  broken: boolean;
}

/** What a generated module holds besides ordinary code. */
export interface PyFlavour {
  /** Legacy imports and calls (one to three forms of legacy.ts). */
  legacy: boolean;
  /** Unrelated mentions of websockets (the word, FastAPI's WebSocket, the websockets package…). */
  websocket: boolean;
  /** The canonical import and factory, already migrated. */
  canonical: boolean;
  /** Mentions of legacy names with nothing to change (mentions.ts; the real profile's candidates). */
  mentionsLegacy?: boolean;
  test: boolean;
}

/** Generate one Python module of about `target` bytes. */
export function pythonModule(r: Random, path: string, target: number, flavour: PyFlavour): PyFile {
  const ctx: PyContext = { r, lines: [], names: new Set(), classes: [] };
  const pkg = dirname(path).split('/').join('.');
  const title = `${camel(r.pick(VERBS))} ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)}s for the ${pkg.split('.').pop()} ${flavour.test ? 'tests' : 'layer'}.`;
  const head = docstring(r, '', title, flavour.websocket);
  const imports: string[] = ['from __future__ import annotations', ''];
  for (const m of [...new Set(['functools', 'logging', 'threading', 'time', ...r.some(STDLIB, 1, 4)])].sort()) imports.push(`import ${m}`);
  const typing = [...new Set(['Any', 'Dict', 'List', 'Optional', 'TYPE_CHECKING', ...r.some(TYPING, 0, 4)])].sort();
  imports.push('from dataclasses import dataclass, field', `from typing import ${typing.join(', ')}`);
  imports.push(flavour.test ? 'from unittest.mock import AsyncMock, MagicMock, patch' : 'from unittest.mock import patch', '');
  if (flavour.test) imports.push('import pytest');
  else imports.push('from fastapi import APIRouter, Depends, HTTPException', 'from pydantic import BaseModel, Field', 'from sqlalchemy.orm import DeclarativeBase as Base');
  imports.push('');
  for (let i = r.int(2, 8); i > 0; i--) imports.push(projectImport(r));
  const body: string[] = [];
  const mention = flavour.websocket ? websocketMentions(r) : undefined;
  if (mention) imports.push(...mention.imports);
  // One to three legacy forms that bind different names (two imports of one name would be a different story).
  const legacy: LegacyForm[] = [];
  if (flavour.legacy) {
    const bound = new Set<string>();
    for (const name of r.some(LEGACY_NAMES, 1, 3)) {
      const form = LEGACY_FORMS[name]!(r, pkg);
      if (form.binds.some((b) => bound.has(b))) continue;
      for (const b of form.binds) bound.add(b);
      legacy.push(form);
    }
  }
  for (const form of legacy) imports.push(...form.imports);
  if (flavour.canonical) imports.push(...CANONICAL_USE.imports);
  const named = flavour.mentionsLegacy ? legacyMentions(r, imports.some((l) => l.includes('.websocket_core'))) : undefined;
  if (named) imports.push(...named.imports);
  body.push('', 'logger = logging.getLogger(__name__)');
  if (!flavour.test) body.push('router = APIRouter()');
  body.push('', ...Array.from({ length: r.int(2, 6) }, () => `${fresh(ctx, `${r.pick(ADJECTIVES)}_${r.pick(NOUNS)}_limit`).toUpperCase()} = ${r.int(1, 10_000)}`));
  for (const form of legacy) body.push(...form.body);
  if (flavour.canonical) body.push(...CANONICAL_USE.body);
  if (named) body.push(...named.body);
  if (mention) body.push(...mention.body);
  const lines = [...head, ...imports, ...body];
  let size = lines.reduce((n, l) => n + l.length + 1, 0);
  while (size < target) {
    const chunk = flavour.test && r.chance(0.5) ? testFunction(ctx) : r.chance(0.55) ? classDef(ctx, flavour.websocket) : ['', '', ...functionDef(ctx, '', false, flavour.websocket)];
    lines.push(...chunk);
    size += chunk.reduce((n, l) => n + l.length + 1, 0);
  }
  // A few files do not parse: a merge left its markers, or an edit was left half-finished.
  const broken = flavour.legacy && r.chance(0.04);
  if (broken) lines.splice(Math.floor(lines.length / 2), 0, '<<<<<<< HEAD', 'def half_finished(:', '=======', '>>>>>>> feature');
  return { text: `${lines.join('\n')}\n`, legacy: flavour.legacy, websocket: flavour.websocket, broken };
}

function testFunction(ctx: PyContext): string[] {
  const { r } = ctx;
  const name = fresh(ctx, `test_${r.pick(VERBS)}_${r.pick(ADJECTIVES)}_${r.pick(NOUNS)}`);
  const isAsync = r.chance(0.4);
  return [
    '',
    '',
    ...(isAsync ? ['@pytest.mark.asyncio'] : r.chance(0.3) ? [`@pytest.mark.parametrize("limit", [${r.int(1, 9)}, ${r.int(10, 99)}])`] : []),
    `${isAsync ? 'async ' : ''}def ${name}(${r.chance(0.3) ? 'limit: int' : ''}) -> None:`,
    `    ${r.pick(NOUNS)}_store = MagicMock()`,
    ...block(ctx, '    ', 2, isAsync, r.int(1, 5)),
    `    assert ${r.pick(NOUNS)}_store.${r.pick(VERBS)}.call_count >= 0`,
  ];
}
