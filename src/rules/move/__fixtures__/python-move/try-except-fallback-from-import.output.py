# A legacy import only in the `except ImportError:` fallback of a canonical one: the fallback imports the canonical
# name too (harmless), so no legacy import is left behind.
try:
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
except ImportError:
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
