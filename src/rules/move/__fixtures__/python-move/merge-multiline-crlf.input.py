from netra_backend.app.websocket_core.websocket_manager import (
    WebSocketConnection,  # connections
    get_websocket_manager,
)
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager

m = UnifiedWebSocketManager()
