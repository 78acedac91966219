from netra_backend.app.websocket_core.websocket_manager import (
    WebSocketManager,
    WebSocketConnection,
)

manager = WebSocketManager()
conn = WebSocketConnection()
