from netra_backend.app.websocket_core.unified_manager import (
    UnifiedWebSocketManager,
    _UnifiedWebSocketManagerImplementation,
)

m = UnifiedWebSocketManager()
