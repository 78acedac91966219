/**
 * A deterministic, seeded generator of a synthetic monorepo shaped like the one DOMAIN.md describes: a Python
 * backend (`netra_backend/`, `tests/`) of real-looking modules (docstrings, imports, decorators, dataclasses,
 * services with async methods, FastAPI routes, pytest tests) averaging ~18 KB with a long tail, and a TypeScript
 * front end (`frontend/src/`, ~5 % of the files).
 *
 * The mix is what makes a prefilter earn its keep: ~5 % of the files hold legacy imports and factory calls of every
 * DOMAIN.md form (the ten import patterns, the factory call shapes, module-level singletons, patch strings, the
 * register_connection rename, TS specifiers of the old service); ~25 % mention "websocket" in unrelated ways
 * (FastAPI `websocket` parameters, docstrings, settings, other websocket_core modules, the `websockets` package);
 * "manager" is an ordinary word throughout. The library modules of the bundled example (the canonical module, the
 * legacy ones, the front-end service) and its config (the websocket-ssot preset) are copied in, so the tree plans
 * with real export checks.
 *
 * File `i` depends only on the seed and `i` (and the names files before it took), so the first 1,000 files of a
 * 10,000-file tree are the 1,000-file tree: scaling runs compare like with like.
 */
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { packageRoot } from '../src/core/paths.js';
import { mulberry32 } from '../test/helpers/pygen.js';

/** The bundled example, whose library modules and config the generated tree reuses. */
const EXAMPLE = join(packageRoot(), 'examples', 'legacy-app');
/** Files of the example copied verbatim (relative to it). Everything under these folders, plus these files. */
const EXAMPLE_LIBRARY = [
  'canonize.config.yaml',
  'tsconfig.json',
  'netra_backend/__init__.py',
  'netra_backend/app/__init__.py',
  'netra_backend/app/websocket_core',
  'netra_backend/app/websocket',
  'netra_backend/app/services/__init__.py',
  'netra_backend/app/services/websocket',
  'netra_backend/app/services/user_execution_context.py',
  'netra_backend/app/agents/__init__.py',
  'netra_backend/app/agents/interfaces.py',
  'frontend/src/services',
  'frontend/src/lib',
  'frontend/src/types',
];

export interface GenerateOptions {
  /** Total number of source files (Python + TypeScript) in the tree, the copied library modules included. */
  files: number;
  seed?: number;
  /** Directory to write to (emptied first). */
  out: string;
}

export interface GenerateStats {
  files: number;
  bytes: number;
  python: number;
  typescript: number;
  /** Files written with legacy imports or calls. */
  legacy: number;
  /** Python files that mention "websocket" without any legacy use. */
  websocketMentions: number;
  /** Files that deliberately do not parse (merge-conflict markers, half-finished edits). */
  broken: number;
}

type Rnd = () => number;

