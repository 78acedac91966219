from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager
from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager

_manager = UnifiedWebSocketManager()
DEFAULT = UnifiedWebSocketManager(user_context=None)


def per_request(ctx):
    return get_websocket_manager(user_context=ctx)
