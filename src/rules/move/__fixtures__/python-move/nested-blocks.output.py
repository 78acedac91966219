def build():
    from netra_backend.app.websocket_core import MessageRouter
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
    return WebSocketManager()

try:
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
except ImportError:
    WebSocketManager = None