class Random {
  constructor(readonly next: Rnd) {}
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  some<T>(xs: readonly T[], lo: number, hi: number): T[] {
    const n = Math.min(xs.length, this.int(lo, hi));
    const pool = [...xs];
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

const DOMAINS = ['agents', 'billing', 'analytics', 'auth', 'threads', 'llm', 'tools', 'supply', 'optimization', 'reports', 'notifications', 'metrics', 'corpus', 'workloads', 'admin', 'storage', 'scheduling', 'tenants'];
const LAYERS = ['services', 'routes', 'models', 'schemas', 'core', 'db', 'utils', 'clients', 'handlers', 'repositories'];
const NOUNS = ['invoice', 'thread', 'message', 'run', 'tool', 'agent', 'user', 'session', 'quota', 'plan', 'report', 'metric', 'corpus', 'prompt', 'completion', 'workload', 'tenant', 'audit', 'event', 'token', 'budget', 'model', 'provider', 'request', 'response', 'job', 'task', 'queue', 'schedule', 'payload', 'record', 'entry', 'batch', 'snapshot', 'config', 'policy', 'credential', 'account', 'project', 'pipeline'];
const VERBS = ['create', 'get', 'update', 'delete', 'list', 'fetch', 'compute', 'validate', 'normalize', 'persist', 'load', 'refresh', 'resolve', 'dispatch', 'process', 'render', 'aggregate', 'estimate', 'reconcile', 'summarize', 'archive', 'enqueue', 'retry', 'merge', 'export'];
const ADJECTIVES = ['pending', 'active', 'cached', 'stale', 'default', 'primary', 'remote', 'local', 'partial', 'final', 'raw', 'scoped', 'shared', 'tenant', 'billing', 'nightly', 'hourly', 'current', 'previous', 'expected'];
const KINDS = ['Service', 'Repository', 'Client', 'Handler', 'Manager', 'Builder', 'Policy', 'Store', 'Tracker', 'Scheduler', 'Validator', 'Resolver', 'Registry', 'Adapter', 'Processor'];
const SENTENCES = [
  'The result is cached per tenant and invalidated when the underlying record changes.',
  'Callers must hold a valid user context; nothing here is shared between users.',
  'Retries are bounded: after the third failure the job is parked for manual review.',
  'Amounts are stored in micro-units to avoid floating point drift.',
  'This runs on the request path, so it must not block on network calls.',
  'Timestamps are UTC and timezone-aware throughout.',
  'The session manager closes idle sessions after the configured timeout.',
  'See the runbook for the on-call procedure when this alert fires.',
  'Batches are processed in insertion order; duplicates are dropped by idempotency key.',
  'Values coming from the client are validated before anything is persisted.',
  'The context manager releases the lock even when the body raises.',
  'Kept for backwards compatibility with the v1 API; new code should use the v2 endpoints.',
  'Errors are logged with the correlation id so that a request can be traced end to end.',
  'The scheduler wakes up every minute and picks the oldest eligible job.',
  'Feature flags are read once per request and passed down explicitly.',
];
/** Ways real code mentions websockets without touching the manager. */
const WEBSOCKET_SENTENCES = [
  'Progress is streamed to the browser over the websocket while the run is in flight.',
  'When the websocket drops, the client reconnects with exponential backoff.',
  'Heartbeats keep the websocket alive behind the load balancer.',
  'The websocket handshake carries the same bearer token as the REST calls.',
];

const ROLES = ['service', 'handler', 'store', 'client', 'utils', 'models', 'schemas', 'views', 'tasks', 'helpers', 'manager', 'repository'];
const STDLIB = ['os', 'json', 'logging', 'asyncio', 'time', 're', 'uuid', 'hashlib', 'itertools', 'functools', 'contextlib', 'math'];
const TYPING = ['Any', 'Dict', 'List', 'Optional', 'Tuple', 'Iterable', 'Mapping', 'Sequence', 'Callable', 'Union'];

const snake = (...parts: string[]) => parts.join('_');
const camel = (...parts: string[]) => parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');

// ---------------------------------------------------------------------------------------------------------------
// Python

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

// ---------------------------------------------------------------------------------------------------------------
// Legacy forms (DOMAIN.md): each yields import lines (at `indent`), and code using them.

const CORE = 'netra_backend.app.websocket_core';

interface LegacyForm {
  imports: string[];
  /** Module-level code after the imports. */
  body: string[];
  /** Names the imports bind (a file never combines two forms that bind the same name). */
  binds: string[];
}

/** Every legacy form, by name; a legacy file uses one to three of them. */
const LEGACY_FORMS: Record<string, (r: Random, pkg: string) => LegacyForm> = {
  // 1. the package re-export, mixed with names that stay
  packageReexport: (r) => ({
    imports: r.chance(0.5)
      ? [`from ${CORE} import (`, '    MessageRouter,', '    WebSocketManager,  # the manager moves; the router stays', '    broadcast,', ')']
      : [`from ${CORE} import MessageRouter, WebSocketManager`],
    body: ['', '', 'async def notify_all(manager: WebSocketManager, user_ids: List[str]) -> int:', '    router = MessageRouter()', '    return len(user_ids) if router else 0'],
    binds: ['WebSocketManager', 'MessageRouter', 'broadcast'],
  }),
  // 2. the old manager module, with an alias
  managerModule: (r) =>
    r.chance(0.5)
      ? { imports: [`from ${CORE}.manager import WebSocketManager`], body: [], binds: ['WebSocketManager'] }
      : { imports: [`from ${CORE}.manager import WebSocketManager as LegacyManager`], body: ['', '', 'def legacy_type() -> type:', '    return LegacyManager'], binds: ['LegacyManager'] },
  // 3. the unified module: renamed, references too
  unifiedManager: () => ({
    imports: [`from ${CORE}.unified_manager import UnifiedWebSocketManager, WebSocketConnection`],
    body: ['', '', 'def is_manager(candidate: Any) -> bool:', '    return isinstance(candidate, UnifiedWebSocketManager)', '', '', 'def describe(connection: WebSocketConnection) -> str:', '    return f"{connection.user_id}:{connection.connection_id}"'],
    binds: ['UnifiedWebSocketManager', 'WebSocketConnection'],
  }),
  // 4. the factory module: calls merged into get_websocket_manager
  factoryModule: () => ({
    imports: [`from ${CORE}.websocket_manager_factory import (`, '    WebSocketManagerFactory,', '    create_websocket_manager,', '    create_websocket_manager_sync,', ')'],
    body: [
      '', '', 'async def open_manager(ctx: Any) -> Any:', '    return await create_websocket_manager(ctx)',
      '', '', 'async def open_manager_kw(ctx: Any) -> Any:', '    manager = await create_websocket_manager(user_context=ctx)', '    return manager',
      '', '', 'def open_manager_sync(ctx: Any) -> Any:', '    return create_websocket_manager_sync(ctx)',
      '', '', 'def open_from_factory(ctx: Any) -> Any:', '    return WebSocketManagerFactory().create_manager(ctx)',
    ],
    binds: ['WebSocketManagerFactory', 'create_websocket_manager', 'create_websocket_manager_sync'],
  }),
  // 5. canonical_imports, inside a try/except ImportError fallback
  canonicalImports: () => ({
    imports: ['try:', `    from ${CORE}.canonical_imports import create_websocket_manager`, 'except ImportError:  # older deployments', `    from ${CORE}.websocket_manager_factory import create_websocket_manager`],
    body: ['', '', 'async def manager_for(ctx: Any) -> Any:', '    return await create_websocket_manager(user_context=ctx)'],
    binds: ['create_websocket_manager', 'manager_for'],
  }),
  // 6. the old services package
  servicesPackage: () => ({
    imports: ['from netra_backend.app.services.websocket import MessageQueue, WebSocketManager'],
    body: ['', '', 'def queue_for(manager: WebSocketManager) -> MessageQueue:', '    return MessageQueue()'],
    binds: ['WebSocketManager', 'MessageQueue'],
  }),
  // 7. the old top-level package
  topLevelPackage: () => ({
    imports: ['from netra_backend.app.websocket import HEARTBEAT_INTERVAL_SECONDS, WebSocketManager'],
    body: ['', '', 'def heartbeat(manager: WebSocketManager) -> int:', '    return HEARTBEAT_INTERVAL_SECONDS'],
    binds: ['WebSocketManager', 'HEARTBEAT_INTERVAL_SECONDS'],
  }),
  // 8. a module import with attribute uses (and a direct construction: a call rule)
  moduleImport: () => ({
    imports: [`import ${CORE}.unified_manager as um`],
    body: ['', '', 'def build_manager(ctx: Any) -> Any:', '    manager = um.UnifiedWebSocketManager(user_context=ctx)', '    assert isinstance(manager, um.UnifiedWebSocketManager)', '    return manager'],
    binds: ['um'],
  }),
  // 9. relative imports, resolved against the file's package
  relative: (_r, pkg) => {
    if (pkg.startsWith(`${CORE}.`)) return { imports: ['from ..unified_manager import UnifiedWebSocketManager'], body: ['', '', 'MANAGER_TYPES = (UnifiedWebSocketManager,)'], binds: ['UnifiedWebSocketManager', 'MANAGER_TYPES'] };
    if (pkg.startsWith('netra_backend.app.')) return { imports: ['from ...websocket_core.manager import WebSocketManager'], body: ['', '', 'def manager_type() -> type:', '    return WebSocketManager'], binds: ['WebSocketManager', 'manager_type'] };
    return { imports: [`from ${CORE}.manager import WebSocketManager`], body: [], binds: ['WebSocketManager'] };
  },
  // 10. compat modules and patch strings
  compat: () => ({
    imports: [`from ${CORE}.unified_manager_compat import UnifiedWebSocketManager`, `from ${CORE}.websocket_factory_compat import connection_builder, websocket_factory`],
    body: [
      '', '', 'def legacy_managers(ctx: Any) -> List[Any]:', '    return [websocket_factory(ctx), connection_builder(user_context=ctx), UnifiedWebSocketManager(ctx)]',
      '', '', 'def test_manager_is_patched() -> None:', `    with patch("${CORE}.manager.WebSocketManager") as fake:`, '        fake.return_value = None',
    ],
    binds: ['UnifiedWebSocketManager', 'connection_builder', 'websocket_factory', 'legacy_managers', 'test_manager_is_patched'],
  }),
  // the cached factory accessor and the isolated class
  isolated: () => ({
    imports: [`from ${CORE}.websocket_manager_factory import IsolatedWebSocketManager, get_websocket_manager_factory`],
    body: ['', '', 'async def isolated_for(ctx: Any) -> Any:', '    manager = await get_websocket_manager_factory().create_isolated_manager(ctx)', '    return manager or IsolatedWebSocketManager(ctx)'],
    binds: ['IsolatedWebSocketManager', 'get_websocket_manager_factory', 'isolated_for'],
  }),
  // a module-level singleton (reported, not rewritten) and the register_connection rename
  singleton: () => ({
    imports: [`from ${CORE}.unified_manager import UnifiedWebSocketManager`],
    body: ['', '_manager = UnifiedWebSocketManager()', '', '', 'async def attach(connection: Any) -> None:', '    await _manager.register_connection(connection)'],
    binds: ['UnifiedWebSocketManager', '_manager', 'attach'],
  }),
  // imports under TYPE_CHECKING and inside a function
  typeChecking: () => ({
    imports: ['if TYPE_CHECKING:', `    from ${CORE}.manager import WebSocketManager`],
    body: ['', '', 'def lazy_manager(ctx: Any) -> "WebSocketManager":', `    from ${CORE}.websocket_manager_factory import create_websocket_manager_sync`, '', '    return create_websocket_manager_sync(user_context=ctx)'],
    binds: ['WebSocketManager', 'lazy_manager'],
  }),
};
const LEGACY_NAMES = Object.keys(LEGACY_FORMS);

/** A canonical (already migrated) use: parsed by the rules, nothing to change. */
const CANONICAL_USE = {
  imports: [`from ${CORE}.websocket_manager import WebSocketManager, get_websocket_manager`],
  body: ['', '', 'def manager_for(ctx: Any) -> WebSocketManager:', '    return get_websocket_manager(user_context=ctx)'],
};

interface PyFile {
  text: string;
  legacy: boolean;
  websocket: boolean;
  broken: boolean;
}

/** Generate one Python module of about `target` bytes. */
function pythonModule(r: Random, path: string, target: number, flavour: { legacy: boolean; websocket: boolean; canonical: boolean; test: boolean }): PyFile {
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
  body.push('', 'logger = logging.getLogger(__name__)');
  if (!flavour.test) body.push('router = APIRouter()');
  body.push('', ...Array.from({ length: r.int(2, 6) }, () => `${fresh(ctx, `${r.pick(ADJECTIVES)}_${r.pick(NOUNS)}_limit`).toUpperCase()} = ${r.int(1, 10_000)}`));
  for (const form of legacy) body.push(...form.body);
  if (flavour.canonical) body.push(...CANONICAL_USE.body);
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

// ---------------------------------------------------------------------------------------------------------------
// TypeScript

const TS_DIRS = ['components', 'components/chat', 'components/admin', 'hooks', 'pages', 'store', 'utils', 'api', 'features/threads', 'features/billing'];

/** Legacy ways the front end reaches the WebSocket service (relative specifiers, the old lib/socket, the legacy client). */
function tsLegacyImports(r: Random, dir: string): string[] {
  const up = '../'.repeat(dir.split('/').length);
  return r.some(
    [
      `import { WebSocketService, createWebSocketService } from '${up}services/webSocketService';`,
      `import { getSocket, type SocketState } from '${up}lib/socket';`,
      `import { createSocket } from '@/lib/socket';`,
      `import type { WebSocketOptions } from '${up}services/legacy/wsClient';`,
    ],
    1,
    2,
  );
}

function typescriptModule(r: Random, path: string, target: number, legacy: boolean): string {
  const dir = dirname(path).slice('frontend/src/'.length);
  const tsx = path.endsWith('.tsx');
  const test = path.includes('__tests__');
  const lines: string[] = [`// ${camel(r.pick(NOUNS))} ${r.pick(VERBS)} ${tsx ? 'view' : 'helpers'}.`];
  if (tsx) lines.push(`import { useEffect, useMemo, useState } from 'react';`);
  lines.push(`import { format${camel(r.pick(NOUNS))} } from '@/utils/format';`, `import type { ${camel(r.pick(NOUNS))}Dto } from '@/api/types';`);
  if (legacy) lines.push(...tsLegacyImports(r, dir));
  if (legacy && test) lines.push('', `jest.mock('${'../'.repeat(dir.split('/').length)}services/webSocketService');`);
  if (!legacy && r.chance(0.25)) lines.push('', `// Reconnects are handled by the websocket service; this ${tsx ? 'view' : 'module'} only renders state.`);
  let size = lines.reduce((n, l) => n + l.length + 1, 0);
  while (size < target) {
    const noun = r.pick(NOUNS);
    const chunk = tsx
      ? ['', `export function ${camel(r.pick(ADJECTIVES), noun)}View(props: { ${noun}Id: string; limit?: number }): JSX.Element {`, `  const [${noun}s, set${camel(noun)}s] = useState<string[]>([]);`, `  const total = useMemo(() => ${noun}s.length * ${r.int(1, 9)}, [${noun}s]);`, '  useEffect(() => {', `    set${camel(noun)}s((prev) => prev.filter((x) => x !== props.${noun}Id));`, `  }, [props.${noun}Id]);`, `  return <div className="${noun}-${r.pick(ADJECTIVES)}">{total}</div>;`, '}']
      : ['', `export interface ${camel(r.pick(ADJECTIVES), noun)}State {`, `  ${noun}Id: string;`, `  ${r.pick(ADJECTIVES)}: boolean;`, `  updatedAt: number;`, '}', '', `export function ${r.pick(VERBS)}${camel(r.pick(ADJECTIVES), noun)}(items: ${camel(noun)}Dto[], limit = ${r.int(10, 500)}): string[] {`, `  return items.slice(0, limit).map((item) => format${camel(noun)}(item)).filter(Boolean);`, '}'];
    if (legacy && r.chance(0.15)) chunk.push('', `export async function open${camel(noun)}Socket(url: string) {`, `  const socket = await getSocket();`, `  return socket ?? createWebSocketService({ url });`, '}');
    lines.push(...chunk);
    size += chunk.reduce((n, l) => n + l.length + 1, 0);
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// The tree

/** Library files of the example, relative to it (recursively for folders), sorted. */
async function exampleLibraryFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const entry of EXAMPLE_LIBRARY) {
    const abs = join(EXAMPLE, entry);
    try {
      const names = await readdir(abs, { recursive: true, withFileTypes: true });
      for (const d of names) if (d.isFile()) out.push(relative(EXAMPLE, join(d.parentPath, d.name)).split('\\').join('/'));
    } catch {
      out.push(entry);
    }
  }
  return out.sort();
}

/** Generate the tree into `options.out`. */
export async function generateMonorepo(options: GenerateOptions): Promise<GenerateStats> {
  const seed = options.seed ?? 1;
  await rm(options.out, { recursive: true, force: true });
  await mkdir(options.out, { recursive: true });
  const stats: GenerateStats = { files: 0, bytes: 0, python: 0, typescript: 0, legacy: 0, websocketMentions: 0, broken: 0 };
  const sourceFile = /\.(py|pyi|ts|tsx)$/;
  const taken = new Set<string>();
  for (const rel of await exampleLibraryFiles()) {
    taken.add(rel);
    await mkdir(dirname(join(options.out, rel)), { recursive: true });
    await copyFile(join(EXAMPLE, rel), join(options.out, rel));
    if (sourceFile.test(rel) && !rel.endsWith('.backup')) {
      stats.files++;
      if (rel.endsWith('.py')) stats.python++;
      else stats.typescript++;
    }
  }
  await writeFile(join(options.out, '.gitignore'), '# generated by bench/generate.ts\n');

  const packages = new Set<string>();
  const write = async (rel: string, text: string) => {
    await mkdir(dirname(join(options.out, rel)), { recursive: true });
    await writeFile(join(options.out, rel), text);
    stats.files++;
    stats.bytes += Buffer.byteLength(text);
  };
  for (let i = 0; stats.files < options.files; i++) {
    const r = new Random(mulberry32((seed * 0x9e3779b1) ^ (i * 0x85ebca6b)));
    const kind = r.next();
    const legacy = r.chance(0.05);
    if (kind < 0.05) {
      // TypeScript (its own legacy rate: the front end's service imports).
      const dir = r.pick(TS_DIRS);
      const test = r.chance(0.15);
      const ext = !test && r.chance(0.5) ? 'tsx' : 'ts';
      let rel = `frontend/src/${dir}/${test ? '__tests__/' : ''}${camel(r.pick(ADJECTIVES), r.pick(NOUNS))}${test ? '.test' : ''}.${ext}`;
      for (let k = 2; taken.has(rel); k++) rel = rel.replace(/(\d*)(\.test)?\.(tsx?)$/, `${k}$2.$3`);
      taken.add(rel);
      const target = Math.round(Math.min(60_000, Math.exp(8.3 + 0.6 * r.normal())));
      await write(rel, typescriptModule(r, rel, target, legacy));
      stats.typescript++;
      if (legacy) stats.legacy++;
      continue;
    }
    const test = r.chance(0.15);
    const domain = r.pick(DOMAINS);
    const dir = test ? `tests/${r.pick(['unit', 'integration', 'e2e'])}/${domain}` : `netra_backend/app/${r.chance(0.04) ? 'websocket_core' : domain}/${r.pick(LAYERS)}`;
    // Each package has an __init__.py (relative imports resolve through packages).
    for (let d = dir; d.includes('/') && !packages.has(d); d = dirname(d)) {
      packages.add(d);
      const init = `${d}/__init__.py`;
      if (taken.has(init) || d === 'netra_backend' || d === 'netra_backend/app') continue;
      taken.add(init);
      await write(init, `"""The ${d.split('/').pop()} package."""\n`);
      stats.python++;
      if (stats.files >= options.files) break;
    }
    if (stats.files >= options.files) break;
    let rel = `${dir}/${test ? 'test_' : ''}${snake(r.pick(ADJECTIVES), r.pick(NOUNS), r.pick(ROLES))}.py`;
    for (let k = 2; taken.has(rel); k++) rel = rel.replace(/(_\d+)?\.py$/, `_${k}.py`);
    taken.add(rel);
    // Sizes are log-normal (a long tail of large modules); with what a module adds past its target, the mean is ~18 KB.
    const target = Math.round(Math.min(400_000, Math.exp(9.45 + 0.72 * r.normal())));
    const websocket = r.chance(0.25);
    const file = pythonModule(r, rel, target, { legacy, websocket, canonical: !legacy && r.chance(0.02), test });
    await write(rel, file.text);
    stats.python++;
    if (file.legacy) stats.legacy++;
    else if (file.websocket) stats.websocketMentions++;
    if (file.broken) stats.broken++;
  }
  return stats;
}
