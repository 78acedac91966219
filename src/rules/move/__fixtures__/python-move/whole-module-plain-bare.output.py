# `import a.b.legacy` (binds `a`) with the module itself used by its full path: `from x.y import canonical` and the
# path becomes `canonical`; the moved name becomes the canonical name; the legacy import goes.
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
from netra_backend.app.websocket_core import websocket_manager

print(websocket_manager)
manager = WebSocketManager()
