# `import a.b.legacy` (binds `a`) with the module itself used by its full path: `from x.y import canonical` and the
# path becomes `canonical`; the moved name becomes the canonical name; the legacy import goes.
import netra_backend.app.websocket_core.manager

print(netra_backend.app.websocket_core.manager)
manager = netra_backend.app.websocket_core.manager.WebSocketManager()
