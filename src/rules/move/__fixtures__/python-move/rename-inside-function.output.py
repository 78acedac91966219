WebSocketManager = "module-level, unrelated"


def handler(ctx):
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

    return WebSocketManager(ctx)


def other():
    return WebSocketManager
