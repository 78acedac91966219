WebSocketManager = "module-level, unrelated"


def handler(ctx):
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as UnifiedWebSocketManager

    return UnifiedWebSocketManager(ctx), WebSocketManager
