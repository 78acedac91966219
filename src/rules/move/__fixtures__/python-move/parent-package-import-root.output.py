# A moved name reached through a parent package imported by its root (`import a` … `a.b.legacy.Name`): the chain
# becomes the canonical name; `import netra_backend` stays (it imports no legacy module, and may be used otherwise).
import netra_backend
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


def make():
    manager = WebSocketManager()
    return WebSocketManager.wrap(manager)


settings = netra_backend.app.config.settings
