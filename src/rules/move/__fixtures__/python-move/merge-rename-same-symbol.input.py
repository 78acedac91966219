from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager

a = WebSocketManager()
b = UnifiedWebSocketManager()
