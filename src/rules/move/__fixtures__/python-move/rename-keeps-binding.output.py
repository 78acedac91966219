from netra_backend.app.websocket_core.websocket_manager import (
    WebSocketManager,
    WebSocketManager as UWM,
    WebSocketConnection,
)

m = WebSocketManager()
n = UWM()
