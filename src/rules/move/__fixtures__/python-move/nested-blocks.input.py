def build():
    from netra_backend.app.websocket_core import WebSocketManager, MessageRouter
    return WebSocketManager()

try:
    from netra_backend.app.websocket_core.manager import WebSocketManager
except ImportError:
    WebSocketManager = None
