from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager

_manager = UnifiedWebSocketManager()
DEFAULT = UnifiedWebSocketManager(user_context=None)


def per_request(ctx):
    return UnifiedWebSocketManager(user_context=ctx)
