# A moved name reached through a parent package imported by its root (`import a` … `a.b.legacy.Name`): the chain
# becomes the canonical name; `import netra_backend` stays (it imports no legacy module, and may be used otherwise).
import netra_backend


def make():
    manager = netra_backend.app.websocket_core.manager.WebSocketManager()
    return netra_backend.app.websocket_core.unified_manager.UnifiedWebSocketManager.wrap(manager)


settings = netra_backend.app.config.settings
