import netra_backend.app.websocket_core.unified_manager as um
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


def health():
    manager = WebSocketManager()
    return um.HEALTH_TIMEOUT, manager
