from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as UnifiedWebSocketManager

__all__ = ["UnifiedWebSocketManager"]
