from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as UnifiedWebSocketManager
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as UWM, WebSocketConnection

m = UnifiedWebSocketManager()
n = UWM()
