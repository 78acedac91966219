from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager as UWM, WebSocketConnection

m = UnifiedWebSocketManager()
n = UWM()
