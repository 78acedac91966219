from netra_backend.app.websocket_core.websocket_manager import (
    WebSocketConnection,  # connections
    get_websocket_manager,
    WebSocketManager,
)

m = WebSocketManager()
