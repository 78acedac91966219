WebSocketManager = "module-level, unrelated"


def handler(ctx):
    from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager

    return UnifiedWebSocketManager(ctx), WebSocketManager
