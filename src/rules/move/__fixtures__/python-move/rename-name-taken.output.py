from netra_backend.app.agents.interfaces import WebSocketManager
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as UnifiedWebSocketManager


def f(m: WebSocketManager) -> UnifiedWebSocketManager:
    return UnifiedWebSocketManager(m)
