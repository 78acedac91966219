/**
 * What the `real` profile adds: code that names the legacy modules, moved symbols or call-rule callees without
 * anything for a rule to change (docstrings, comments, log and metric strings, an unrelated `register_connection`,
 * other names imported from a legacy package, already migrated imports). Such a file passes the prefilter's
 * needles and the move's finer prefilter, so canonize parses it, and plans nothing. Real trees hold many more of
 * these than legacy uses (issue 16); see docs/performance.md, "The benchmark".
 */
import { CANONICAL_USE, CORE } from './legacy.js';
import { camel, NOUNS, Random, VERBS } from './vocabulary.js';

/** Import lines and module-level code of one mention. */
export interface Mention {
  imports: string[];
  body: string[];
}

/** Every mention of a legacy name, by name; a candidate file holds one or two of them. */
const MENTIONS: Record<string, (r: Random) => Mention> = {
  // a docstring naming the manager the caller hands in
  docstring: (r) => ({
    imports: [],
    body: ['', '', `async def push_${r.pick(NOUNS)}_updates(manager: Any, user_id: str) -> int:`, '    """Push pending updates to one user.', '', '    `manager` is the WebSocketManager of the caller\'s user context; it is never created here.', '    """', '    return await manager.send_to_user(user_id, {"type": "refresh"})'],
  }),
  // a comment about the factory the code used to call
  comment: (r) => ({
    imports: [],
    body: ['', `# ${r.pick(NOUNS)}s used to call create_websocket_manager(ctx) here; the route now passes the manager in.`],
  }),
  // a log line and a metric key naming the manager
  logString: (r) => ({
    imports: [],
    body: ['', '', `def report_${r.pick(NOUNS)}_ready(user_id: str, elapsed: float) -> None:`, '    logger.info("WebSocketManager ready for %s", user_id)', `    logger.debug("create_websocket_manager.${r.pick(VERBS)}_ms=%.1f", elapsed * 1000)`],
  }),
  // a database pool's own register_connection (the call rule needs a manager import to fire)
  registerConnection: (r) => ({
    imports: [],
    body: [
      '', '', `class ${camel(r.pick(NOUNS))}ConnectionPool:`, '    """A pool of database connections, not websockets."""', '',
      '    def __init__(self, backend: Any) -> None:', '        self._backend = backend', '',
      '    def checkout(self, dsn: str) -> Any:', '        connection = self._backend.connect(dsn)', '        self._backend.register_connection(connection)', '        return connection',
    ],
  }),
  // other names from the legacy package (they stay), next to a note about the one that moved
  otherNames: () => ({
    imports: [`from ${CORE} import MessageRouter`],
    body: ['', '', 'def router_for(handlers: List[Any]) -> MessageRouter:', '    """Route messages to `handlers`; the WebSocketManager delivers them."""', '    router = MessageRouter()', '    for handler in handlers:', '        router.add_handler(handler)', '    return router'],
  }),
  // a local record type that happens to share a moved class's name
  localClass: () => ({
    imports: [],
    body: ['', '', '@dataclass', 'class WebSocketConnection:', '    """A row of the connections table (the audit log), not the manager\'s class."""', '', '    connection_id: str', '    user_id: str', '    opened_at: float = 0.0'],
  }),
  // already migrated: the canonical import and factory
  canonical: () => CANONICAL_USE,
  // a test patching the canonical module
  canonicalPatch: (r) => ({
    imports: [],
    body: ['', '', `def test_${r.pick(VERBS)}_uses_canonical_manager() -> None:`, `    with patch("${CORE}.websocket_manager.get_websocket_manager") as fake:`, '        fake.return_value = None', '        assert fake.call_count == 0'],
  }),
};
const MENTION_NAMES = Object.keys(MENTIONS);

/**
 * One or two mentions, their imports and bodies joined. `importsWebsocketCore`: the module imports from the
 * websocket_core package already; then, as when a mention imports from it, it holds no register_connection.
 */
export function legacyMentions(r: Random, importsWebsocketCore: boolean): Mention {
  const out: Mention = { imports: [], body: [] };
  const names = r.some(MENTION_NAMES, 1, 2);
  // The call rule renames `x.register_connection(…)` in a file that imports websocket_core or any module of it (its
  // `whenImported`): a pool's own method is left alone only where nothing of it is imported.
  const imported = importsWebsocketCore || names.some((n) => n === 'otherNames' || n === 'canonical');
  for (const name of imported ? names.filter((n) => n !== 'registerConnection') : names) {
    const m = MENTIONS[name]!(r);
    out.imports.push(...m.imports);
    out.body.push(...m.body);
  }
  return out;
}

/** TypeScript that already imports the canonical service (its specifier is a needle: parsed, nothing to change). */
export function tsCanonicalImport(r: Random): string[] {
  return r.chance(0.5)
    ? [`import { getClient, type ConnectionState } from '@/services/webSocketService';`]
    : [`import { createWebSocketService } from '@/services/webSocketService';`];
}
