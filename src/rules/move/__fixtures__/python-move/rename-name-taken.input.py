from netra_backend.app.agents.interfaces import WebSocketManager
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager


def f(m: WebSocketManager) -> UnifiedWebSocketManager:
    return UnifiedWebSocketManager(m)
