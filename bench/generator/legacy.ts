/**
 * The legacy forms of DOMAIN.md that a generated Python module can hold (each rewritten or reported by the preset's
 * rules), and the canonical (already migrated) use.
 */

import type { Random } from './vocabulary.js';

// Each form yields import lines and code using them.

/** The package most legacy modules live in. */
export const CORE = 'netra_backend.app.websocket_core';

export interface LegacyForm {
  imports: string[];
  /** Module-level code after the imports. */
  body: string[];
  /** Names the imports bind (a file never combines two forms that bind the same name). */
  binds: string[];
}

/** Every legacy form, by name; a legacy file uses one to three of them. */
export const LEGACY_FORMS: Record<string, (r: Random, pkg: string) => LegacyForm> = {
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
export const LEGACY_NAMES = Object.keys(LEGACY_FORMS);

/** A canonical (already migrated) use: parsed by the rules, nothing to change. */
export const CANONICAL_USE = {
  imports: [`from ${CORE}.websocket_manager import WebSocketManager, get_websocket_manager`],
  body: ['', '', 'def manager_for(ctx: Any) -> WebSocketManager:', '    return get_websocket_manager(user_context=ctx)'],
};
