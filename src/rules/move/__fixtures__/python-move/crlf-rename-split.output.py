from netra_backend.app.websocket_core.unified_manager import (
    _UnifiedWebSocketManagerImplementation,
)
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

m = WebSocketManager()
